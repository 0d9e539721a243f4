package com.acme.backend.db;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

import com.acme.backend.db.pool.DatabaseSettings;

/**
 * At application start: says which database is in use and migrates its schema in the background, retrying with
 * back-off while the database cannot be reached, so the service starts (live, not ready) even when the database
 * is down. This loop is the only caller of {@link Migrations#migrate()}: readiness, finding the database
 * answering, {@linkplain Migrations#wake() wakes} it, and the next attempt then runs at once on the loop's thread.
 */
@WebListener
public class DatabaseStartup implements ServletContextListener {

    private static final Logger LOG = Logger.getLogger(DatabaseStartup.class.getName());
    private static final long MAX_BACKOFF_MILLIS = 30_000;

    @Inject
    Migrations migrations;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private volatile ScheduledFuture<?> pending;
    private volatile boolean stopped;
    /** Each scheduled attempt's number: an attempt superseded by a wake-up neither runs nor reschedules. */
    private final AtomicLong round = new AtomicLong();
    private volatile long backoffMillis;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        try {
            LOG.info("BKND0001I: Database in use: " + DatabaseConfig.describe());
        } catch (DatabaseSettings.InvalidSettingsException e) {
            LOG.log(Level.SEVERE, "BKND0002E: Database not configured: {0}. The service stays not ready until it is.",
                    e.getMessage());
        }
        migrations.wakeWith(() -> schedule(0, backoffMillis));
        schedule(0, 500);
    }

    // Synchronized: a wake-up and the loop's own rescheduling must not cancel each other's attempt.
    private synchronized void schedule(long delayMillis, long nextBackoffMillis) {
        if (stopped) {
            return;
        }
        long attempt = round.incrementAndGet();
        backoffMillis = nextBackoffMillis;
        ScheduledFuture<?> previous = pending;
        pending = scheduler.schedule(() -> attempt(attempt, nextBackoffMillis), delayMillis, TimeUnit.MILLISECONDS);
        if (previous != null) {
            previous.cancel(false);
        }
    }

    private void attempt(long attempt, long nextBackoffMillis) {
        if (attempt != round.get()) {
            return; // superseded by a wake-up
        }
        boolean done = false;
        try {
            done = migrations.migrate();
        } catch (RuntimeException | Error e) {
            LOG.log(Level.SEVERE, "BKND0006E: Database migration failed unexpectedly. Retrying.", e);
        }
        if (!done && attempt == round.get()) {
            schedule(nextBackoffMillis, Math.min(nextBackoffMillis * 2, MAX_BACKOFF_MILLIS));
        }
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        stopped = true;
        migrations.wakeWith(() -> { });
        ScheduledFuture<?> future = pending;
        if (future != null) {
            future.cancel(false);
        }
    }
}
