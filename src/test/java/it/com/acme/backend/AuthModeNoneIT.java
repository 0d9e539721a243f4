package it.com.acme.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import it.com.acme.backend.support.HealthChecks;
import it.com.acme.backend.support.Servers;

/** AUTH_MODE=none (the embedded server) is loud about itself; the default (the server on MySQL) is jwt. */
class AuthModeNoneIT {

    private static final URI BASE = Servers.embedded();

    @BeforeAll
    static void ready() {
        Servers.awaitReady(BASE);
        Servers.awaitReady(Servers.mysql());
    }

    private static String log(String server) throws IOException {
        Path mysqlServerLog = Path.of(System.getProperty("it.server.log"));
        return Files.readString(mysqlServerLog.getParent().getParent().resolveSibling(server).resolve("logs/messages.log"));
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
    void jwtIsTheDefault() throws IOException {
        String log = log("it");
        assertTrue(log.contains("BKND0602I: AUTH_MODE=jwt"), "the server on MySQL sets no AUTH_MODE");
        assertTrue(!log.contains("BKND0600W"));
    }
}
