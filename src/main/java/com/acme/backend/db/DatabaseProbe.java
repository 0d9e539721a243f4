package com.acme.backend.db;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

import javax.sql.DataSource;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Asks the database a real query with a bounded wait. A probe that does not answer in time reports DOWN while
 * it keeps running in the background; at most one probe is in flight, so a hanging database cannot pile up
 * threads however often the platform probes. An answer is reused for a second, and while a new probe runs a caller
 * gets the previous answer if it is younger than the probe's timeout. Each probe runs on a new thread of its own:
 * on Liberty's shared executor it queued behind request work, and a busy server reported itself not ready (a load
 * balancer would then take a healthy instance out of service). A new thread per probe, at most one a second, not a
 * long-lived one: a thread's connections go back to the pool only when its unit of work ends, so a long-lived
 * probe thread would keep one connection, and its credentials, forever.
 */
@ApplicationScoped
public class DatabaseProbe {

    /** The outcome of one probe; {@code reason} is safe to show (no credentials, no driver messages). */
    public record Result(boolean up, long latencyMillis, Optional<String> product, Optional<String> reason) {
    }

    @Resource(lookup = DatabaseConfig.DATA_SOURCE)
    DataSource dataSource;

    @Resource
    ManagedThreadFactory threads;

    static final long REUSE_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** The clock of the time windows; a unit test sets its own. */
    LongSupplier clock = System::nanoTime;

    private final AtomicReference<CompletableFuture<Result>> inFlight = new AtomicReference<>();
    private volatile Result last;
    private volatile long lastAt;

    public Result probe() {
        return probe(DatabaseConfig.config().getOptionalValue("HEALTH_DB_TIMEOUT_MS", Long.class).orElse(2000L));
    }

    Result probe(long timeoutMillis) {
        Result recent = last;
        long age = clock.getAsLong() - lastAt;
        if (recent != null && age < REUSE_NANOS) {
            return recent;
        }
        CompletableFuture<Result> probe = inFlight.get();
        if (probe == null || probe.isDone()) {
            CompletableFuture<Result> fresh = new CompletableFuture<>();
            if (inFlight.compareAndSet(probe, fresh)) {
                try {
                    threads.newThread(() -> {
                        Result result = query(timeoutMillis);
                        lastAt = clock.getAsLong();
                        last = result;
                        fresh.complete(result);
                    }).start();
                } catch (RuntimeException stopping) { // the application is stopping: no new threads
                    fresh.complete(new Result(false, 0, Optional.empty(), Optional.of("the service is stopping")));
                }
            }
            probe = inFlight.get();
        }
        if (recent != null && age < TimeUnit.MILLISECONDS.toNanos(timeoutMillis)) {
            return recent;
        }
        try {
            return probe.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return new Result(false, timeoutMillis, Optional.empty(),
                    Optional.of("no answer within " + timeoutMillis + " ms"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(false, 0, Optional.empty(), Optional.of("interrupted"));
        } catch (ExecutionException e) {
            return new Result(false, 0, Optional.empty(), Optional.of(DatabaseFailures.describe(e.getCause())));
        }
    }

    private Result query(long timeoutMillis) {
        long start = System.nanoTime();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.setQueryTimeout((int) Math.max(1, TimeUnit.MILLISECONDS.toSeconds(timeoutMillis)));
            statement.execute("SELECT 1");
            DatabaseMetaData meta = connection.getMetaData();
            String product = meta.getDatabaseProductName() + " " + meta.getDatabaseProductVersion();
            long latency = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            return new Result(true, latency, Optional.of(product), Optional.empty());
        } catch (SQLException | RuntimeException e) {
            long latency = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            return new Result(false, latency, Optional.empty(), Optional.of(DatabaseFailures.describe(e)));
        }
    }
}
