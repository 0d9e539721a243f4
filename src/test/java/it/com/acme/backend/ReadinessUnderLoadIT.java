package it.com.acme.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import it.com.acme.backend.support.Race;
import it.com.acme.backend.support.ServerReady;
import it.com.acme.backend.support.Servers;
import it.com.acme.backend.support.Tokens;

/**
 * A busy server stays ready: readiness probed by 24 clients at once while 8 others list users, for 15 s, answers
 * 200 every time. A readiness 503 under load would make a load balancer take a healthy instance out of service
 * (ECS target groups probe readiness), moving its load onto the others.
 */
@ServerReady
class ReadinessUnderLoadIT {

    private static final URI BASE = Servers.mysql();
    private static final Duration RUN = Duration.ofSeconds(15);
    /** Longer than the probe's 2 s timeout (HEALTH_DB_TIMEOUT_MS): no answer young enough to reuse. */
    private static final Duration QUIET = Duration.ofSeconds(3);

    /**
     * After a quiet spell longer than the probe's timeout (no recent answer to reuse), 96 readiness requests at once:
     * more than Liberty's executor has threads. When the probe ran on that executor, each request thread waited for a
     * probe task queued behind the others, and they all timed out into 503s.
     */
    @Test
    void aBurstOfProbesAfterAQuietSpellAnswers200() throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(BASE.resolve("/api/health/ready"))
                .timeout(Duration.ofSeconds(10)).build();
        Map<String, Long> outcomes = new TreeMap<>();
        for (int burst = 0; burst < 3; burst++) {
            Thread.sleep(QUIET.toMillis()); // the scenario: no probe for longer than HEALTH_DB_TIMEOUT_MS
            for (String outcome : Race.run(96, racer -> {
                try {
                    return Integer.toString(http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode());
                } catch (Exception e) {
                    return e.getClass().getSimpleName();
                }
            })) {
                outcomes.merge(outcome, 1L, Long::sum);
            }
        }
        System.out.println("[readiness] 3 bursts of 96 after " + QUIET.toSeconds() + " s quiet: " + outcomes);
        assertEquals(Map.of("200", 288L), outcomes, "every probe of every burst answered 200");
    }

    @Test
    void readinessAnswers200UnderLoad() throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        Map<String, AtomicInteger> probes = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> lists = new ConcurrentHashMap<>();
        long end = System.nanoTime() + RUN.toNanos();
        ExecutorService clients = Executors.newFixedThreadPool(32);
        String token = Tokens.caller();
        for (int i = 0; i < 32; i++) {
            boolean probe = i < 24;
            clients.execute(() -> {
                HttpRequest request = HttpRequest.newBuilder(BASE.resolve(probe ? "/api/health/ready"
                        : "/api/users?offset=0&limit=20")).timeout(Duration.ofSeconds(10))
                        .header("Authorization", "Bearer " + token).build();
                while (System.nanoTime() < end) {
                    String outcome;
                    try {
                        outcome = Integer.toString(http.send(request, HttpResponse.BodyHandlers.discarding())
                                .statusCode());
                    } catch (Exception e) {
                        outcome = e.getClass().getSimpleName();
                    }
                    (probe ? probes : lists).computeIfAbsent(outcome, o -> new AtomicInteger()).incrementAndGet();
                }
            });
        }
        clients.shutdown();
        assertTrue(clients.awaitTermination(RUN.toSeconds() + 30, TimeUnit.SECONDS), "the clients stopped");
        Map<String, Integer> probed = new TreeMap<>();
        probes.forEach((outcome, count) -> probed.put(outcome, count.get()));
        Map<String, Integer> listed = new TreeMap<>();
        lists.forEach((outcome, count) -> listed.put(outcome, count.get()));
        System.out.println("[readiness] " + RUN.toSeconds() + " s: readiness " + probed + ", lists " + listed);
        assertTrue(probed.getOrDefault("200", 0) > 100, "the probes ran: " + probed);
        assertEquals(Map.of("200", probed.get("200")), probed, "readiness stayed 200 under load");
        assertEquals(Map.of("200", listed.getOrDefault("200", 0)), listed, "the lists were served");
    }
}
