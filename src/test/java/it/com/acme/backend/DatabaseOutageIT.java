package it.com.acme.backend;

import static it.com.acme.backend.support.Problems.assertProblem;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.acme.backend.client.NewUser;

import it.com.acme.backend.support.FaultProxyControl;
import it.com.acme.backend.support.Http;
import it.com.acme.backend.support.Servers;
import it.com.acme.backend.support.Tokens;
import it.com.acme.backend.support.UsersApi;

/**
 * The database goes away while the service runs, both ways (connections refused; traffic silently dropped):
 * readiness turns DOWN, the API answers 503 problems with Retry-After within seconds, liveness stays UP, and
 * everything recovers without a restart when the database returns.
 */
class DatabaseOutageIT {

    private static final URI BASE = Servers.mysql();
    private static final Duration DETECT = Duration.ofSeconds(15);
    private static final Duration RECOVER = Duration.ofSeconds(30);
    /** Longest a request may take while the database is gone: pool wait and driver timeouts, not minutes. */
    private static final Duration REQUEST_BOUND = Duration.ofSeconds(12);

    private final UsersApi api = Servers.users(BASE, Tokens.caller());

    @AfterEach
    void restore() {
        FaultProxyControl.pass();
    }

    @Test
    void refusedConnections() {
        outageAndRecovery(FaultProxyControl::refuse);
    }

    @Test
    void silentlyDroppedTraffic() {
        outageAndRecovery(FaultProxyControl::drop);
    }

    private static double databaseErrors() {
        return it.com.acme.backend.support.PrometheusText.sum(it.com.acme.backend.support.PrometheusText.parse(
                Http.metrics(BASE, Http.bearer(Tokens.withGroups("ops"))).body()), "db_errors_total", java.util.Map.of());
    }

    private void outageAndRecovery(Runnable fault) {
        Servers.awaitReady(BASE);
        assertEquals(200, api.list("0", "1").getStatus(), "warm pool before the fault");
        double errorsBefore = databaseErrors();

        fault.run();
        awaitReady(503);
        assertEquals(200, Http.get(BASE, "/api/health/live").statusCode(), "liveness stays UP");
        assertTrue(Http.get(BASE, "/api/health/ready").body().contains("\"DOWN\""));

        // Once readiness says DOWN, every call is a 503 problem, answered within the timeouts: never a 500.
        for (String path : new String[] {"/api/users", "/api/users?offset=0&limit=5", "/api/users/1"}) {
            long start = System.nanoTime();
            HttpResponse<String> response = Http.get(BASE, path, Tokens.caller());
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(took.compareTo(REQUEST_BOUND) < 0, path + " answered within " + REQUEST_BOUND + ", took " + took);
            assertProblem(response, 503, "urn:problem:service-unavailable");
            assertTrue(response.headers().firstValue("Retry-After").isPresent(), "Retry-After");
        }
        assertTrue(databaseErrors() >= errorsBefore + 3, "each failed request counted in db_errors_total");
        HttpResponse<String> write = Http.send(BASE, "POST", "/api/users",
                Http.bearer(Tokens.caller(), java.util.Map.of("Content-Type", "application/json")),
                java.net.http.HttpRequest.BodyPublishers
                        .ofString("{\"name\":\"During outage\",\"email\":\"outage-" + UUID.randomUUID() + "@example.com\"}"));
        assertProblem(write, 503, "urn:problem:service-unavailable");
        assertEquals(200, Http.get(BASE, "/api/health/live").statusCode(), "liveness stays UP");

        FaultProxyControl.pass();
        awaitReady(200);
        await().atMost(RECOVER).untilAsserted(() ->
                assertEquals(201, api.create(new NewUser("After outage", "after-" + UUID.randomUUID() + "@example.com"))
                        .getStatus()));
    }

    private static void awaitReady(int status) {
        await().atMost(status == 200 ? RECOVER : DETECT).pollInterval(Duration.ofMillis(500))
                .until(() -> Http.get(BASE, "/api/health/ready").statusCode() == status);
    }
}
