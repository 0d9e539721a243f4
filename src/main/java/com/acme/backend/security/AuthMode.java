package com.acme.backend.security;

import java.util.Locale;
import java.util.Optional;

/**
 * {@code AUTH_MODE}: {@code jwt} (the default) requires a bearer token on every protected operation; {@code none}
 * lets every request act with every role, for local development only.
 */
public enum AuthMode {
    JWT,
    NONE;

    public static final String KEY = "AUTH_MODE";
    /**
     * The mode when {@link #KEY} is set nowhere: {@code liberty:run} puts {@code none} here, in its server's
     * bootstrap.properties. A property of its own, not {@code AUTH_MODE} itself, because bootstrap properties outrank
     * the environment: {@code AUTH_MODE=jwt ./mvnw liberty:run} must get tokens.
     */
    public static final String LOCAL_DEFAULT_KEY = "backend.dev.AUTH_MODE";

    /** The mode a configured value names; empty for a value that names none, which must not fall back to none. */
    public static Optional<AuthMode> parse(String value) {
        if (value == null || value.isBlank()) {
            return Optional.of(JWT);
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "jwt" -> Optional.of(JWT);
            case "none" -> Optional.of(NONE);
            default -> Optional.empty();
        };
    }

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
