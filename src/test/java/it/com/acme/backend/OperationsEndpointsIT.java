package it.com.acme.backend;

import static it.com.acme.backend.support.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import it.com.acme.backend.fixture.IdentityProvider;
import it.com.acme.backend.support.HealthChecks;
import it.com.acme.backend.support.Http;
import it.com.acme.backend.support.ServerReady;
import it.com.acme.backend.support.Servers;
import it.com.acme.backend.support.TokenHygiene;
import it.com.acme.backend.support.Tokens;

/** Who may read the operations endpoints: probes are public, diagnostics and metrics need the ops role. */
@ExtendWith(TokenHygiene.class)
@ServerReady
class OperationsEndpointsIT {

    private static final URI BASE = Servers.mysql();

    @Test
    void probesArePublicAndGiveStatusesOnly() {
        for (String path : new String[] {"/api/health/live", "/api/health/ready", "/api/health/started", "/health/live",
                "/health/ready", "/health/started"}) {
            HttpResponse<String> response = Http.get(BASE, path);
            assertEquals(200, response.statusCode(), path);
            JsonObject health = Http.json(response.body());
            assertEquals("UP", health.getString("status"));
            health.getJsonArray("checks").forEach(check -> assertTrue(
                    check.asJsonObject().getOrDefault("data", JsonObject.EMPTY_JSON_OBJECT).asJsonObject().isEmpty(),
                    path + " gives no diagnostics: " + response.body()));
        }
    }

    @Test
    void fullDiagnosticsNeedTheOpsRole() {
        assertProblem(Http.get(BASE, "/api/health"), 401, "urn:problem:unauthorized");
        assertProblem(Http.get(BASE, "/api/health", Tokens.withGroups("users.write")), 403, "urn:problem:forbidden");
        HttpResponse<String> ops = Http.get(BASE, "/api/health", Tokens.withGroups("ops"));
        assertEquals(200, ops.statusCode(), ops.body());
        assertTrue(ops.body().contains("\"data\""), "diagnostics for operators");
    }

    @Test
    void theAuthCheckShowsTheModeAndTheIdentityProvider() {
        JsonObject auth = HealthChecks.diagnostics(BASE, "auth");
        assertEquals("UP", auth.getString("status"));
        assertEquals("jwt", auth.getJsonObject("data").getString("mode"));
        assertEquals(IdentityProvider.ISSUER, auth.getJsonObject("data").getString("issuer"));
    }

    @Test
    void metricsNeedTheOpsRole() {
        HttpResponse<String> ops = Http.metrics(BASE, Http.bearer(Tokens.withGroups("ops")));
        assertEquals(200, ops.statusCode());
        assertTrue(ops.body().contains("http_server_request_duration_seconds"), "Prometheus text");
        // Liberty's own answers (its endpoint, not a problem).
        assertEquals(401, Http.metrics(BASE, Map.of()).statusCode(), "anonymous");
        assertEquals(403, Http.metrics(BASE, Http.bearer(Tokens.withGroups("users.write"))).statusCode(),
                "a token without ops");
        assertEquals(401, Http.metrics(BASE, Http.bearer(Tokens.claims("ops").issuer("https://evil.example").sign()))
                .statusCode(), "ops from another issuer");
        assertEquals(403, Http.get(BASE, "/metrics", Tokens.withGroups("ops")).statusCode(),
                "not over plain HTTP: Liberty serves /metrics to HTTPS requests only");
    }

    @Test
    void refusalsAreCountedInMetrics() {
        long unauthenticated = rejections("unauthenticated");
        long forbidden = rejections("forbidden");
        assertProblem(Http.get(BASE, "/api/users"), 401, "urn:problem:unauthorized");
        assertProblem(Http.get(BASE, "/api/users", Tokens.withGroups("ops")), 403, "urn:problem:forbidden");
        assertEquals(unauthenticated + 1, rejections("unauthenticated"));
        assertEquals(forbidden + 1, rejections("forbidden"));
    }

    private static long rejections(String reason) {
        Matcher value = Pattern
                .compile("auth_rejections_total\\{[^}]*reason=\"" + reason + "\"[^}]*\\} ([0-9.]+)")
                .matcher(Http.metrics(BASE, Http.bearer(Tokens.withGroups("ops"))).body());
        if (!value.find()) {
            throw new AssertionError("auth_rejections_total{reason=" + reason + "} not in /metrics");
        }
        return (long) Double.parseDouble(value.group(1));
    }

    @Test
    void openApiDocumentIsPublicAndDeclaresTheBearerSchemeRolesAndErrors() {
        HttpResponse<String> response = Http.send(BASE, "GET", "/openapi", Map.of("Accept", "application/json"),
                HttpRequest.BodyPublishers.noBody());
        assertEquals(200, response.statusCode());
        JsonObject document = Http.json(response.body());
        JsonObject scheme = document.getJsonObject("components").getJsonObject("securitySchemes").getJsonObject("bearer");
        assertEquals("http", scheme.getString("type"));
        assertEquals("bearer", scheme.getString("scheme"));
        assertEquals("JWT", scheme.getString("bearerFormat"));
        JsonObject paths = document.getJsonObject("paths");
        assertOperation(paths.getJsonObject("/api/users").getJsonObject("get"), "users.read, users.write");
        assertOperation(paths.getJsonObject("/api/users").getJsonObject("post"), "users.write");
        assertOperation(paths.getJsonObject("/api/users/{id}").getJsonObject("delete"), "users.write");
        assertOperation(paths.getJsonObject("/api/health").getJsonObject("get"), "ops");
        JsonObject live = paths.getJsonObject("/api/health/live").getJsonObject("get");
        assertEquals("[{}]", live.getJsonArray("security").toString(), "the probes are public, and say so");
        JsonObject unauthorized = document.getJsonObject("components").getJsonObject("responses")
                .getJsonObject("Unauthorized");
        assertTrue(unauthorized.getJsonObject("content").containsKey("application/problem+json"));
        assertTrue(unauthorized.getJsonObject("headers").containsKey("WWW-Authenticate"));
    }

    private static void assertOperation(JsonObject operation, String roles) {
        assertTrue(operation.getJsonArray("security").getJsonObject(0).containsKey("bearer"), operation.toString());
        assertEquals(roles, operation.getString("x-roles"));
        JsonObject responses = operation.getJsonObject("responses");
        assertEquals("#/components/responses/Unauthorized", responses.getJsonObject("401").getString("$ref"));
        assertEquals("#/components/responses/Forbidden", responses.getJsonObject("403").getString("$ref"));
    }
}
