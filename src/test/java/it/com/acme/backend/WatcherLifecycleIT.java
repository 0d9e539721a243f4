package it.com.acme.backend;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import it.com.acme.backend.support.Servers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The secrets watcher is one thread per application and ends with it: after Liberty restarts the application
 * (here: its WAR is touched, which Liberty's application monitor notices), the server JVM still has exactly one.
 */
class WatcherLifecycleIT {

    private static final Path SERVER =
            Path.of(System.getProperty("it.server.log")).getParent().getParent();

    @Test
    void oneWatcherThreadAcrossApplicationRestarts() throws Exception {
        Servers.awaitReady(Servers.mysql());
        assertEquals(1, watcherThreads());
        for (int restart = 1; restart <= 2; restart++) {
            long updates = count("CWWKZ0003I");
            Files.setLastModifiedTime(SERVER.resolve("apps/backend.war"), FileTime.from(Instant.now()));
            await().atMost(Duration.ofSeconds(90)).until(() -> count("CWWKZ0003I") > updates);
            Servers.awaitReady(Servers.mysql());
            assertEquals(1, watcherThreads(), "watcher threads after application restart " + restart);
        }
    }

    private static long count(String messageId) throws IOException {
        return Files.readAllLines(SERVER.resolve("logs/messages.log"), StandardCharsets.UTF_8).stream()
                .filter(line -> line.contains(messageId))
                .count();
    }

    private static long watcherThreads() throws Exception {
        String pid = Files.readString(SERVER.getParent().resolve(".pid/" + SERVER.getFileName() + ".pid"))
                .strip();
        Process jcmd = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), pid, "Thread.print")
                .redirectErrorStream(true)
                .start();
        String threads = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        jcmd.waitFor(30, TimeUnit.SECONDS);
        return threads.lines()
                .filter(line -> line.startsWith("\"vault-secrets-watcher\""))
                .count();
    }
}
