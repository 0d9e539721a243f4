package com.acme.backend.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Set;
import java.util.function.Consumer;
import java.util.logging.Logger;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Starts the one watcher thread when the application starts and stops it when the application stops, so no
 * thread outlives its application across Liberty restarts; passes each reload on as a {@link SecretsChanged}
 * event.
 */
@ApplicationScoped
public class SecretsLifecycle {

    private static final Logger LOG = Logger.getLogger(SecretsLifecycle.class.getName());

    @Inject
    Event<SecretsChanged> changes;

    @Inject
    MetricRegistry metrics;

    private VaultSecrets secrets;
    private SecretsWatcher watcher;
    private Consumer<Set<String>> publisher;

    void start(@Observes @Initialized(ApplicationScoped.class) Object event) {
        secrets = VaultSecrets.instance();
        publisher = keys -> changes.fire(new SecretsChanged(keys));
        secrets.addListener(publisher);
        watcher = new SecretsWatcher(secrets).start();
        registerMetrics(secrets);
        VaultSecrets.Status status = secrets.status();
        LOG.info(() -> "BKND0305I: Watching secrets file " + status.file() + " (present: " + status.present()
                + ", keys: " + status.keys() + ", required: " + VaultSecrets.required() + ")");
    }

    // Gauges over the snapshot's own counts: the reloads happen on the watcher thread, outside CDI.
    private void registerMetrics(VaultSecrets observed) {
        metrics.gauge("config.reloads.total", observed, s -> s.status().reloadCount(), new Tag("result", "success"));
        metrics.gauge("config.reloads.total", observed, s -> s.status().failureCount(), new Tag("result", "failure"));
        metrics.gauge(
                "config.last.success.timestamp.seconds",
                observed,
                s -> s.status()
                        .lastReload()
                        .map(at -> at.toEpochMilli() / 1000.0)
                        .orElse(Double.NaN));
        metrics.gauge(
                "config.freshness.seconds",
                observed,
                s -> Heartbeat.age(s.file()).map(age -> age.toMillis() / 1000.0).orElse(Double.NaN));
        metrics.gauge("config.keys", observed, s -> s.status().keys());
    }

    void stop(@Observes @BeforeDestroyed(ApplicationScoped.class) Object event) {
        if (watcher != null) {
            watcher.stop();
            secrets.removeListener(publisher);
        }
    }

    public boolean watching() {
        return watcher != null && watcher.isAlive();
    }
}
