package it.com.acme.backend;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import it.com.acme.backend.support.Http;
import it.com.acme.backend.support.PrometheusText;
import it.com.acme.backend.support.PrometheusText.Sample;
import it.com.acme.backend.support.SecretsFile;
import it.com.acme.backend.support.ServerReady;
import it.com.acme.backend.support.Servers;
import it.com.acme.backend.support.TestDatabase;
import it.com.acme.backend.support.Tokens;

/** /metrics read strictly as Prometheus text: request, config and in-flight metrics move as they should. */
@ServerReady
class MetricsIT {

    private static final URI BASE = Servers.mysql();
    private static final String REQUESTS = "http_server_request_duration_seconds_count";

    @AfterAll
    static void restore() throws Exception {
        SecretsFile.renderWith("METRICS_IT_MARKER", null);
    }

    private static List<Sample> scrape() {
        HttpResponse<String> response = Http.metrics(BASE, Http.bearer(Tokens.withGroups("ops")));
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        return PrometheusText.parse(response.body());
    }

    private static double value(String name, Map<String, String> labels) {
        return PrometheusText.sum(scrape(), name, labels);
    }

    @Test
    void theWholeExpositionIsValidPrometheusText() {
        List<Sample> samples = scrape();
        assertTrue(samples.size() > 50, "JVM, pool, request and application metrics: " + samples.size());
        assertEquals(0, PrometheusText.sum(samples, "http_server_active_requests", Map.of()), 0.0001,
                "no request to the application in flight while it is idle (scrapes go to Liberty's endpoint)");
        for (String name : new String[] {"jvm_uptime_seconds", "http_server_active_requests", "config_keys",
                "connectionpool_managedConnections", "auth_rejections_total"}) {
            assertTrue(samples.stream().anyMatch(s -> s.name().equals(name)), name + " is exposed");
        }
    }

    @Test
    void requestsAreCountedPerRouteTemplateNeverPerRawPath() {
        Map<String, String> route = Map.of("http_route", "/api/users/{id}", "http_request_method", "GET");
        double before = value(REQUESTS, route);
        for (int i = 0; i < 3; i++) {
            Http.get(BASE, "/api/users/" + (900_000 + i), Tokens.caller());
        }
        // Liberty records a request once its response is written: wait for it, boundedly.
        await().atMost(Duration.ofSeconds(5)).until(() -> value(REQUESTS, route) >= before + 3);
        assertEquals(before + 3, value(REQUESTS, route), 0.0001, "three more GET /api/users/{id}");
        List<Sample> samples = scrape();
        assertTrue(samples.stream().filter(s -> s.name().equals(REQUESTS))
                .anyMatch(s -> "404".equals(s.labels().get("http_response_status_code"))), "labelled by status");
        assertFalse(samples.stream().flatMap(s -> s.labels().values().stream()).anyMatch(v -> v.contains("90000")),
                "no raw path, no id in any label");
    }

    @Test
    void configMetricsMoveWithAReload() throws Exception {
        Map<String, String> success = Map.of("result", "success");
        double reloads = value("config_reloads_total", success);
        double lastSuccess = value("config_last_success_timestamp_seconds", Map.of());
        SecretsFile.renderWith("METRICS_IT_MARKER", UUID.randomUUID().toString());
        await().atMost(Duration.ofSeconds(10)).until(() -> value("config_reloads_total", success) > reloads);
        assertTrue(value("config_last_success_timestamp_seconds", Map.of()) > lastSuccess);
        assertEquals(SecretsFile.read().size(), (int) value("config_keys", Map.of()));

        Path heartbeat = TestDatabase.secretsFile().resolveSibling("heartbeat");
        try {
            assertTrue(Double.isNaN(value("config_freshness_seconds", Map.of())), "no heartbeat yet: unknown");
            Files.writeString(heartbeat, "RENDERED_AT=now\n");
            double freshness = value("config_freshness_seconds", Map.of());
            assertTrue(freshness >= 0 && freshness < 60, "seconds since the last render: " + freshness);
        } finally {
            Files.deleteIfExists(heartbeat);
        }
    }
}
