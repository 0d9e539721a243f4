package com.acme.backend.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The secrets of one application: the last good content of the dotenv file Vault Agent renders, as an immutable
 * snapshot that a reload replaces whole, so a reader sees all old or all new values, never a mix. Liberty builds
 * the application's configuration, and so {@link VaultFileConfigSource}, several times; they all share the one
 * instance per application class loader that {@link #instance()} returns, which reads the file once up front and
 * then only when the watcher says it changed.
 */
public final class VaultSecrets {

    public static final String FILE_KEY = "VAULT_SECRETS_FILE";
    public static final String DEFAULT_FILE = "/vault/secrets/app.env";
    public static final String REQUIRED_KEY = "VAULT_SECRETS_REQUIRED";

    private static final Logger LOG = Logger.getLogger(VaultSecrets.class.getName());
    private static final Object LOCK = new Object();
    private static volatile VaultSecrets instance;

    /** The values in force and where they came from. */
    public record Snapshot(Map<String, String> values, Optional<Instant> loadedAt, String sha256) {
        static final Snapshot EMPTY = new Snapshot(Map.of(), Optional.empty(), "");
    }

    /** What the config health check shows: no values, only counts, times and the last error. */
    public record Status(Path file, boolean present, boolean loaded, Optional<Instant> lastReload, long reloadCount,
                         long failureCount, Optional<String> lastError, int keys) {
    }

    /** The outcome of one attempt to read the file. */
    public enum Outcome { CHANGED, UNCHANGED, ABSENT, FAILED }

    private final Path file;
    private final AtomicReference<Snapshot> snapshot = new AtomicReference<>(Snapshot.EMPTY);
    private final AtomicLong reloads = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final List<Consumer<Set<String>>> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean present;
    private volatile Optional<String> lastError = Optional.empty();
    private volatile String lastFailedHash;

    VaultSecrets(Path file) {
        this.file = file;
    }

    /** This application's secrets, read from {@code VAULT_SECRETS_FILE} on first use. */
    public static VaultSecrets instance() {
        VaultSecrets current = instance;
        if (current == null) {
            synchronized (LOCK) {
                current = instance;
                if (current == null) {
                    current = new VaultSecrets(configuredFile());
                    current.reload();
                    instance = current;
                }
            }
        }
        return current;
    }

    /** The file named by the system property or environment variable {@code VAULT_SECRETS_FILE}. */
    static Path configuredFile() {
        String configured = System.getProperty(FILE_KEY, System.getenv(FILE_KEY));
        return Path.of(configured == null || configured.isBlank() ? DEFAULT_FILE : configured.trim());
    }

    /** Whether the service must not become ready without the file ({@code VAULT_SECRETS_REQUIRED}). */
    public static boolean required() {
        String configured = System.getProperty(REQUIRED_KEY, System.getenv(REQUIRED_KEY));
        return configured != null && Boolean.parseBoolean(configured.trim());
    }

    public Path file() {
        return file;
    }

    public Snapshot snapshot() {
        return snapshot.get();
    }

    public Status status() {
        Snapshot current = snapshot.get();
        return new Status(file, present, current.loadedAt().isPresent(), current.loadedAt(), reloads.get(),
                failures.get(), lastError, current.values().size());
    }

    /** Called with the names of the changed keys after each reload that changed something. */
    public void addListener(Consumer<Set<String>> listener) {
        listeners.add(listener);
    }

    public void removeListener(Consumer<Set<String>> listener) {
        listeners.remove(listener);
    }

    /**
     * Reads the file and, if it is non-empty, valid and different, swaps the snapshot; a missing, empty or bad file
     * keeps the last good snapshot.
     */
    public synchronized Outcome reload() {
        byte[] content;
        try {
            content = readAtMost(file, DotenvParser.MAX_BYTES + 1);
        } catch (NoSuchFileException e) {
            present = false;
            return Outcome.ABSENT;
        } catch (IOException e) {
            present = Files.exists(file);
            return fail("file not readable (" + e.getClass().getSimpleName() + ")");
        }
        if (content.length > DotenvParser.MAX_BYTES) {
            present = true;
            return fail("file larger than " + DotenvParser.MAX_BYTES + " bytes");
        }
        if (content.length == 0) {
            // Truncated and not yet written: never a valid render, so never a reason to drop every secret. The one
            // guard against half-written files (SecretsReloadTest.anEmptyFileIsNotARender and
            // aReadBetweenTruncateAndWriteKeepsTheLastValues fail without it); see SecretsWatcher.
            present = false;
            return Outcome.ABSENT;
        }
        present = true;
        String hash = sha256(content);
        if (hash.equals(lastFailedHash)) {
            return Outcome.FAILED; // already reported: other files in the folder (the heartbeat) changed
        }
        Map<String, String> values;
        try {
            values = DotenvParser.parse(content);
        } catch (DotenvFormatException e) {
            lastFailedHash = hash;
            return fail(e.getMessage());
        }
        lastFailedHash = null;
        Snapshot previous = snapshot.get();
        if (hash.equals(previous.sha256())) {
            lastError = Optional.empty();
            return Outcome.UNCHANGED;
        }
        Set<String> changed = changedKeys(previous.values(), values);
        snapshot.set(new Snapshot(values, Optional.of(Instant.now()), hash));
        reloads.incrementAndGet();
        lastError = Optional.empty();
        LOG.info(() -> "BKND0300I: Read secrets file " + file + ": " + values.size() + " keys, changed: "
                + changed.stream().sorted().toList());
        if (!changed.isEmpty()) {
            for (Consumer<Set<String>> listener : listeners) {
                try {
                    listener.accept(changed);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "BKND0303W: A listener of secrets changes failed", e);
                }
            }
        }
        return changed.isEmpty() ? Outcome.UNCHANGED : Outcome.CHANGED;
    }

    private Outcome fail(String reason) {
        failures.incrementAndGet();
        lastError = Optional.of(reason);
        // The reason names a line number and a rule, never the line: it may hold a secret.
        LOG.severe(() -> "BKND0301E: Secrets file " + file + " not used, keeping the last good values: " + reason);
        return Outcome.FAILED;
    }

    static Set<String> changedKeys(Map<String, String> before, Map<String, String> after) {
        Set<String> changed = new HashSet<>();
        before.forEach((key, value) -> {
            if (!value.equals(after.get(key))) {
                changed.add(key);
            }
        });
        after.keySet().stream().filter(key -> !before.containsKey(key)).forEach(changed::add);
        return changed;
    }

    private static byte[] readAtMost(Path file, int limit) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(limit);
        }
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
