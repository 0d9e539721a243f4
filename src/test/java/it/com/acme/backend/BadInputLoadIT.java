package it.com.acme.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import it.com.acme.backend.support.Http;
import it.com.acme.backend.support.PrometheusText;
import it.com.acme.backend.support.RawHttp;
import it.com.acme.backend.support.Servers;
import it.com.acme.backend.support.Tokens;

/**
 * The whole bad-input set at volume: 8 clients send malformed and invalid-UTF-8 JSON, wrong types, oversized and
 * deeply nested bodies, overflowing and negative ids, wrong media types and slow bodies for 30 s. The service stays
 * live and ready throughout, its memory stays bounded, and not one answer is a 5xx.
 */
class BadInputLoadIT {

    private static final URI BASE = Servers.mysql();
    private static final Duration RUN = Duration.ofSeconds(30);
    private static final int CLIENTS = 8;
    /**
     * Resident memory the server may not exceed while it is fed garbage. Its heap is not capped in the tests (the
     * JVM's default, a quarter of this machine's memory), so garbage may pile up between collections: the live heap
     * after a full collection is what must not grow.
     */
    private static final long RSS_LIMIT_MB = 1536;
    private static final long LIVE_HEAP_GROWTH_LIMIT_MB = 64;

    /** One bad request: method, path, content type, body bytes. */
    private record Bad(String name, String method, String path, String contentType, byte[] body) {
    }

    private static List<Bad> badInputs() {
        byte[] invalidUtf8 = {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        String deep = "[".repeat(20_000) + "]".repeat(20_000);
        String deepObject = "{\"name\":" + "{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000) + "}";
        String big = "{\"name\":\"" + "x".repeat(70 * 1024) + "\",\"email\":\"big@example.com\"}";
        return List.of(
                new Bad("malformed", "POST", "/api/users", "application/json", bytes("{\"name\": \"x\",")),
                new Bad("not an object", "POST", "/api/users", "application/json", bytes("[1,2,3]")),
                new Bad("invalid utf-8", "POST", "/api/users", "application/json", invalidUtf8),
                new Bad("wrong types", "POST", "/api/users", "application/json", bytes("{\"name\":1,\"email\":[]}")),
                new Bad("null fields", "POST", "/api/users", "application/json", bytes("{\"name\":null,\"email\":null}")),
                new Bad("huge number", "POST", "/api/users", "application/json",
                        bytes("{\"name\":1e999999999,\"email\":\"a@b.c\"}")),
                new Bad("oversized", "POST", "/api/users", "application/json", bytes(big)),
                new Bad("deep array", "POST", "/api/users", "application/json", bytes(deep)),
                new Bad("deep object", "POST", "/api/users", "application/json", bytes(deepObject)),
                new Bad("trailing data", "POST", "/api/users", "application/json",
                        bytes("{\"name\":\"a\",\"email\":\"t@example.com\"} {}")),
                new Bad("wrong media type", "POST", "/api/users", "text/plain", bytes("name=x")),
                new Bad("put malformed", "PUT", "/api/users/1", "application/json", bytes("{")),
                new Bad("overflowing id", "GET", "/api/users/99999999999999999999999", null, new byte[0]),
                new Bad("negative id", "GET", "/api/users/-1", null, new byte[0]),
                new Bad("id not a number", "DELETE", "/api/users/%00abc", null, new byte[0]),
                new Bad("bad paging", "GET", "/api/users?offset=-5&limit=999999999999", null, new byte[0]),
                new Bad("bad if-match target", "PUT", "/api/users/18446744073709551616", "application/json",
                        bytes("{\"name\":\"a\",\"email\":\"a@example.com\"}")));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theServiceStaysUpAndAnswersEveryBadRequestWithA4xx() throws Exception {
        Servers.awaitReady(BASE);
        long liveHeapBefore = liveHeapMb();
        List<Bad> inputs = badInputs();
        String token = Tokens.caller();
        Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
        Map<String, String> serverErrors = new ConcurrentHashMap<>();
        AtomicLong peakRss = new AtomicLong();
        long deadline = System.nanoTime() + RUN.toNanos();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS + 1);
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            clients.submit(() -> {
                while (System.nanoTime() < deadline) {
                    Bad bad = inputs.get(ThreadLocalRandom.current().nextInt(inputs.size()));
                    String outcome;
                    try {
                        // Every fourth request of the last two clients trickles its body in, 300 ms per piece.
                        boolean slow = client >= CLIENTS - 2 && ThreadLocalRandom.current().nextInt(4) == 0;
                        outcome = Integer.toString(send(bad, token, slow));
                    } catch (Exception e) {
                        outcome = e.getClass().getSimpleName();
                    }
                    outcomes.computeIfAbsent(outcome, o -> new AtomicInteger()).incrementAndGet();
                    if (outcome.startsWith("5") || !outcome.matches("\\d+")) {
                        serverErrors.putIfAbsent(bad.name() + " -> " + outcome, "");
                    }
                }
                return null;
            });
        }
        // Liveness, readiness and memory, once a second while the load runs.
        Map<String, AtomicInteger> probes = new ConcurrentHashMap<>();
        clients.submit(() -> {
            while (System.nanoTime() < deadline) {
                for (String probe : List.of("/api/health/live", "/api/health/ready")) {
                    probes.computeIfAbsent(probe + " " + Http.get(BASE, probe).statusCode(), p -> new AtomicInteger())
                            .incrementAndGet();
                }
                peakRss.accumulateAndGet(serverRssMb(), Math::max);
                TimeUnit.SECONDS.sleep(1);
            }
            return null;
        });
        clients.shutdown();
        assertTrue(clients.awaitTermination(RUN.toSeconds() + 60, TimeUnit.SECONDS), "the load ended");

