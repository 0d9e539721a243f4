package it.com.acme.backend;

import static it.com.acme.backend.support.Problems.assertProblem;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;

import it.com.acme.backend.support.ConsoleLog;
import it.com.acme.backend.support.Http;
import it.com.acme.backend.support.ServerReady;
import it.com.acme.backend.support.Servers;
import it.com.acme.backend.support.Tokens;

/** Request ids: taken from the caller when safe, returned on every answer, and in the JSON log lines of the request. */
@ServerReady
class RequestIdIT {

    private static final URI BASE = Servers.mysql();
    private static final String UUID_FORM = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    private static HttpResponse<String> get(String path, String requestId) {
        return Http.send(BASE, "GET", path, Http.bearer(Tokens.caller(), Map.of("X-Request-Id", requestId)),
                BodyPublishers.noBody());
    }

    @Test
    void aSafeIdIsReturnedAndPutInTheProblem() {
        String id = "it-" + UUID.randomUUID();
        HttpResponse<String> response = get("/api/users/0", id);
        assertEquals(id, response.headers().firstValue("X-Request-Id").orElse(null));
        assertEquals(id, assertProblem(response, 404, "urn:problem:not-found").getString("requestId"));

        HttpResponse<String> outsideJaxRs = get("/nowhere", id);
        assertEquals(id, assertProblem(outsideJaxRs, 404, "urn:problem:not-found").getString("requestId"),
                "errors outside JAX-RS carry it too");
    }

    @Test
    void anUnsafeOrMissingIdIsReplaced() {
        for (String offered : new String[] {"bad id!", "x".repeat(129), "<script>", "a\tb"}) {
            String returned = get("/api/users?limit=1", offered).headers().firstValue("X-Request-Id").orElseThrow();
            assertTrue(returned.matches(UUID_FORM), offered + " -> " + returned);
        }
        String first = Http.get(BASE, "/api/health/live").headers().firstValue("X-Request-Id").orElseThrow();
        String second = Http.get(BASE, "/api/health/live").headers().firstValue("X-Request-Id").orElseThrow();
        assertTrue(first.matches(UUID_FORM));
        assertNotEquals(first, second);
    }

    @Test
    void theRequestsLogLinesCarryIt() throws Exception {
        List<String> sent = new ArrayList<>();
        JsonObject message = ConsoleLog.lineLoggedWhileServing(BASE, "/api/users?limit=1&email=private@example.com",
                () -> {
                    String id = "rid-" + UUID.randomUUID();
                    sent.add(id);
                    return Http.bearer(Tokens.caller(), Map.of("X-Request-Id", id));
                });
        assertEquals("liberty_message", message.getString("type"));
        String id = message.getString("ext_requestId");
        assertTrue(sent.contains(id), "the id of the request that logged it: " + message);

        await().atMost(Duration.ofSeconds(5)).until(() -> ConsoleLog.first("liberty_accesslog", id).isPresent());
        JsonObject access = ConsoleLog.first("liberty_accesslog", id).orElseThrow();
        assertEquals(id, access.getString("ibm_responseHeader_x-request-id"));
        assertEquals("GET", access.getString("ibm_requestMethod"));
        assertEquals("/api/users", access.getString("ibm_uriPath"));
        assertEquals(200, access.getInt("ibm_responseCode"));
        assertTrue(access.containsKey("ibm_requestElapsedTime"));
        assertFalse(access.toString().contains("private@example.com"), "no query string: " + access);
    }
}
