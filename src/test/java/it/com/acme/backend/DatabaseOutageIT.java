package it.com.acme.backend;

import static it.com.acme.backend.support.Problems.assertProblem;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.acme.backend.client.NewUser;

import it.com.acme.backend.support.FaultProxyControl;
import it.com.acme.backend.support.Http;
import it.com.acme.backend.support.PrometheusText;
import it.com.acme.backend.support.Servers;
import it.com.acme.backend.support.TestDatabase;
import it.com.acme.backend.support.Tokens;
import it.com.acme.backend.support.UsersApi;
import it.com.acme.backend.support.WriteLoad;

/**
 * The database goes away while the service runs under a steady write load, both ways (connections refused; traffic
 * silently dropped): readiness turns DOWN within 10 s, the API answers 503 problems with Retry-After within the
 * timeouts, liveness stays UP, everything recovers without a restart within 10 s of the database's return, and
 * every write that was acknowledged with a 201 is in the database. A write that failed may still have committed
 * (its commit was in flight when the connection went): retried with its Idempotency-Key, it gets 201 (created
 * now, or replayed), never a duplicate.
 */
class DatabaseOutageIT {

    private static final URI BASE = Servers.mysql();
    private static final Duration DETECT = Duration.ofSeconds(10);
    private static final Duration RECOVER = Duration.ofSeconds(10);
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
        return PrometheusText.sum(PrometheusText.parse(
                Http.metrics(BASE, Http.bearer(Tokens.withGroups("ops"))).body()), "db_errors_total", Map.of());
    }

    private void outageAndRecovery(Runnable fault) {
        Servers.awaitReady(BASE);
        try (Response warm = api.list("0", "1")) {
            assertEquals(200, warm.getStatus(), "warm pool before the fault");
        }
        double errorsBefore = databaseErrors();
        WriteLoad load = WriteLoad.start(BASE, 4);
        await().atMost(Duration.ofSeconds(10)).until(() -> load.acknowledged().size() >= 20);

        long faultAt = System.nanoTime();
        fault.run();
        awaitReady(503);
        System.out.printf("[outage] readiness DOWN %d ms after the fault%n", (System.nanoTime() - faultAt) / 1_000_000);
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
                Http.bearer(Tokens.caller(), Map.of("Content-Type", "application/json")),
                HttpRequest.BodyPublishers
                        .ofString("{\"name\":\"During outage\",\"email\":\"outage-" + UUID.randomUUID() + "@example.com\"}"));
        assertProblem(write, 503, "urn:problem:service-unavailable");
        assertEquals(200, Http.get(BASE, "/api/health/live").statusCode(), "liveness stays UP");

        long restoredAt = System.nanoTime();
        FaultProxyControl.pass();
        awaitReady(200);
        await().atMost(RECOVER).untilAsserted(() -> {
            try (Response response =
                         api.create(new NewUser("After outage", "after-" + UUID.randomUUID() + "@example.com"))) {
                assertEquals(201, response.getStatus());
            }
        });
        System.out.printf("[outage] writes succeed again %d ms after the database returned%n",
                (System.nanoTime() - restoredAt) / 1_000_000);
        int acknowledgedAfterRecovery = load.acknowledged().size();
        await().atMost(RECOVER).until(() -> load.acknowledged().size() > acknowledgedAfterRecovery);
        WriteLoad.Result result = load.stop();
        System.out.println("[outage] " + result);

        assertEquals(Set.of(), result.unexpected(), "only 201 and 503 while the database comes and goes");
        assertEquals(Set.of(), missing(result.acknowledged()), "acknowledged writes lost");
        // In doubt: a failed write may have committed. Retried with its Idempotency-Key it gets 201 either way:
        // created now, or (Idempotent-Replayed) the user its first attempt created. Never a duplicate, never a 409.
        int committedInDoubt = 0;
        for (Map.Entry<String, String> failed : result.failed().entrySet()) {
            HttpResponse<String> retry = Http.send(BASE, "POST", "/api/users", Http.bearer(Tokens.caller(),
                    Map.of("Content-Type", "application/json", "Idempotency-Key", failed.getValue())),
                    HttpRequest.BodyPublishers.ofString(
                            "{\"name\":\"Load\",\"email\":\"" + failed.getKey() + "\"}"));
            assertEquals(201, retry.statusCode(), "retry of a failed write: " + retry.body());
            committedInDoubt += retry.headers().firstValue("Idempotent-Replayed").isPresent() ? 1 : 0;
        }
        System.out.printf("[outage] %d failed writes retried with their keys: all 201, %d of them had committed%n",
                result.failed().size(), committedInDoubt);
        assertEquals(Set.of(), missing(result.failed().keySet()), "retried writes stored");
    }

    /** The acknowledged emails that are not in the database, read directly (not through the service). */
    private static Set<String> missing(Set<String> acknowledged) {
        Set<String> stored = new HashSet<>();
        try (Connection db = TestDatabase.connect();
             PreparedStatement select = db.prepareStatement("SELECT email FROM users WHERE email LIKE ?")) {
            select.setString(1, WriteLoad.PREFIX + "%");
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    stored.add(rows.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new AssertionError("cannot read the test database", e);
        }
        Set<String> lost = new TreeSet<>(acknowledged);
        lost.removeAll(stored);
        return lost;
    }

    private static void awaitReady(int status) {
        await().atMost(status == 200 ? RECOVER : DETECT).pollInterval(Duration.ofMillis(500))
                .until(() -> Http.get(BASE, "/api/health/ready").statusCode() == status);
    }
}
