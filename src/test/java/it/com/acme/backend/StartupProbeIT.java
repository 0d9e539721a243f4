package it.com.acme.backend;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import it.com.acme.backend.support.FaultProxyControl;
import it.com.acme.backend.support.Http;
import it.com.acme.backend.support.SecretsFile;
import it.com.acme.backend.support.ServerCopy;
import it.com.acme.backend.support.Servers;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The start-up probe the platforms use ({@code /api/health/started}, and MicroProfile Health's
 * {@code /health/started}, which must agree), on a server of its own launched here on MySQL through the fault proxy:
 * 503 until every readiness check has been UP once (here: until Vault Agent's first render arrives), 200 from then
 * on, also during a database outage that readiness reports, and after the recovery. And on the server that can never
 * get ready (no database settings): 503.
 */
class StartupProbeIT {

    private static final int PORT = Integer.parseInt(System.getProperty("it.startup.http.port", "9184"));
    private static final URI BASE = URI.create("http://localhost:" + PORT);
    private static final Duration DETECT = Duration.ofSeconds(15);

    private static ServerCopy server;
    private static Path secrets;

    @BeforeAll
    static void launch() throws IOException {
        secrets = Path.of(System.getProperty("it.database.properties"))
                .resolveSibling("it-secrets-startup")
                .resolve("app.env");
        Files.createDirectories(secrets.getParent());
        Files.deleteIfExists(secrets);
        // The server on MySQL's configuration, with its own port and a secrets file that has not been rendered yet.
        server = ServerCopy.of(
                "it",
                "it-startup",
                false,
                Map.of("PORT", Integer.toString(PORT), "VAULT_SECRETS_FILE", secrets.toString()));
        server.start();
        Servers.awaitLive(BASE);
    }

    @AfterAll
    static void stop() {
        FaultProxyControl.pass();
        if (server != null) {
            server.stopAndDelete();
        }
    }

    @Test
    void startedLatchesOnTheFirstReadyAndThenFollowsLivenessOnly() throws IOException {
        assertStarted(503, "before the secrets file is rendered");
        assertEquals(503, Http.get(BASE, "/api/health/ready").statusCode());

        // Vault Agent's first render: the database credentials arrive, readiness follows.
        Map<String, String> current = SecretsFile.read();
        Path temporary = secrets.resolveSibling(".app.env.tmp");
        Files.writeString(
                temporary,
                "DB_USER=\"" + current.get("DB_USER") + "\"\nDB_PASSWORD=\"" + current.get("DB_PASSWORD") + "\"\n");
        Files.move(temporary, secrets, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        awaitStatus("/api/health/ready", 200);
        assertStarted(200, "once every readiness check was UP");

        try {
            FaultProxyControl.refuse();
            awaitStatus("/api/health/ready", 503);
            assertStarted(200, "during a database outage that readiness reports");
            assertEquals(200, Http.get(BASE, "/api/health/live").statusCode());
        } finally {
            FaultProxyControl.pass();
        }
        awaitStatus("/api/health/ready", 200);
        assertStarted(200, "after the recovery");
    }

    @Test
    void aServerThatNeverGetsReadyNeverStarts() {
        Servers.awaitLive(Servers.unconfigured());
        assertEquals(
                503, Http.get(Servers.unconfigured(), "/api/health/started").statusCode());
        assertEquals(503, Http.get(Servers.unconfigured(), "/health/started").statusCode());
    }

    /** Both start-up probes answer {@code status}. */
    private static void assertStarted(int status, String when) {
        assertEquals(status, Http.get(BASE, "/api/health/started").statusCode(), "/api/health/started " + when);
        assertEquals(status, Http.get(BASE, "/health/started").statusCode(), "/health/started " + when);
    }

    private static void awaitStatus(String path, int status) {
        await(path + " = " + status)
                .atMost(DETECT)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> Http.get(BASE, path).statusCode() == status);
    }
}
