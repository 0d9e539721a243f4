package com.acme.backend.health;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import com.acme.backend.config.Heartbeat;
import com.acme.backend.config.SecretsLifecycle;
import com.acme.backend.config.VaultFileConfigSource;
import com.acme.backend.config.VaultSecrets;

/**
 * The {@code config} check: the secrets file's state, without any value. DOWN only while
 * {@code VAULT_SECRETS_REQUIRED} is true and no valid file has been read. Lists keys of the file that a
 * higher-ordinal source (environment, system property, server.xml variable) also defines: those never rotate.
 */
@Readiness
@ApplicationScoped
public class ConfigHealthCheck implements DiagnosedCheck {

    private static final Logger LOG = Logger.getLogger(ConfigHealthCheck.class.getName());
    /** Three render intervals (1 minute each) without a render. */
    static final Duration STALE_AFTER = Duration.ofMinutes(3);

    @Inject
    SecretsLifecycle lifecycle;

    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    @Override
    public HealthCheckResponse diagnose() {
        VaultSecrets secrets = VaultSecrets.instance();
        VaultSecrets.Status status = secrets.status();
        List<String> shadowed = shadowedKeys(secrets);
        HealthCheckResponseBuilder response = HealthCheckResponse.named("config")
                .withData("file", status.file().toString())
                .withData("present", status.present())
                .withData("required", VaultSecrets.required())
                .withData("watching", lifecycle.watching())
                .withData("reloadCount", status.reloadCount())
                .withData("failureCount", status.failureCount())
                .withData("keys", status.keys());
        status.lastReload().ifPresent(at -> response.withData("lastReload", at.toString()));
        status.lastError().ifPresent(error -> response.withData("lastError", error));
        if (!shadowed.isEmpty()) {
            response.withData("shadowed", String.join(",", shadowed));
        }
        heartbeat(status.file(), response);
        boolean up = status.loaded() || !VaultSecrets.required();
        return response.status(up).build();
    }

    /** An old heartbeat means secrets could not be refreshed; the service stays ready, the last values still work. */
    private static void heartbeat(Path secretsFile, HealthCheckResponseBuilder response) {
        Heartbeat.age(secretsFile).ifPresentOrElse(age -> {
            response.withData("heartbeatAgeSeconds", age.toSeconds());
            response.withData("stale", age.compareTo(STALE_AFTER) > 0);
        }, () -> response.withData("heartbeat", "absent"));
    }

    private List<String> shadowedKeys(VaultSecrets secrets) {
        Config config = ConfigProvider.getConfig(ConfigHealthCheck.class.getClassLoader());
        // The public constructor reads the same per-application VaultSecrets.instance() as secrets.
        VaultFileConfigSource own = new VaultFileConfigSource();
        int ours = own.getOrdinal();
        String ourName = own.getName();
        List<String> shadowed = secrets.snapshot().values().keySet().stream().filter(key -> {
            for (ConfigSource source : config.getConfigSources()) {
                if (source.getOrdinal() > ours && !source.getName().equals(ourName) && source.getValue(key) != null) {
                    return true;
                }
            }
            return false;
        }).sorted().toList();
        for (String key : shadowed) {
            if (warned.add(key)) {
                LOG.warning(() -> "BKND0306W: " + key + " in the secrets file is also set by a source that outranks it"
                        + " (environment, system property or server.xml); changes to it in the file have no effect.");
            }
        }
        return shadowed;
    }
}
