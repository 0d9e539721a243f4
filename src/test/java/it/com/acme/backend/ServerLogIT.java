package it.com.acme.backend;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.com.acme.backend.support.SecretHygiene;
import it.com.acme.backend.support.Servers;
import it.com.acme.backend.support.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** What the server on MySQL logged: which database it uses, and never the database password. */
class ServerLogIT {

    @Test
    void logsTheDatabaseInUseButNeverThePassword() throws IOException {
        Servers.awaitReady(Servers.mysql());
        String log = Files.readString(Path.of(System.getProperty("it.server.log")));
        assertTrue(log.contains("BKND0001I: Database in use: mysql 127.0.0.1:"), "start-up says which database");
        String password = TestDatabase.applicationPassword();
        assertTrue(password.length() > 10);
        assertFalse(log.contains(password), "the database password is in messages.log");
        SecretHygiene.assertNowhere(Servers.mysql(), password);
    }
}
