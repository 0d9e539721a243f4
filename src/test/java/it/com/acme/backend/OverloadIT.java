package it.com.acme.backend;

import static it.com.acme.backend.support.Problems.assertProblem;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.acme.backend.client.NewUser;
import com.acme.backend.client.User;

import it.com.acme.backend.support.Http;
import it.com.acme.backend.support.Servers;
import it.com.acme.backend.support.TestDatabase;
import it.com.acme.backend.support.Tokens;

/**
 * More requests than connections while the database is stuck (an administrator's table lock): every pooled
 * connection is busy, the rest of the requests wait for one at most DB_POOL_WAIT (5 s) and get a 503 problem with
 * Retry-After; the stuck ones give up at the socket timeout (3 s in the test server) after EclipseLink's retries.
 * Nothing queues without bound,
 * nothing is a 500, and the service serves normally once the lock is gone.
 */
class OverloadIT {

    private static final URI BASE = Servers.mysql();
    private static final int REQUESTS = 60; // three times the pool (DB_POOL_MAX 20)
    /**
     * The pool wait (5 s), then the socket timeout (3 s) on a connection that hangs, which EclipseLink retries on a
     * fresh connection up to 3 times a second apart (a read that lost its connection, as in a failover), plus slack.
     */
    private static final Duration BOUND = Duration.ofSeconds(5 + 4 * (3 + 1) + 4);

    @Test
    void requestsBeyondThePoolWaitABoundedTimeThenGet503() throws Exception {
        Servers.awaitReady(BASE);
        long id = Servers.users(BASE, Tokens.caller())
                .create(new NewUser("Overload", "overload-" + System.nanoTime() + "@example.com"))
                .readEntity(User.class).id();
        ExecutorService clients = Executors.newFixedThreadPool(REQUESTS);
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        List<Duration> took = Collections.synchronizedList(new ArrayList<>());
        try (Connection admin = TestDatabase.connect(); Statement sql = admin.createStatement()) {
            sql.execute("LOCK TABLES users WRITE, user_changes WRITE");
            try {
                CountDownLatch start = new CountDownLatch(1);
                for (int i = 0; i < REQUESTS; i++) {
                    answers.add(clients.submit(() -> {
                        start.await();
                        long begin = System.nanoTime();
                        HttpResponse<String> response = Http.get(BASE, "/api/users/" + id, Tokens.caller());
                        took.add(Duration.ofNanos(System.nanoTime() - begin));
                        return response;
                    }));
                }
                start.countDown();
                // The lock outlasts every request's bound: each must end on its own timeouts.
                for (Future<HttpResponse<String>> answer : answers) {
                    answer.get(BOUND.toSeconds() + 30, TimeUnit.SECONDS);
                }
            } finally {
                sql.execute("UNLOCK TABLES");
            }
        } finally {
            clients.shutdownNow();
        }

        Map<Integer, Integer> statuses = new TreeMap<>();
        for (Future<HttpResponse<String>> answer : answers) {
            HttpResponse<String> response = answer.get();
            statuses.merge(response.statusCode(), 1, Integer::sum);
            if (response.statusCode() != 200) {
                assertProblem(response, 503, "urn:problem:service-unavailable");
                assertTrue(response.headers().firstValue("Retry-After").isPresent(), "Retry-After");
            }
        }
        Duration longest = took.stream().max(Duration::compareTo).orElseThrow();
        System.out.println("[overload] " + REQUESTS + " requests on a locked table: " + statuses + ", longest "
                + longest.toMillis() + " ms");
        assertTrue(statuses.getOrDefault(503, 0) > 0, "some requests found no connection: " + statuses);
        assertTrue(longest.compareTo(BOUND) < 0, "every request answered within " + BOUND + ": " + longest);
        assertEquals(200, Http.get(BASE, "/api/health/live").statusCode(), "liveness stays UP");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertEquals(200, Http.get(BASE, "/api/users/" + id, Tokens.caller()).statusCode()));
    }
}
