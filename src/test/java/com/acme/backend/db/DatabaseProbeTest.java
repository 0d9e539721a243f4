package com.acme.backend.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import jakarta.enterprise.concurrent.ManagedThreadFactory;

import org.junit.jupiter.api.Test;

/**
 * DatabaseProbe's time windows on a clock the test moves: an answer reused for a second; then a new probe in the
 * background while callers get the previous answer, as long as it is younger than the timeout; then a bounded wait
 * and DOWN; never more than one probe in flight. The database is a stand-in that answers or hangs on command.
 */
class DatabaseProbeTest {

    private static final long TIMEOUT_MS = 1500;

    private final AtomicLong now = new AtomicLong();
    private final AtomicInteger queries = new AtomicInteger();
    private final AtomicInteger threads = new AtomicInteger();
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private final DatabaseProbe probe = new DatabaseProbe();

    DatabaseProbeTest() {
        probe.clock = now::get;
        probe.dataSource = proxy(DataSource.class, (method, args) -> {
            queries.incrementAndGet();
            gate.await();
            return connection();
        });
        probe.threads = proxy(ManagedThreadFactory.class, (method, args) -> {
            threads.incrementAndGet();
            return new Thread((Runnable) args[0]);
        });
    }

    private void at(long millis) {
        now.set(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    @Test
    void timeWindows() throws Exception {
        DatabaseProbe.Result first = probe.probe(TIMEOUT_MS);
        assertTrue(first.up());
        assertEquals(Optional.of("Stand-in 1"), first.product());

        gate = new CountDownLatch(1); // the database stops answering
        at(500);
        assertSame(first, probe.probe(TIMEOUT_MS), "within a second: the answer is reused");
        assertEquals(1, threads.get(), "and no probe started");

        at(1200);
        assertSame(first, probe.probe(TIMEOUT_MS), "older than a second, younger than the timeout: still the answer");
        assertEquals(2, threads.get(), "while a new probe runs in the background");
        at(1400);
        assertSame(first, probe.probe(TIMEOUT_MS));
        assertEquals(2, threads.get(), "at most one probe in flight");

        at(1600);
        long start = System.nanoTime();
        DatabaseProbe.Result late = probe.probe(TIMEOUT_MS);
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertFalse(late.up(), "older than the timeout: the caller waits for the probe, at most the timeout");
        assertEquals(Optional.of("no answer within " + TIMEOUT_MS + " ms"), late.reason());
        assertTrue(waited >= TIMEOUT_MS && waited < TIMEOUT_MS + 3000, "waited " + waited + " ms");
        assertEquals(2, threads.get(), "the hanging probe was not joined by another");

        gate.countDown(); // the database answers again: the probe in flight completes
        at(1700);
        assertTrue(probe.probe(TIMEOUT_MS).up());
        assertEquals(2, queries.get());
    }

    private static Connection connection() {
        DatabaseMetaData meta = proxy(DatabaseMetaData.class, (method, args) -> switch (method.getName()) {
            case "getDatabaseProductName" -> "Stand-in";
            case "getDatabaseProductVersion" -> "1";
            default -> null;
        });
        Statement statement = proxy(Statement.class, (method, args) -> method.getName().equals("execute") ? true : null);
        return proxy(Connection.class, (method, args) -> switch (method.getName()) {
            case "createStatement" -> statement;
            case "getMetaData" -> meta;
            default -> null;
        });
    }

    @FunctionalInterface
    private interface Handler {
        Object invoke(java.lang.reflect.Method method, Object[] args) throws Exception;
    }

    private static <T> T proxy(Class<T> type, Handler handler) {
        return type.cast(Proxy.newProxyInstance(DatabaseProbeTest.class.getClassLoader(), new Class<?>[] {type},
                (self, method, args) -> handler.invoke(method, args)));
    }
}
