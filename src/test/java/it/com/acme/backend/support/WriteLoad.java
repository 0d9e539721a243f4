package it.com.acme.backend.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Clients that create users with unique emails in a loop until stopped, each with its own Idempotency-Key,
 * remembering which writes were acknowledged (201), which failed (and their keys, for a safe retry), and every
 * status seen: the record a lost-write check needs.
 */
public final class WriteLoad {

    /** Every email this load writes starts with it, so the database can be searched for them. */
    public static final String PREFIX = "load-";

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger sequence = new AtomicInteger();
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final Map<String, String> failed = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
    private final ExecutorService clients;

    private WriteLoad(URI base, int clients) {
        this.base = base;
        this.clients = Executors.newFixedThreadPool(clients);
        for (int i = 0; i < clients; i++) {
            this.clients.submit(this::loop);
        }
    }

    public static WriteLoad start(URI base, int clients) {
        return new WriteLoad(base, clients);
    }

    private void loop() {
        while (running.get()) {
            String email = PREFIX + run + "-" + sequence.incrementAndGet() + "@example.com";
            String key = UUID.randomUUID().toString();
            String outcome;
            try {
                HttpResponse<String> response = http.send(
                        HttpRequest.newBuilder(base.resolve("/api/users"))
                                .timeout(Duration.ofSeconds(30))
                                .header("Authorization", "Bearer " + Tokens.caller())
                                .header("Content-Type", "application/json")
                                .header("Idempotency-Key", key)
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        "{\"name\":\"Load\",\"email\":\"" + email + "\"}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                outcome = Integer.toString(response.statusCode());
            } catch (Exception e) {
                outcome = e.getClass().getSimpleName();
            }
            if (outcome.equals("201")) {
                acknowledged.add(email);
            } else {
                failed.put(email, key);
            }
            outcomes.computeIfAbsent(outcome, o -> new AtomicInteger()).incrementAndGet();
        }
    }

    public Set<String> acknowledged() {
        return acknowledged;
    }

    public Result stop() {
        running.set(false);
        clients.shutdown();
        try {
            if (!clients.awaitTermination(60, TimeUnit.SECONDS)) {
                throw new AssertionError("the load's clients did not stop within 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        Map<String, Integer> counts = new TreeMap<>();
        outcomes.forEach((outcome, count) -> counts.put(outcome, count.get()));
        return new Result(Set.copyOf(acknowledged), Map.copyOf(failed), counts);
    }

    /**
     * @param failed   email → the Idempotency-Key its request carried
     * @param outcomes status code (or exception name) → requests
     */
    public record Result(Set<String> acknowledged, Map<String, String> failed, Map<String, Integer> outcomes) {

        /** Outcomes other than 201 and 503. */
        public Set<String> unexpected() {
            List<String> others = new ArrayList<>(outcomes.keySet());
            others.removeAll(List.of("201", "503"));
            return Set.copyOf(others);
        }

        @Override
        public String toString() {
            return "sent " + (acknowledged.size() + failed.size()) + ", acknowledged " + acknowledged.size()
                    + ", failed " + failed.size() + ", by outcome " + outcomes;
        }
    }
}
