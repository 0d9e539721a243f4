package it.com.acme.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;

import it.com.acme.backend.support.HealthChecks;
import it.com.acme.backend.support.ServerReady;
import it.com.acme.backend.support.ServerReady.Server;
import it.com.acme.backend.support.Servers;

/**
 * AUTH_MODE=none (the embedded server, by liberty:run's default) is loud about itself; the default elsewhere (the
 * server on MySQL) is jwt; and an explicit AUTH_MODE or LOG_FORMAT outranks liberty:run's defaults (the unconfigured
 * server has both the defaults and explicit settings).
 */
@ServerReady({Server.EMBEDDED, Server.MYSQL})
class AuthModeIT {

    private static final URI BASE = Servers.embedded();

    private static Path logs(String server) {
        Path mysqlServerLog = Path.of(System.getProperty("it.server.log"));
        return mysqlServerLog.getParent().getParent().resolveSibling(server).resolve("logs");
    }

    private static String log(String server) throws IOException {
        return Files.readString(logs(server).resolve("messages.log"));
    }

    @Test
    void warnsAtStartAndTheHealthReportSaysSo() throws IOException {
        assertTrue(log("it-embedded").contains("BKND0600W: AUTH_MODE=none"), "the warning at start");
        JsonObject auth = HealthChecks.check(BASE, "/api/health", "auth");
        assertEquals("UP", auth.getString("status"));
        assertEquals("none", auth.getJsonObject("data").getString("mode"));
        assertTrue(auth.getJsonObject("data").getString("warning").contains("off"));
    }

    @Test
    void explicitSettingsOutrankLibertyRunsDefaults() throws IOException {
        Servers.awaitLive(Servers.unconfigured());
        assertEquals("jwt", HealthChecks.diagnostics(Servers.unconfigured(), "auth").getJsonObject("data")
                .getString("mode"), "AUTH_MODE=jwt in the environment, none by default");
        assertTrue(console("it-unconfigured").lines().filter(line -> line.contains("CWWKF0011I"))
                .allMatch(line -> line.startsWith("{")), "LOG_FORMAT=json in the environment, simple by default");
        assertTrue(console("it-unconfigured").contains("CWWKF0011I"));
        assertTrue(console("it-embedded").lines().anyMatch(line -> line.contains("CWWKF0011I")
                && !line.startsWith("{")), "the default where LOG_FORMAT is set nowhere: simple");
    }

    private static String console(String server) throws IOException {
        return Files.readString(logs(server).resolve("console.log"));
    }

    @Test
    void jwtIsTheDefault() throws IOException {
        String log = log("it");
        assertTrue(log.contains("BKND0602I: AUTH_MODE=jwt"), "the server on MySQL sets no AUTH_MODE");
        assertTrue(!log.contains("BKND0600W"));
    }
}
