package com.acme.backend.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Optional;

import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

import com.acme.backend.config.VaultFileConfigSource;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

class AuthPolicyTest {

    /** A secrets file that says AUTH_MODE=none and ranks itself above everything (config_ordinal). */
    private static VaultFileConfigSource secretsFileSayingNone() {
        return new VaultFileConfigSource() {
            @Override
            public String getValue(String propertyName) {
                return AuthMode.KEY.equals(propertyName) ? "none" : null;
            }

            @Override
            public int getOrdinal() {
                return 900;
            }
        };
    }

    @Test
    void theSecretsFileCannotSetTheMode() {
        Config withEnvironment = new SmallRyeConfigBuilder().withSources(secretsFileSayingNone(),
                new PropertiesConfigSource(Map.of(AuthMode.KEY, "jwt"), "environment", 300)).build();
        assertEquals(Optional.of("jwt"), AuthPolicy.configuredValue(withEnvironment));

        Config fileOnly = new SmallRyeConfigBuilder().withSources(secretsFileSayingNone()).build();
        assertEquals(Optional.empty(), AuthPolicy.configuredValue(fileOnly), "so the default, jwt, applies");

        Config explicitNone = new SmallRyeConfigBuilder().withSources(secretsFileSayingNone(),
                new PropertiesConfigSource(Map.of(AuthMode.KEY, "none"), "system properties", 400)).build();
        assertEquals(Optional.of("none"), AuthPolicy.configuredValue(explicitNone));
    }

    /** liberty:run's default (none, as a bootstrap property) applies only where nothing sets AUTH_MODE. */
    @Test
    void anExplicitModeOutranksTheLocalDevelopmentDefault() {
        PropertiesConfigSource localRun = new PropertiesConfigSource(Map.of(AuthMode.LOCAL_DEFAULT_KEY, "none"),
                "bootstrap.properties", 400);
        Config defaultOnly = new SmallRyeConfigBuilder().withSources(localRun).build();
        assertEquals(Optional.of("none"), AuthPolicy.configuredValue(defaultOnly));

        Config explicitJwt = new SmallRyeConfigBuilder().withSources(localRun,
                new PropertiesConfigSource(Map.of(AuthMode.KEY, "jwt"), "environment", 300)).build();
        assertEquals(Optional.of("jwt"), AuthPolicy.configuredValue(explicitJwt), "AUTH_MODE=jwt ./mvnw liberty:run");

        VaultFileConfigSource fileSayingNone = new VaultFileConfigSource() {
            @Override
            public String getValue(String propertyName) {
                return AuthMode.LOCAL_DEFAULT_KEY.equals(propertyName) ? "none" : null;
            }
        };
        Config fileOnly = new SmallRyeConfigBuilder().withSources(fileSayingNone).build();
        assertEquals(Optional.empty(), AuthPolicy.configuredValue(fileOnly), "the secrets file cannot set it either");
    }
}
