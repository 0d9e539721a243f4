package it.com.acme.backend.support;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Proves a secret value appears in none of the server's outputs: its log files (FFDC included) and endpoints. */
public final class SecretHygiene {

    private static final List<String> ENDPOINTS = List.of(
            "/api/health",
            "/api/health/live",
            "/api/health/ready",
            "/api/health/started",
            "/health",
            "/health/ready",
            "/health/started",
            "/api/users/does-not-exist",
            "/nowhere",
            "/openapi");

    private SecretHygiene() {}

    public static void assertNowhere(URI base, String secret) throws IOException {
        Path logs = Path.of(System.getProperty("it.server.log")).getParent();
        try (Stream<Path> files = Files.walk(logs)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                assertFalse(content.contains(secret), "a secret value is in " + file);
            }
        }
        for (String path : ENDPOINTS) {
            assertFalse(
                    Http.get(base, path, Tokens.caller()).body().contains(secret),
                    "a secret value is in the response of " + path);
        }
        assertFalse(
                Http.metrics(base, Http.bearer(Tokens.caller())).body().contains(secret),
                "a secret value is in /metrics");
    }
}
