package com.acme.backend.security;

import java.util.Optional;

/** An {@link AuthPolicy} resolved from a given {@code AUTH_MODE}, for tests of other packages (the auth health check). */
public final class AuthPolicies {

    private AuthPolicies() {
    }

    public static AuthPolicy resolved(String mode) {
        AuthPolicy policy = new AuthPolicy();
        policy.resolve(Optional.of(mode));
        return policy;
    }
}
