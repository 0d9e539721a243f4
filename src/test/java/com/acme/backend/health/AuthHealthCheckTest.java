package com.acme.backend.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.acme.backend.security.AuthMode;
import com.acme.backend.security.AuthPolicies;
import com.acme.backend.security.AuthPolicy;

class AuthHealthCheckTest {

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

    @Test
    void anUnknownModeKeepsTokensRequiredAndReadinessDown() {
        AuthPolicy policy = AuthPolicies.resolved("off");
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
        AuthPolicy policy = AuthPolicies.resolved("none");
        AuthHealthCheck check = new AuthHealthCheck();
        check.policy = policy;
        HealthCheckResponse response = check.diagnose();
        assertEquals(HealthCheckResponse.Status.UP, response.getStatus());
        assertEquals("none", response.getData().orElseThrow().get("mode"));
    }
}
