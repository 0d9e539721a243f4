package com.acme.backend.db;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

/**
 * At application start: says which database is in use and migrates its schema in the background, retrying with
 * back-off while the database cannot be reached, so the service starts (live, not ready) even when the database
 * is down.
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

    @Override
    public void contextInitialized(ServletContextEvent event) {
        try {
            LOG.info("BKND0001I: Database in use: " + DatabaseConfig.describe());
        } catch (DatabaseSettings.InvalidSettingsException e) {
            LOG.log(Level.SEVERE, "BKND0002E: Database not configured: {0}. The service stays not ready until it is.",
                    e.getMessage());
        }
        schedule(0, 500);
    }

    private void schedule(long delayMillis, long nextBackoffMillis) {
        if (stopped) {
            return;
        }
        pending = scheduler.schedule(() -> {
            boolean done = false;
            try {
                done = migrations.migrate();
            } catch (RuntimeException | Error e) {
                LOG.log(Level.SEVERE, "BKND0006E: Database migration failed unexpectedly. Retrying.", e);
            }
            if (!done) {
                schedule(nextBackoffMillis, Math.min(nextBackoffMillis * 2, MAX_BACKOFF_MILLIS));
            }
        }, delayMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        stopped = true;
        ScheduledFuture<?> future = pending;
        if (future != null) {
            future.cancel(false);
        }
    }
}
