package com.acme.backend.idempotency.control;

import com.acme.backend.db.DatabaseFailures;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Deletes claims older than {@link IdempotentRequests#RETENTION}, every {@code IDEMPOTENCY_PURGE_INTERVAL_S}
 * seconds (read before each run), in batches of {@value #BATCH} rows, each batch its own short transaction so no
 * request waits behind a long delete. Started by the first claim, so an instance that never sees a key does no
 * work; several instances purging too is harmless.
 */
@ApplicationScoped
public class IdempotencyPurge {

    private static final Logger LOG = Logger.getLogger(IdempotencyPurge.class.getName());
    static final int BATCH = 1000;
    static final String INTERVAL_KEY = "IDEMPOTENCY_PURGE_INTERVAL_S";
    private static final long DEFAULT_INTERVAL_S = 3600;
    private static final long FIRST_RUN_AFTER_S = 60;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    IdempotencyPurge self; // through the proxy, so each batch gets its own transaction

    @PersistenceContext(unitName = "backend")
    EntityManager em;

    private final AtomicBoolean started = new AtomicBoolean();
    private volatile ScheduledFuture<?> next;
    private volatile boolean stopped;

    /** Never fails the create that calls it: a purge that cannot be scheduled now is tried by the next claim. */
    void startIfNeeded() {
        if (started.compareAndSet(false, true)) {
            try {
                schedule(Math.min(FIRST_RUN_AFTER_S, interval()));
            } catch (RuntimeException e) {
                started.set(false);
                LOG.log(Level.WARNING, "BKND0702W: Could not schedule the purge of expired idempotency keys", e);
            }
        }
    }

    private void schedule(long delaySeconds) {
        if (!stopped) {
            next = scheduler.schedule(this::runAndReschedule, delaySeconds, TimeUnit.SECONDS);
        }
    }

    private void runAndReschedule() {
        try {
            purgeExpired();
        } finally {
            try {
                schedule(interval());
            } catch (RuntimeException e) {
                // Shutting down, most likely; otherwise the next claim starts the purge again.
                started.set(false);
            }
        }
    }

    private static long interval() {
        try {
            long seconds = ConfigProvider.getConfig(IdempotencyPurge.class.getClassLoader())
                    .getOptionalValue(INTERVAL_KEY, Long.class)
                    .orElse(DEFAULT_INTERVAL_S);
            return Math.max(1, seconds);
        } catch (IllegalArgumentException notANumber) {
            LOG.warning(
                    () -> "BKND0703W: " + INTERVAL_KEY + " is not a number of seconds; using " + DEFAULT_INTERVAL_S);
            return DEFAULT_INTERVAL_S;
        }
    }

    /** Deletes every expired claim, a batch at a time; returns how many. */
    public int purgeExpired() {
        long before = Instant.now().minus(IdempotentRequests.RETENTION).toEpochMilli();
        int total = 0;
        try {
            int deleted;
            do {
                deleted = self.deleteBatch(before);
                total += deleted;
            } while (deleted == BATCH);
        } catch (RuntimeException e) {
            // The database may be away; the next run catches up.
            LOG.log(
                    Level.WARNING,
                    "BKND0701W: Could not delete expired idempotency keys; the next run retries: {0}",
                    DatabaseFailures.describe(e));
        }
        if (total > 0) {
            int purged = total;
            LOG.info(() -> "BKND0700I: Deleted " + purged + " idempotency keys older than "
                    + IdempotentRequests.RETENTION.toHours() + " h");
        }
        return total;
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int deleteBatch(long before) {
        // JPQL has no LIMIT for DELETE; MySQL and H2 both take it in SQL.
        return em.createNativeQuery("DELETE FROM idempotency_keys WHERE created_at < ? LIMIT " + BATCH)
                .setParameter(1, before)
                .executeUpdate();
    }

    @PreDestroy
    void stop() {
        stopped = true;
        ScheduledFuture<?> pending = next;
        if (pending != null) {
            pending.cancel(false);
        }
    }
}
