package com.acme.backend.db;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.metrics.MetricRegistry;

import com.acme.backend.config.SecretsChanged;
import com.acme.backend.db.pool.CredentialDecision;
import com.acme.backend.db.pool.DatabaseSettings;

/**
 * The application's side of a credential rotation: when the secrets file changes a DB_* key, it hands the new
 * settings to {@link CredentialDecision}, which decides; then it purges the pool if they were accepted, and reports
 * either way (log, {@code db_credentials_*} counters, the readiness check's data). The decision and its state are
 * not here: see {@link CredentialDecision} for a rotation from the file to the pool.
 */
@ApplicationScoped
public class CredentialRotation {

    private static final Logger LOG = Logger.getLogger(CredentialRotation.class.getName());
    private static final String SWITCHES = "db.credentials.switches";
    private static final String REJECTIONS = "db.credentials.rejections";
    private static final Set<String> DATABASE_KEYS = Set.of("DB_HOST", "DB_PORT", "DB_NAME", "DB_USER", "DB_PASSWORD");

    /** What health shows about the last change of database settings. */
    public record State(long switches, long rejections, Optional<Instant> lastSwitch, Optional<String> lastRejection) {
    }

    private final AtomicReference<Optional<Instant>> lastSwitch = new AtomicReference<>(Optional.empty());
    private final AtomicReference<Optional<String>> lastRejection = new AtomicReference<>(Optional.empty());

    public State state() {
        return new State(metrics.counter(SWITCHES).getCount(), metrics.counter(REJECTIONS).getCount(), lastSwitch.get(),
                lastRejection.get());
    }

    @Resource
    ManagedExecutorService executor;

    @Inject
    MetricRegistry metrics;

    // Off the watcher thread: a test connection to a host that hangs must not delay the next reload.
    void onSecretsChanged(@Observes SecretsChanged change) {
        if (change.keys().stream().noneMatch(DATABASE_KEYS::contains) || DatabaseConfig.kind() != DatabaseKind.MYSQL) {
            return;
        }
        executor.execute(() -> rotate(change));
    }

    private synchronized void rotate(SecretsChanged change) {
        Config config = DatabaseConfig.config();
        DatabaseSettings settings;
        CredentialDecision.Verdict verdict;
        try {
            settings = DatabaseSettings.read(key -> config.getOptionalValue(key, String.class));
            verdict = CredentialDecision.shared().offer(settings);
        } catch (RuntimeException e) {
            rejected(DatabaseFailures.describe(e));
            return;
        }
        if (!verdict.accepted()) {
            rejected(verdict.failure().map(DatabaseFailures::describe).orElse("rejected"));
            return;
        }
        int purged = purgePool();
        if (purged == 0) {
            LOG.warning("BKND0404W: New database settings accepted, but no connection pool was found to purge; "
                    + "existing connections keep the old settings until they are closed");
            return;
        }
        metrics.counter(SWITCHES).inc();
        lastSwitch.set(Optional.of(Instant.now()));
        lastRejection.set(Optional.empty());
        LOG.info(() -> "BKND0401I: Database settings changed (" + change.keys().stream().filter(DATABASE_KEYS::contains)
                .sorted().toList() + "); " + settings.describe() + " accepted a test connection; " + purged
                + " pool(s) purged, new connections use the new settings");
    }

    private void rejected(String reason) {
        metrics.counter(REJECTIONS).inc();
        lastRejection.set(Optional.of(reason));
        LOG.log(Level.SEVERE, "BKND0400E: New database settings rejected ({0}); the pool keeps its connections", reason);
    }

    /** Liberty's connection manager MBean of the MySQL data source: "normal" lets connections in use finish. */
    private static int purgePool() {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            Set<ObjectName> pools = server.queryNames(
                    new ObjectName("WebSphere:type=com.ibm.ws.jca.cm.mbean.ConnectionManagerMBean,jndiName=jdbc/mysql,*"),
                    null);
            for (ObjectName pool : pools) {
                server.invoke(pool, "purgePoolContents", new Object[] {"normal"}, new String[] {String.class.getName()});
            }
            return pools.size();
        } catch (Exception e) {
            LOG.log(Level.SEVERE, "BKND0402E: Could not purge the connection pool; old connections age out instead", e);
            return 0;
        }
    }
}