        Map<String, Integer> counts = new TreeMap<>();
        outcomes.forEach((k, v) -> counts.put(k, v.get()));
        System.out.println("[bad input] " + counts.values().stream().mapToInt(Integer::intValue).sum()
                + " requests in " + RUN.toSeconds() + " s by outcome " + counts + "; probes " + probes
                + "; peak RSS " + peakRss.get() + " MB");
        long liveHeapAfter = liveHeapMb();
        System.out.println("[bad input] live heap after a full collection: " + liveHeapBefore + " MB before, "
                + liveHeapAfter + " MB after");
        assertEquals(Map.of(), serverErrors, "no 5xx and no dropped connection for bad input");
        assertTrue(liveHeapAfter - liveHeapBefore < LIVE_HEAP_GROWTH_LIMIT_MB, "live heap grew by "
                + (liveHeapAfter - liveHeapBefore) + " MB");
        assertTrue(probes.keySet().stream().allMatch(p -> p.endsWith(" 200")), "live and ready throughout: " + probes);
        assertTrue(peakRss.get() < RSS_LIMIT_MB, "RSS stayed under " + RSS_LIMIT_MB + " MB: " + peakRss.get());
        assertEquals(200, Http.get(BASE, "/api/health/ready").statusCode());
    }

    private static int send(Bad bad, String token, boolean slow) throws Exception {
        StringBuilder head = new StringBuilder(bad.method()).append(' ').append(bad.path())
                .append(" HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nAuthorization: Bearer ").append(token)
                .append("\r\n");
        if (bad.contentType() != null) {
            head.append("Content-Type: ").append(bad.contentType()).append("\r\nContent-Length: ")
                    .append(bad.body().length).append("\r\n");
        }
        head.append("\r\n");
        try (RawHttp http = RawHttp.open(BASE, Duration.ofSeconds(30))) {
            http.send(head.toString());
            byte[] body = bad.body();
            if (slow && body.length > 0) {
                // Stops early when the server has answered already (413 by Content-Length, 415 by media type).
                http.trickle(body, 4, Duration.ofMillis(300));
            } else if (body.length > 0) {
                http.send(body);
            }
            RawHttp.Answer answer = http.answer();
            if (answer.closedWithoutAnswer()) {
                throw new IOException("closed without an answer");
            }
            return answer.status();
        }
    }

    /** The heap still in use after a full collection (jcmd on the server's pid), from the server's /metrics. */
    private static long liveHeapMb() throws Exception {
        Process gc = new ProcessBuilder("jcmd", serverPid(), "GC.run").redirectErrorStream(true).start();
        gc.getInputStream().readAllBytes();
        assertTrue(gc.waitFor(60, TimeUnit.SECONDS) && gc.exitValue() == 0, "jcmd GC.run");
        double bytes = PrometheusText.sum(PrometheusText.parse(
                Http.metrics(BASE, Http.bearer(Tokens.withGroups("ops"))).body()), "memory_usedHeap_bytes", Map.of());
        assertTrue(bytes > 0, "memory_usedHeap_bytes is reported");
        return (long) (bytes / (1024 * 1024));
    }

    private static String serverPid() throws Exception {
        return Files.readString(Path.of("target/liberty/wlp/usr/servers/.pid/it.pid")).trim();
    }

    /** The server's resident memory, from /proc (Linux), by the pid file Liberty writes. */
    private static long serverRssMb() throws Exception {
        String pid = serverPid();
        for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        throw new AssertionError("no VmRSS for pid " + pid);
    }
}
