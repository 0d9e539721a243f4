package it.com.acme.backend;

import static it.com.acme.backend.support.Problems.assertProblem;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import it.com.acme.backend.support.Http;
import it.com.acme.backend.support.SecretsFile;
import it.com.acme.backend.support.ServerReady;
import it.com.acme.backend.support.Servers;
import it.com.acme.backend.support.Tokens;

/** CORS follows FRONTEND_URL in the secrets file, live: exact origins only, preflights answered. */
@ServerReady
class CorsIT {

    private static final URI BASE = Servers.mysql();

    @AfterAll
    static void restore() throws Exception {
        SecretsFile.renderWith("FRONTEND_URL", null);
    }

    private static Optional<String> allowOrigin(String origin) {
        HttpResponse<String> response = Http.send(BASE, "GET", "/api/users?limit=1",
                Http.bearer(Tokens.caller(), Map.of("Origin", origin)), BodyPublishers.noBody());
        assertEquals(200, response.statusCode());
        return response.headers().firstValue("Access-Control-Allow-Origin");
    }

    @Test
    void followsFrontendUrlWithoutRestart() throws Exception {
        SecretsFile.renderWith("FRONTEND_URL", "https://app.example.com");
        await().atMost(Duration.ofSeconds(5)).until(() -> allowOrigin("https://app.example.com").isPresent());
        assertEquals(Optional.of("https://app.example.com"), allowOrigin("https://app.example.com"));
        assertEquals(Optional.empty(), allowOrigin("https://evil.example.com"));
        HttpResponse<String> response = Http.send(BASE, "GET", "/api/users?limit=1",
                Http.bearer(Tokens.caller(), Map.of("Origin", "https://app.example.com")), BodyPublishers.noBody());
        assertTrue(response.headers().firstValue("Access-Control-Expose-Headers").orElse("").contains("X-Total-Count"));
        assertTrue(response.headers().allValues("Vary").stream().anyMatch(v -> v.contains("Origin")));

        SecretsFile.renderWith("FRONTEND_URL", "https://a.example, https://b.example:8443");
        await().atMost(Duration.ofSeconds(5)).until(() -> allowOrigin("https://b.example:8443").isPresent());
        assertEquals(Optional.of("https://a.example"), allowOrigin("https://a.example"));
        assertEquals(Optional.empty(), allowOrigin("https://app.example.com"), "the old origin is no longer allowed");
    }

    @Test
    void nullAndMalformedOriginsAreNotAllowedAndNotAnError() throws Exception {
        SecretsFile.renderWith("FRONTEND_URL", "https://app.example.com");
        await().atMost(Duration.ofSeconds(5)).until(() -> allowOrigin("https://app.example.com").isPresent());
        assertEquals(Optional.empty(), allowOrigin("null"));
        assertEquals(Optional.empty(), allowOrigin("::not a url::"));
        HttpResponse<String> noOrigin = Http.get(BASE, "/api/users?limit=1", Tokens.caller());
        assertTrue(noOrigin.headers().allValues("Vary").stream().anyMatch(v -> v.contains("Origin")),
                "Vary: Origin also without an Origin, for shared caches");
    }

    @Test
    void preflightsAreAnsweredForAllowedOriginsOnly() throws Exception {
        SecretsFile.renderWith("FRONTEND_URL", "https://app.example.com");
        await().atMost(Duration.ofSeconds(5)).until(() -> allowOrigin("https://app.example.com").isPresent());
        HttpResponse<String> allowed = Http.send(BASE, "OPTIONS", "/api/users/1",
                Map.of("Origin", "https://app.example.com", "Access-Control-Request-Method", "PUT",
                        "Access-Control-Request-Headers", "content-type, if-match"), BodyPublishers.noBody());
        assertEquals(204, allowed.statusCode());
        assertEquals("https://app.example.com", allowed.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
        assertTrue(allowed.headers().firstValue("Access-Control-Allow-Methods").orElseThrow().contains("PUT"));
        assertTrue(allowed.headers().firstValue("Access-Control-Allow-Headers").orElseThrow().contains("If-Match"));

        HttpResponse<String> refused = Http.send(BASE, "OPTIONS", "/api/users/1",
                Map.of("Origin", "https://evil.example.com", "Access-Control-Request-Method", "DELETE"),
                BodyPublishers.noBody());
        assertProblem(refused, 403, "urn:problem:forbidden");
        assertTrue(refused.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
    }
}
