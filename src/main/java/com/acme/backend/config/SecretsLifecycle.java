package com.acme.backend.config;

import java.util.Set;
import java.util.function.Consumer;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.metrics.MetricRegistry;

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
        VaultSecrets observed = secrets;
        metrics.gauge("secrets.reloads", observed, s -> s.status().reloadCount());
        metrics.gauge("secrets.reload.failures", observed, s -> s.status().failureCount());
        VaultSecrets.Status status = secrets.status();
        LOG.info(() -> "BKND0305I: Watching secrets file " + status.file() + " (present: " + status.present()
                + ", keys: " + status.keys() + ", required: " + VaultSecrets.required() + ")");
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
