package com.acme.backend.security;

/** The roles the API knows. A token carries them in its {@code groups} claim. */
public final class Roles {

    /** Read users. */
    public static final String USERS_READ = "users.read";
    /** Create, change and delete users; implies reading them. */
    public static final String USERS_WRITE = "users.write";
    /** Operators: the full health diagnostics and the other operations endpoints. */
    public static final String OPS = "ops";

    private Roles() {}
}
