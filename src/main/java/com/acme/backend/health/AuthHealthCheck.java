package com.acme.backend.health;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import com.acme.backend.security.AuthMode;
import com.acme.backend.security.AuthPolicy;

/**
 * The {@code auth} check: the authentication mode and whether token verification is configured. With
 * {@code jwt}, DOWN until the issuer, the audiences and a key source are set, because until then no caller can be
 * authenticated; with {@code none}, UP with a warning. Read at each call, so settings that arrive in the secrets
 * file are seen at once.
 */
@Readiness
@ApplicationScoped
public class AuthHealthCheck implements DiagnosedCheck {

    static final String ISSUER = "mp.jwt.verify.issuer";
    static final String AUDIENCES = "mp.jwt.verify.audiences";
    static final String KEY_LOCATION = "mp.jwt.verify.publickey.location";
    static final String KEY = "mp.jwt.verify.publickey";
    static final String ALGORITHM = "mp.jwt.verify.publickey.algorithm";

    @Inject
    AuthPolicy policy;

    @Override
    public HealthCheckResponse diagnose() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("auth").withData("mode", policy.mode().configName());
        if (policy.misconfiguration().isPresent()) {
            return response.down().withData("reason", policy.misconfiguration().get()).build();
        }
        if (policy.mode() == AuthMode.NONE) {
            return response.up().withData("warning", "authentication is off (AUTH_MODE=none)").build();
        }
        Config config = ConfigProvider.getConfig(AuthHealthCheck.class.getClassLoader());
        Optional<String> issuer = value(config, ISSUER);
        Optional<String> location = value(config, KEY_LOCATION);
        boolean inlineKey = value(config, KEY).isPresent();
        issuer.ifPresent(value -> response.withData("issuer", value));
        location.ifPresent(value -> response.withData("keys", value));
        if (location.isEmpty() && inlineKey) {
            response.withData("keys", "inline public key");
        }
        value(config, ALGORITHM).ifPresent(value -> response.withData("algorithm", value));
        List<String> missing = new ArrayList<>();
        if (issuer.isEmpty()) {
            missing.add(ISSUER);
        }
        if (value(config, AUDIENCES).isEmpty()) {
            missing.add(AUDIENCES);
        }
        if (location.isEmpty() && !inlineKey) {
            missing.add(KEY_LOCATION + " (or " + KEY + ")");
        }
        if (!missing.isEmpty()) {
            return response.down().withData("reason", "not configured: " + String.join(", ", missing)).build();
        }
        return response.up().build();
    }

    private static Optional<String> value(Config config, String key) {
        return config.getOptionalValue(key, String.class).map(String::strip).filter(v -> !v.isEmpty());
    }
}
