package it.com.acme.backend;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest.BodyPublishers;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;

import it.com.acme.backend.support.ConsoleLog;
import it.com.acme.backend.support.Http;
import it.com.acme.backend.support.ServerReady;
import it.com.acme.backend.support.Servers;
import it.com.acme.backend.support.Tokens;

/**
 * OpenTelemetry on the server on MySQL, configured as the entrypoint configures it when a collector is set: an
 * incoming traceparent is continued, the trace is exported over OTLP (to the fixture's stand-in collector), and log
 * lines of the request carry the trace id.
 */
@ServerReady
class TelemetryIT {

    private static final URI BASE = Servers.mysql();
    private static final URI COLLECTOR = URI.create("http://127.0.0.1:" + System.getProperty("it.otlp.port", "13309"));

    private static String newTraceId() {
        byte[] id = new byte[16];
        ThreadLocalRandom.current().nextBytes(id);
        id[0] |= 1; // never all zeros
        return HexFormat.of().formatHex(id);
    }

    private static Map<String, String> traced(String traceId) {
        return Http.bearer(Tokens.caller(), Map.of("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01"));
    }

    private static boolean exported(String traceId) {
        return Http.get(COLLECTOR, "/received?traceId=" + traceId).body().equals("true");
    }

    @Test
    void anIncomingTraceIsContinuedAndExported() {
        String traceId = newTraceId();
        assertEquals(200, Http.send(BASE, "GET", "/api/users?limit=1", traced(traceId), BodyPublishers.noBody())
                .statusCode());
        await("the span of trace " + traceId + " at the collector").atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(250)).until(() -> exported(traceId));
    }

    @Test
    void logLinesOfTheRequestCarryTheTraceId() throws Exception {
        String traceId = newTraceId();
        JsonObject message = ConsoleLog.lineLoggedWhileServing(BASE, "/api/users?limit=1", () -> traced(traceId));
        assertEquals(traceId, message.getString("ext_traceId", null), message.toString());
        assertTrue(message.containsKey("ext_requestId"));
    }
}
