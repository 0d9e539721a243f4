package com.acme.backend.security;

import java.util.Optional;
import java.util.logging.Logger;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The authentication mode, read once at start: a change needs a restart, so that a file write alone never turns
 * authentication off and the start-up warning stays true for the life of the process. A value that names no
 * mode keeps tokens required and makes the {@code auth} readiness check DOWN.
 */
@ApplicationScoped
public class AuthPolicy {

    private static final Logger LOG = Logger.getLogger(AuthPolicy.class.getName());

    private AuthMode mode;
    private Optional<String> misconfiguration;

    @PostConstruct
    void resolve() {
        String raw = ConfigProvider.getConfig(AuthPolicy.class.getClassLoader()).getOptionalValue(AuthMode.KEY, String.class).orElse(null);
        Optional<AuthMode> parsed = AuthMode.parse(raw);
        mode = parsed.orElse(AuthMode.JWT);
        misconfiguration = parsed.isPresent() ? Optional.empty()
                : Optional.of(AuthMode.KEY + " must be jwt or none; tokens stay required");
    }

    void announce(@Observes @Initialized(ApplicationScoped.class) Object event) {
        if (mode == AuthMode.NONE) {
            LOG.warning("BKND0600W: AUTH_MODE=none: authentication is OFF and every request acts with every role."
                    + " Use this for local development only.");
        } else if (misconfiguration.isPresent()) {
            LOG.severe("BKND0601E: " + misconfiguration.get() + ".");
        } else {
            LOG.info("BKND0602I: AUTH_MODE=jwt: protected operations require a bearer token.");
        }
    }

    public AuthMode mode() {
        return mode;
    }

    /** Why the configured mode was not accepted, if it was not. */
    public Optional<String> misconfiguration() {
        return misconfiguration;
    }
}
