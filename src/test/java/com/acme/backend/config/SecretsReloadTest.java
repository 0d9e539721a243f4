package com.acme.backend.config;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way a secrets file gets replaced is seen within a second, and bad input never replaces good values.
 * Waits are bounded awaits on the snapshot, never sleeps.
 */
class SecretsReloadTest {

    private static final Duration WITHIN = Duration.ofSeconds(1);

    @TempDir
    Path dir;

    private Path file;
    private VaultSecrets secrets;
    private SecretsWatcher watcher;
    private final List<Set<String>> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        file = dir.resolve("app.env");
        Files.writeString(file, "DB_USER=first\nDB_PASSWORD=pw-1\n");
        secrets = new VaultSecrets(file);
        secrets.reload();
        secrets.addListener(events::add);
        watcher = new SecretsWatcher(secrets).start();
    }

    @AfterEach
    void stop() {
        watcher.stop();
        assertFalse(watcher.isAlive(), "the watcher thread ends when stopped");
    }

    private void awaitValue(String key, String value) {
        await().atMost(WITHIN).pollInterval(Duration.ofMillis(10))
                .until(() -> value.equals(secrets.snapshot().values().get(key)));
    }

    /** Vault Agent: a temporary file in the same folder, renamed over the target; the old file kept as .bak. */
    @Test
    void vaultAgentRenameWithBackup() throws IOException {
        Path temporary = dir.resolve(".app.env.tmp123");
        Files.writeString(temporary, "DB_USER=second\nDB_PASSWORD=pw-2\n");
        Files.deleteIfExists(dir.resolve("app.env.bak"));
        Files.createLink(dir.resolve("app.env.bak"), file);
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        awaitValue("DB_PASSWORD", "pw-2");
        assertEquals("second", secrets.snapshot().values().get("DB_USER"));
        await().atMost(WITHIN).until(() -> events.contains(Set.of("DB_USER", "DB_PASSWORD")));
    }

    /** The final content is what stays, whichever parts of the writes a racing read saw on the way. */
    @Test
    void inPlaceRewriteEndsWithTheCompleteContent() throws Exception {
        try (var channel = Files.newByteChannel(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(ByteBuffer.wrap("DB_USER=third\n".getBytes(StandardCharsets.UTF_8)));
            channel.write(ByteBuffer.wrap("DB_PASSWORD=pw-3\n".getBytes(StandardCharsets.UTF_8)));
        }
        awaitValue("DB_PASSWORD", "pw-3");
        assertEquals("third", secrets.snapshot().values().get("DB_USER"));
    }

    /** Kubernetes: app.env -> ..data/app.env, and ..data is a link swapped to a new folder. */
    @Test
    void symbolicLinkSwap() throws IOException {
        watcher.stop();
        Path v1 = Files.createDirectories(dir.resolve("..2026_v1"));
        Files.writeString(v1.resolve("app.env"), "DB_PASSWORD=pw-k1\n");
        Files.createSymbolicLink(dir.resolve("..data"), v1.getFileName());
        Path linked = dir.resolve("linked.env");
        Files.createSymbolicLink(linked, Path.of("..data/app.env"));
        secrets = new VaultSecrets(linked);
        secrets.reload();
        watcher = new SecretsWatcher(secrets).start();
        assertEquals("pw-k1", secrets.snapshot().values().get("DB_PASSWORD"));

        Path v2 = Files.createDirectories(dir.resolve("..2026_v2"));
        Files.writeString(v2.resolve("app.env"), "DB_PASSWORD=pw-k2\n");
        Path newLink = dir.resolve("..data_tmp");
        Files.createSymbolicLink(newLink, v2.getFileName());
        Files.move(newLink, dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        awaitValue("DB_PASSWORD", "pw-k2");
    }

    @Test
    void deleteThenRecreateKeepsValuesInBetween() throws IOException {
        Files.delete(file);
        await().atMost(WITHIN).until(() -> !secrets.status().present());
        assertEquals("pw-1", secrets.snapshot().values().get("DB_PASSWORD"), "last good values stay");
        Files.writeString(file, "DB_USER=first\nDB_PASSWORD=pw-4\n");
        awaitValue("DB_PASSWORD", "pw-4");
        assertTrue(secrets.status().present());
    }

    @Test
    void identicalContentChangesNothing() throws Exception {
        long reloads = secrets.status().reloadCount();
        Path temporary = dir.resolve(".tmp");
        Files.writeString(temporary, "DB_USER=first\nDB_PASSWORD=pw-1\n");
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        // Then a real change, to know the watcher has looked at the identical one before it.
        Files.writeString(dir.resolve(".tmp2"), "DB_USER=first\nDB_PASSWORD=pw-5\n");
        Files.move(dir.resolve(".tmp2"), file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        awaitValue("DB_PASSWORD", "pw-5");
        assertEquals(reloads + 1, secrets.status().reloadCount());
        assertEquals(List.of(Set.of("DB_PASSWORD")), events);
    }

    @Test
    void badInputKeepsTheLastGoodSnapshotAndIsCounted() throws IOException {
        VaultSecrets.Snapshot good = secrets.snapshot();
        Files.write(file, new byte[] {'A', '=', '1', '\n', (byte) 0xFF, (byte) 0xFE, 0, '\n'});
        await().atMost(WITHIN).until(() -> secrets.status().failureCount() == 1);
        assertEquals(good, secrets.snapshot());
        assertEquals("line 2: not valid UTF-8", secrets.status().lastError().orElseThrow());

        Files.writeString(file, "GOOD=1\nno equals sign here\n");
        await().atMost(WITHIN).until(() -> secrets.status().failureCount() == 2);
        assertEquals("line 2: expected KEY=VALUE", secrets.status().lastError().orElseThrow());

        // Renamed over whole, as Vault Agent does: written in place, a read could also meet a part of it, which is
        // another bad file to count.
        Files.write(dir.resolve(".big"), new byte[DotenvParser.MAX_BYTES + 10]);
        Files.move(dir.resolve(".big"), file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        await().atMost(WITHIN).until(() -> secrets.status().failureCount() == 3);
        assertEquals(good, secrets.snapshot());

        Files.writeString(file, "DB_USER=first\nDB_PASSWORD=pw-6\n");
        awaitValue("DB_PASSWORD", "pw-6");
        assertTrue(secrets.status().lastError().isEmpty(), "a good file clears the error");
    }

    @Test
    void anEmptyFileIsNotARender() throws IOException {
        Files.write(file, new byte[0]);
        await().atMost(WITHIN).until(() -> !secrets.status().present());
        assertEquals("pw-1", secrets.snapshot().values().get("DB_PASSWORD"), "nothing dropped");
        assertEquals(0, secrets.status().failureCount());
    }

    /**
     * An in-place writer truncates, then writes: a read between the two finds an empty file. Reads at controlled
     * points, no watcher, no race: this is the case the empty-file guard in {@link VaultSecrets#reload()} exists for.
     */
    @Test
    void aReadBetweenTruncateAndWriteKeepsTheLastValues() throws IOException {
        watcher.stop();
        try (var channel = Files.newByteChannel(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            assertEquals(VaultSecrets.Outcome.ABSENT, secrets.reload(), "truncated, nothing written yet");
            assertEquals("pw-1", secrets.snapshot().values().get("DB_PASSWORD"), "nothing dropped");
            channel.write(java.nio.ByteBuffer.wrap("DB_USER=first\nDB_PASSWORD=pw-9\n".getBytes(StandardCharsets.UTF_8)));
        }
        assertEquals(VaultSecrets.Outcome.CHANGED, secrets.reload());
        assertEquals(List.of(Set.of("DB_PASSWORD")), events, "one change, never an empty set of secrets");
    }

    @Test
    void aBadFileIsReportedOnceWhateverElseChangesInTheFolder() throws IOException {
        Files.writeString(file, "no equals sign\n");
        await().atMost(WITHIN).until(() -> secrets.status().failureCount() == 1);
        for (int i = 0; i < 3; i++) {
            Files.writeString(dir.resolve("heartbeat"), "RENDERED_AT=" + i + "\n"); // events in the same folder
        }
        Files.writeString(file, "DB_USER=first\nDB_PASSWORD=pw-7\n");
        awaitValue("DB_PASSWORD", "pw-7");
        assertEquals(1, secrets.status().failureCount());
    }

    @Test
    void aChangeBeforeTheWatcherStartsIsNotMissed() throws IOException {
        watcher.stop();
        Files.writeString(file, "DB_USER=first\nDB_PASSWORD=pw-8\n"); // e.g. during application start-up
        watcher = new SecretsWatcher(secrets).start();
        awaitValue("DB_PASSWORD", "pw-8");
    }

    @Test
    void aReaderSeesAllOldOrAllNewValues() throws Exception {
        watcher.stop();
        watcher = new SecretsWatcher(secrets).start();
        var consistent = new AtomicBoolean(true);
        var stop = new AtomicBoolean();
        Thread reader = new Thread(() -> {
            while (!stop.get()) {
                var values = secrets.snapshot().values();
                String user = values.get("DB_USER");
                String password = values.get("DB_PASSWORD");
                if (user != null && user.matches("\\d+") && !("pw-" + user).equals(password)) {
                    consistent.set(false);
                }
            }
        });
        Files.writeString(file, "DB_USER=0\nDB_PASSWORD=pw-0\n");
        reader.start();
        for (int i = 1; i <= 20; i++) {
            Path temporary = dir.resolve(".t" + i);
            Files.writeString(temporary, "DB_USER=" + i + "\nDB_PASSWORD=pw-" + i + "\n");
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            awaitValue("DB_USER", String.valueOf(i));
        }
        stop.set(true);
        reader.join(5000);
        assertTrue(consistent.get(), "a reader saw a user with another version's password");
    }
}
