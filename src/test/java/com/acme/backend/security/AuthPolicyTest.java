package com.acme.backend.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.acme.backend.config.VaultFileConfigSource;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

class AuthPolicyTest {

    /** MicroProfile Health's response builder, which Liberty provides at run time. */
    @BeforeAll
    static void healthResponses() {
        HealthCheckResponse.setResponseProvider(() -> new HealthCheckResponseBuilder() {
            private String name;
            private boolean up;
            private final Map<String, Object> data = new LinkedHashMap<>();

            @Override
            public HealthCheckResponseBuilder name(String value) {
                name = value;
                return this;
            }

            @Override
            public HealthCheckResponseBuilder withData(String key, String value) {
                data.put(key, value);
                return this;
            }

            @Override
            public HealthCheckResponseBuilder withData(String key, long value) {
                data.put(key, value);
                return this;
            }

            @Override
            public HealthCheckResponseBuilder withData(String key, boolean value) {
                data.put(key, value);
                return this;
            }

            @Override
            public HealthCheckResponseBuilder up() {
                return status(true);
            }

            @Override
            public HealthCheckResponseBuilder down() {
                return status(false);
            }

            @Override
            public HealthCheckResponseBuilder status(boolean value) {
                up = value;
                return this;
            }

            @Override
            public HealthCheckResponse build() {
                return new HealthCheckResponse(name, up ? HealthCheckResponse.Status.UP : HealthCheckResponse.Status.DOWN,
                        data.isEmpty() ? Optional.empty() : Optional.of(Map.copyOf(data)));
            }
        });
    }

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

    @Test
    void anUnknownModeKeepsTokensRequiredAndReadinessDown() {
        AuthPolicy policy = new AuthPolicy();
        policy.resolve(Optional.of("off"));
        assertEquals(AuthMode.JWT, policy.mode());
        assertTrue(policy.misconfiguration().isPresent());

        AuthHealthCheck check = new AuthHealthCheck();
        check.policy = policy;
        HealthCheckResponse response = check.diagnose();
        assertEquals(HealthCheckResponse.Status.DOWN, response.getStatus());
        assertTrue(String.valueOf(response.getData().orElseThrow().get("reason")).contains("AUTH_MODE"));
        assertEquals(HealthCheckResponse.Status.DOWN, check.call().getStatus(), "the public probe says DOWN too");
        assertTrue(check.call().getData().map(Map::isEmpty).orElse(true), "but without the reason");
    }

    @Test
    void noneIsUpWithAWarning() {
        AuthPolicy policy = new AuthPolicy();
        policy.resolve(Optional.of("none"));
        AuthHealthCheck check = new AuthHealthCheck();
        check.policy = policy;
        HealthCheckResponse response = check.diagnose();
        assertEquals(HealthCheckResponse.Status.UP, response.getStatus());
        assertEquals("none", response.getData().orElseThrow().get("mode"));
    }
}
