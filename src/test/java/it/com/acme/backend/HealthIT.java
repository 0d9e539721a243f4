package it.com.acme.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import org.junit.jupiter.api.Test;

import it.com.acme.backend.support.HealthChecks;
import it.com.acme.backend.support.Http;
import it.com.acme.backend.support.ServerReady;
import it.com.acme.backend.support.Servers;
import it.com.acme.backend.support.TestDatabase;
import it.com.acme.backend.support.Tokens;

/** The health endpoints, in the MicroProfile Health format, on the server on MySQL. */
@ServerReady
class HealthIT {

    private static final URI BASE = Servers.mysql();

    private static Map<String, JsonObject> checks(JsonObject health) {
        return health.getJsonArray("checks").stream().map(JsonValue::asJsonObject)
                .collect(Collectors.toMap(c -> c.getString("name"), c -> c));
    }

    @Test
    void liveIsUpAndDoesNotNeedTheDatabase() {
        HttpResponse<String> response = Http.get(BASE, "/api/health/live");
        assertEquals(200, response.statusCode());
        JsonObject health = Http.json(response.body());
        assertEquals("UP", health.getString("status"));
        assertEquals(Map.of("application", "UP"), checks(health).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().getString("status"))));
    }

    @Test
    void readyChecksTheDatabaseAndSchemaAndTellsOnlyStatuses() {
        HttpResponse<String> response = Http.get(BASE, "/api/health/ready");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("UP", checks(Http.json(response.body())).get("database").getString("status"));
        assertFalse(response.body().contains("\"data\""), "the public probe gives status only: " + response.body());
        JsonObject database = HealthChecks.diagnostics(BASE, "database");
        JsonObject data = database.getJsonObject("data");
        assertEquals("mysql", data.getString("kind"));
        assertEquals("migrated", data.getString("schema"));
        assertTrue(data.getString("product").matches("(?i).*(mysql|mariadb).*|\\d+\\..*"), data.toString());
        assertTrue(data.getJsonNumber("latencyMs").longValue() < 2000);
    }

    @Test
    void fullDiagnosticsHaveVersionUptimeAndDatabaseButNoCredentials() {
        HttpResponse<String> response = Http.get(BASE, "/api/health", Tokens.caller());
        assertEquals(200, response.statusCode(), response.body());
        Map<String, JsonObject> checks = checks(Http.json(response.body()));
        JsonObject application = checks.get("application").getJsonObject("data");
        assertFalse(application.getString("version").isBlank());
        assertTrue(application.containsKey("uptimeSeconds"));
        assertTrue(checks.get("database").getJsonObject("data").getString("target").startsWith("mysql 127.0.0.1:"));
        String body = response.body();
        assertFalse(body.toLowerCase().contains("password"), body);
        assertFalse(body.contains(TestDatabase.applicationPassword()), "the database password leaked: " + body);
    }

    @Test
    void configCheckReportsTheSecretsFileWithoutValues() {
        HttpResponse<String> response = Http.get(BASE, "/api/health", Tokens.caller());
        JsonObject config = checks(Http.json(response.body())).get("config");
        assertEquals("UP", config.getString("status"));
        JsonObject data = config.getJsonObject("data");
        assertTrue(data.getBoolean("present"));
        assertTrue(data.getBoolean("required"));
        assertTrue(data.getBoolean("watching"));
        assertTrue(data.getInt("keys") >= 3, "DB_USER, DB_PASSWORD and SHADOWED_EXAMPLE at least");
        assertEquals("SHADOWED_EXAMPLE", data.getString("shadowed"), "only the key the environment also sets");
        assertEquals(0, data.getInt("failureCount"));
        assertTrue(data.getString("file").endsWith("app.env"));
        assertEquals("absent", data.getString("heartbeat"), "no Vault Agent in this test: no heartbeat file");
        assertFalse(response.body().contains(TestDatabase.applicationPassword()));
    }

    @Test
    void aShadowedKeyIsWarnedAboutOnce() throws Exception {
        Http.get(BASE, "/api/health", Tokens.caller());
        long first = shadowWarnings();
        Http.get(BASE, "/api/health", Tokens.caller());
        Http.get(BASE, "/api/health", Tokens.caller());
        assertTrue(first >= 1, "the shadowed key was warned about");
        assertEquals(first, shadowWarnings(), "and only once");
    }

    private static long shadowWarnings() throws IOException {
        return Files.readAllLines(Path.of(System.getProperty("it.server.log"))).stream()
                .filter(l -> l.contains("BKND0306W: SHADOWED_EXAMPLE")).count();
    }

    @Test
    void heartbeatAgeTellsWhetherSecretsAreFresh() throws Exception {
        Path heartbeat = TestDatabase.secretsFile().resolveSibling("heartbeat");
        try {
            Files.writeString(heartbeat, "RENDERED_AT=now\n");
            JsonObject fresh = checks(Http.json(Http.get(BASE, "/api/health", Tokens.caller()).body())).get("config").getJsonObject("data");
            assertTrue(fresh.getInt("heartbeatAgeSeconds") < 60, fresh.toString());
            assertFalse(fresh.getBoolean("stale"));

            Files.setLastModifiedTime(heartbeat,
                    FileTime.from(Instant.now().minusSeconds(600)));
            HttpResponse<String> response = Http.get(BASE, "/api/health", Tokens.caller());
            JsonObject stale = checks(Http.json(response.body())).get("config").getJsonObject("data");
            assertTrue(stale.getBoolean("stale"), stale.toString());
            assertTrue(stale.getInt("heartbeatAgeSeconds") >= 600);
            assertEquals(200, Http.get(BASE, "/api/health/ready").statusCode(), "stale secrets still serve");
        } finally {
            Files.deleteIfExists(heartbeat);
        }
    }

    @Test
    void libertysOwnHealthEndpointsWork() {
        for (String path : new String[] {"/health", "/health/live", "/health/ready", "/health/started"}) {
            HttpResponse<String> response = Http.get(BASE, path);
            assertEquals(200, response.statusCode(), path + ": " + response.body());
            assertEquals("UP", Http.json(response.body()).getString("status"), path);
            assertFalse(response.body().contains("mysql") || response.body().contains("app.env"),
                    "public: no diagnostics in " + path + ": " + response.body());
        }
        assertTrue(checks(Http.json(Http.get(BASE, "/health/started").body())).containsKey("startup"));
    }
}
