package com.acme.backend.config;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One daemon thread that reloads {@link VaultSecrets} when its file changes, whichever way it is replaced:
 * renamed over (Vault Agent: temporary file in the same folder, then rename; its {@code .bak} copies are other
 * names and so ignored), rewritten in place, a Kubernetes-style symbolic link swap ({@code ..data}), deleted and
 * created again. It watches the folder, reloads on every event, and also polls every {@link #POLL} for file
 * systems that deliver no events.
 * <p>
 * Half-written files: the one guard is {@link VaultSecrets#reload()}'s refusal of an empty file (the moment
 * between an in-place writer's truncate and its first write; {@code SecretsReloadTest.anEmptyFileIsNotARender}
 * and {@code aReadBetweenTruncateAndWriteKeepsTheLastValues} fail without it). A read that races a writer
 * may see part of the file, but the writer's next write is another event, so the complete file is always read
 * last; Vault Agent renames a finished file over the old one and is never seen half-way. There is no debounce or
 * re-read loop: no test with a controlled sequence of writes failed without them, and the pool's credential
 * decision never puts settings that fail a test connection in use.
 */
public final class SecretsWatcher {

    static final Duration POLL = Duration.ofSeconds(2);
    private static final Logger LOG = Logger.getLogger(SecretsWatcher.class.getName());

    private final VaultSecrets secrets;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile WatchService watchService;
    private List<Object> lastSignature;

    public SecretsWatcher(VaultSecrets secrets) {
        this.secrets = secrets;
        this.thread = new Thread(this::run, "vault-secrets-watcher");
        this.thread.setDaemon(true);
    }

    /** Starts watching; changes made after this returns are seen. */
    public SecretsWatcher start() {
        Path folder = folder();
        if (folder != null && Files.isDirectory(folder)) {
            try {
                watchService = register(folder);
            } catch (IOException e) {
                LOG.log(Level.WARNING, "BKND0307W: Cannot watch " + folder + "; polling every " + POLL.toSeconds()
                        + " s instead", e);
            }
        }
        // The file may have changed since it was first read at start-up, before anything watched it.
        reload();
        thread.start();
        return this;
    }

    private Path folder() {
        return secrets.file().toAbsolutePath().getParent();
    }

    /** Stops the thread and waits for it to end. */
    public void stop() {
        running = false;
        WatchService service = watchService;
        if (service != null) {
            try {
                service.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean isAlive() {
        return thread.isAlive();
    }

    private void run() {
        Path folder = folder();
        try {
            while (running) {
                if (watchService == null && folder != null && Files.isDirectory(folder)) {
                    watchService = register(folder);
                }
                WatchKey key = watchService == null ? null : watchService.poll(POLL.toMillis(), TimeUnit.MILLISECONDS);
                if (watchService == null) {
                    Thread.sleep(POLL.toMillis()); // the folder does not exist yet: poll for it
                }
                if (key != null) {
                    key.pollEvents();
                    boolean valid = key.reset();
                    reload();
                    if (!valid) {
                        closeWatchService(); // the folder went away: register again when it is back
                    }
                } else if (!Objects.equals(signature(), lastSignature)) {
                    reload(); // no event, but the file changed: a file system without notifications
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // stopping
        } catch (RuntimeException | IOException e) {
            LOG.log(Level.SEVERE, "BKND0304E: The secrets watcher stopped; secrets are no longer reloaded", e);
        } finally {
            closeWatchService();
        }
    }

    private static WatchService register(Path folder) throws IOException {
        WatchService service = FileSystems.getDefault().newWatchService();
        folder.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                StandardWatchEventKinds.ENTRY_DELETE);
        return service;
    }

    // The signature is taken before the read: a change during the read then differs from it at the next poll.
    private void reload() {
        List<Object> before = signature();
        secrets.reload();
        lastSignature = before;
    }

    /** Size, modification time, identity and link target of the file: what any replacement changes. */
    private List<Object> signature() {
        Path file = secrets.file();
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return List.of(attributes.size(), attributes.lastModifiedTime(), String.valueOf(attributes.fileKey()),
                    file.toRealPath().toString());
        } catch (IOException e) {
            return List.of("absent", Files.exists(file, LinkOption.NOFOLLOW_LINKS));
        }
    }

    private void closeWatchService() {
        WatchService service = watchService;
        watchService = null;
        if (service != null) {
            try {
                service.close();
            } catch (IOException e) {
                // nothing to do
            }
        }
    }
}
