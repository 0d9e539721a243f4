package it.com.acme.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import it.com.acme.backend.support.Http;
import it.com.acme.backend.support.RawHttp;
import it.com.acme.backend.support.ServerCopy;

/**
 * SIGTERM under load, as App Runner and ECS stop an instance on deploys and scale-in, sent to the container's
 * entrypoint (vault-agent/entrypoint.sh) that runs its own Liberty (embedded database, no Vault): Liberty's orderly
 * stop runs, requests in flight when the signal came complete (their bodies still arriving), the process exits 0
 * within the platforms' grace period, and every other request is answered 200 or refused a connection once the stop
 * begins (the platform has stopped routing to the instance by then): no 5xx, no reset. The load speaks HTTP/1.1,
 * as App Runner's and the load balancer's proxies do to the instance. (A client that upgrades to HTTP/2 gets GOAWAY
 * for the streams the server did not take, which HTTP/2 defines as safe to retry.)
 */
class SigtermIT {

    private static final String SERVER = "it-sigterm";
    private static final Path WLP = ServerCopy.WLP;
    private static final URI BASE = URI.create("http://localhost:" + System.getProperty("it.sigterm.http.port", "9183"));
    /** ECS's stopTimeout in deploy/ (App Runner allows about as much): the process must be gone within it. */
    private static final Duration GRACE = Duration.ofSeconds(60);

    private Process entrypoint;

    @AfterEach
    void kill() {
        if (entrypoint != null && entrypoint.isAlive()) {
            entrypoint.descendants().forEach(ProcessHandle::destroyForcibly);
            entrypoint.destroyForcibly();
        }
    }

    @Test
    void inFlightRequestsCompleteAndTheProcessExitsZero() throws Exception {
        Path serverDir = prepareServer();
        Path output = serverDir.resolve("entrypoint.out");
        ProcessBuilder builder = new ProcessBuilder("bash", Path.of("vault-agent/entrypoint.sh").toAbsolutePath()
                .toString()).redirectErrorStream(true).redirectOutput(output.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("VAULT_") || name.startsWith("OTEL_"));
        env.put("WLP_SERVER", WLP.resolve("bin/server").toString());
        env.put("SERVER_NAME", SERVER);
        entrypoint = builder.start();
        // Connections are refused until Liberty listens.
        Awaitility.await("readiness of " + BASE).atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> Http.get(BASE, "/api/health/ready").statusCode() == 200);

        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
        AtomicBoolean loading = new AtomicBoolean(true);
        Map<String, AtomicInteger> loopOutcomes = new ConcurrentHashMap<>();
        ExecutorService clients = Executors.newFixedThreadPool(12);
        for (int c = 0; c < 8; c++) {
            clients.submit(() -> {
                while (loading.get()) {
                    loopOutcomes.computeIfAbsent(call(http), o -> new AtomicInteger()).incrementAndGet();
                }
                return null;
            });
        }
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .failFast("the load is failing: " + loopOutcomes, () -> loopOutcomes.keySet().stream()
                        .anyMatch(o -> !o.equals("200")))
                .until(() -> loopOutcomes.getOrDefault("200", new AtomicInteger()).get() > 50);
        // Requests in flight at the signal: headers and half the body sent now, the rest after the signal. Opened
        // only now, with the load running, because a body small as this must arrive whole within the server's
        // 10 s read timeout.
        List<RawHttp> inFlight = new ArrayList<>();
        List<String> rests = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String body = "{\"name\":\"In flight " + i + "\",\"email\":\"inflight-" + i + "-" + System.nanoTime()
                    + "@example.com\"}";
            RawHttp request = RawHttp.open(BASE, Duration.ofSeconds(30));
            request.send("POST /api/users HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Type:"
                    + " application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body.substring(0, 12));
            inFlight.add(request);
            rests.add(body.substring(12));
        }

        // Liberty has accepted these connections and read what was sent: their server-side receive queues are empty.
        Awaitility.await("the server reads the in-flight requests").atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(50)).until(() -> inFlight.stream()
                        .allMatch(request -> serverHasRead(request.localPort())));
        long signalled = System.nanoTime();
        entrypoint.destroy(); // SIGTERM
        // The bodies finish arriving while the server is stopping.
        await(Duration.ofSeconds(10), () -> Files.readString(output).contains("orderly stop"));
        List<Future<RawHttp.Answer>> answers = new ArrayList<>();
        for (int i = 0; i < inFlight.size(); i++) {
            RawHttp request = inFlight.get(i);
            String rest = rests.get(i);
            answers.add(clients.submit(() -> {
                request.send(rest);
                try (request) {
                    return request.answer();
                }
            }));
        }
        List<Integer> inFlightStatuses = new ArrayList<>();
        for (Future<RawHttp.Answer> answer : answers) {
            inFlightStatuses.add(answer.get(40, TimeUnit.SECONDS).status());
        }

        assertTrue(entrypoint.waitFor(GRACE.toSeconds(), TimeUnit.SECONDS), "exited within " + GRACE);
        Duration stopped = Duration.ofNanos(System.nanoTime() - signalled);
        loading.set(false);
        clients.shutdown();
        assertTrue(clients.awaitTermination(30, TimeUnit.SECONDS));

        Map<String, Integer> loop = new TreeMap<>();
        loopOutcomes.forEach((k, v) -> loop.put(k, v.get()));
        System.out.println("[sigterm] exit " + entrypoint.exitValue() + " after " + stopped.toMillis()
                + " ms; in-flight requests " + inFlightStatuses + "; load " + loop);
        assertEquals(0, entrypoint.exitValue(), "exit status; output:\n" + Files.readString(output));
        assertEquals(List.of(201, 201, 201, 201), inFlightStatuses, "requests in flight at SIGTERM complete");
        // Every request is answered 200 or finds the listener closed: no 5xx, no reset, no connection dropped.
        assertEquals(Set.of(), loop.keySet().stream().filter(o -> !o.equals("200") && !o.equals("refused"))
                .collect(Collectors.toSet()), "outcomes of the load: " + loop);
        String log = Files.readString(output);
        assertTrue(log.contains("CWWKE0036I"), "Liberty reported an orderly stop:\n" + log);
    }

    /** 200 or another status; "refused" when the stopping server no longer accepts connections. */
    private static String call(HttpClient http) {
        try {
            return Integer.toString(http.send(HttpRequest.newBuilder(BASE.resolve("/api/users?limit=5"))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.discarding()).statusCode());
        } catch (ConnectException e) {
            return "refused";
        } catch (IOException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** A fresh copy of the embedded-database test server, on its own port, without authentication. */
    private static Path prepareServer() {
        return ServerCopy.of("it-embedded", SERVER, true, Map.of("PORT", Integer.toString(BASE.getPort()),
                "AUTH_MODE", "none")).dir();
    }

    /** Whether the server's end of the connection from this client port holds no unread bytes ({@code ss}). */
    private static boolean serverHasRead(int clientPort) {
        try {
            Process ss = new ProcessBuilder("ss", "-Htn", "state", "established", "( sport = :" + BASE.getPort()
                    + " and dport = :" + clientPort + " )").redirectErrorStream(true).start();
            String rows = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                    .trim();
            assertTrue(ss.waitFor(10, TimeUnit.SECONDS) && ss.exitValue() == 0, "ss: " + rows);
            return !rows.isEmpty() && rows.lines().allMatch(row -> row.trim().startsWith("0 "));
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("ss could not be run", e);
        }
    }

    private static void await(Duration atMost, Callable<Boolean> condition) {
        Awaitility.await().atMost(atMost).pollInterval(Duration.ofMillis(50)).until(condition);
    }
}
