package com.acme.backend.security;

import com.acme.backend.config.VaultFileConfigSource;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * The authentication mode, read once at start from the environment, a system property or server configuration,
 * never from the secrets file: whoever can write a secret must not be able to turn authentication off, not even at
 * the next restart. A change needs a restart, so the start-up warning stays true for the life of the process. A
 * value that names no mode keeps tokens required and makes the {@code auth} readiness check DOWN.
 */
@ApplicationScoped
public class AuthPolicy {

    private static final Logger LOG = Logger.getLogger(AuthPolicy.class.getName());

    private AuthMode mode;
    private Optional<String> misconfiguration;

    @PostConstruct
    void resolve() {
        resolve(configuredValue(ConfigProvider.getConfig(AuthPolicy.class.getClassLoader())));
    }

    void resolve(Optional<String> raw) {
        Optional<AuthMode> parsed = AuthMode.parse(raw.orElse(null));
        mode = parsed.orElse(AuthMode.JWT);
        misconfiguration = parsed.isPresent()
                ? Optional.empty()
                : Optional.of(AuthMode.KEY + " must be jwt or none; tokens stay required");
    }

    /**
     * {@code AUTH_MODE} from the highest-ordinal source that sets it, the secrets file left out; where none does,
     * the local-development default {@code liberty:run} sets ({@link AuthMode#LOCAL_DEFAULT_KEY}), likewise.
     */
    static Optional<String> configuredValue(Config config) {
        return value(config, AuthMode.KEY).or(() -> value(config, AuthMode.LOCAL_DEFAULT_KEY));
    }

    private static Optional<String> value(Config config, String key) {
        for (ConfigSource source : config.getConfigSources()) { // highest ordinal first
            if (source instanceof VaultFileConfigSource) {
                continue;
            }
            String value = source.getValue(key);
            if (value != null) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
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
