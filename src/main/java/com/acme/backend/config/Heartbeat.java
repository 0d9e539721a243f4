package com.acme.backend.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Vault Agent's heartbeat: a file it rewrites at every successful render (vault-agent/heartbeat.ctmpl), while it
 * skips rewriting an unchanged secrets file, so the secrets file's own age says nothing about freshness.
 * {@code VAULT_HEARTBEAT_FILE}, else {@code heartbeat} beside the secrets file.
 */
public final class Heartbeat {

    private Heartbeat() {
    }

    static Path file(Path secretsFile) {
        String configured = System.getProperty("VAULT_HEARTBEAT_FILE", System.getenv("VAULT_HEARTBEAT_FILE"));
        return configured == null || configured.isBlank()
                ? secretsFile.resolveSibling("heartbeat") : Path.of(configured.trim());
    }

    /** Time since the last render; empty when there is no heartbeat (no agent, or not rendered yet). */
    public static Optional<Duration> age(Path secretsFile) {
        try {
            Duration age = Duration.between(Files.getLastModifiedTime(file(secretsFile)).toInstant(), Instant.now());
            return Optional.of(age.isNegative() ? Duration.ZERO : age);
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
