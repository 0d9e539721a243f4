package it.com.acme.backend.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.json.JsonObject;

/** The JSON lines the server on MySQL writes to standard output (its console.log). */
public final class ConsoleLog {

    private ConsoleLog() {
    }

    /** The first JSON line that contains every fragment. */
    public static Optional<JsonObject> first(String... fragments) {
        Path console = Path.of(System.getProperty("it.server.log")).resolveSibling("console.log");
        try {
            return Files.readAllLines(console).stream().filter(line -> line.startsWith("{"))
                    .filter(line -> Arrays.stream(fragments).allMatch(line::contains))
                    .findFirst().map(Http::json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Makes the application write a log line while serving a request, and returns that line: a new FRONTEND_URL is
     * parsed, and logged (BKND0500I), by the first cross-origin request after it. Sends GET {@code path} with the
     * headers {@code headers} gives (asked anew for each attempt) and that Origin until the line appears. The
     * secrets file then gets its earlier FRONTEND_URL back, so no other test sees this one.
     */
    public static JsonObject lineLoggedWhileServing(URI base, String path, Supplier<Map<String, String>> headers)
            throws IOException {
        String host = "log-" + UUID.randomUUID() + ".example"; // JSON logs escape the slashes of a URL
        String earlier = SecretsFile.read().get("FRONTEND_URL");
        SecretsFile.renderWith("FRONTEND_URL", "https://" + host);
        try {
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> {
                Map<String, String> sent = new HashMap<>(headers.get());
                sent.put("Origin", "https://" + host);
                Http.send(base, "GET", path, sent, BodyPublishers.noBody());
                return first("BKND0500I", host).isPresent();
            });
            return first("BKND0500I", host).orElseThrow();
        } finally {
            SecretsFile.renderWith("FRONTEND_URL", earlier);
        }
    }
}
