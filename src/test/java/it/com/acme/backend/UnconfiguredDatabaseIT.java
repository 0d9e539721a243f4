package it.com.acme.backend;

import static it.com.acme.backend.support.Problems.assertProblem;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.com.acme.backend.support.HealthChecks;
import it.com.acme.backend.support.Http;
import it.com.acme.backend.support.Servers;
import it.com.acme.backend.support.Tokens;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * DB_KIND=mysql with no DB_HOST anywhere: the service starts and stays live, readiness is DOWN with a clear
 * reason, and the API answers 503; it never falls back to the embedded database.
 */
class UnconfiguredDatabaseIT {

    private static final URI BASE = Servers.unconfigured();

    @Test
    void startsLiveButNotReadyAndSaysWhy() {
        await().atMost(Duration.ofSeconds(90))
                .until(() -> Http.get(BASE, "/api/health/live").statusCode() == 200);
        HttpResponse<String> ready = Http.get(BASE, "/api/health/ready");
        assertEquals(503, ready.statusCode());
        JsonObject database = HealthChecks.diagnostics(BASE, "database");
        assertEquals("DOWN", database.getString("status"));
        assertEquals(
                "not configured: DB_HOST is not set (DB_KIND=mysql needs it)",
                database.getJsonObject("data").getString("reason"));
    }

    @Test
    void aRequiredSecretsFileThatNeverCameKeepsReadinessDown() {
        await().atMost(Duration.ofSeconds(90))
                .until(() -> Http.get(BASE, "/api/health/live").statusCode() == 200);
        JsonObject config = HealthChecks.diagnostics(BASE, "config");
        assertEquals("DOWN", config.getString("status"));
        assertEquals(false, config.getJsonObject("data").getBoolean("present"));
        assertEquals(true, config.getJsonObject("data").getBoolean("required"));
    }

    @Test
    void apiAnswers503NotTheEmbeddedDatabase() {
        await().atMost(Duration.ofSeconds(90))
                .until(() -> Http.get(BASE, "/api/health/live").statusCode() == 200);
        HttpResponse<String> users = Http.get(BASE, "/api/users", Tokens.caller());
        assertProblem(users, 503, "urn:problem:service-unavailable");
        assertTrue(users.headers().firstValue("Retry-After").isPresent());
    }
}
