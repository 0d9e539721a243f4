package com.acme.backend.db.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import javax.sql.PooledConnection;

import org.junit.jupiter.api.Test;


/**
 * The credential decision against a stand-in database that knows one password at a time: which settings new
 * connections get, the fallback to the last good ones, and the bounded wait when the database changed first.
 * Threads meet on latches, never on sleeps.
 */
class CredentialDecisionTest {

    /** The database: the password it accepts now, and every attempt, by password. */
    private final AtomicReference<String> databasePassword = new AtomicReference<>("pw-1");
    private final List<String> attempts = new CopyOnWriteArrayList<>();
    private final CountDownLatch denied = new CountDownLatch(1);
    private final CredentialDecision decision = new CredentialDecision(settings -> {
        attempts.add(settings.password());
        if (settings.host().equals("down")) {
            throw new SQLException("connect timed out", "08S01");
        }
        if (!settings.password().equals(databasePassword.get())) {
            denied.countDown();
            throw new SQLException("Access denied", "28000", CredentialDecision.ACCESS_DENIED);
        }
        return connectionWith(settings.password());
    });

    /** What the configuration (the secrets file) holds now. */
    private final AtomicReference<DatabaseSettings> file = new AtomicReference<>(settings("pw-1"));

    private static DatabaseSettings settings(String password) {
        return settings("db", password);
    }

    private static DatabaseSettings settings(String host, String password) {
        return DatabaseSettings.read(key -> Optional.ofNullable(Map.of("DB_HOST", host, "DB_NAME", "app",
                "DB_USER", "app", "DB_PASSWORD", password).get(key)));
    }

    private PooledConnection open(long authWaitMillis) throws SQLException {
        return decision.open(file::get, authWaitMillis);
    }

    private static String password(PooledConnection connection) {
        return connection.toString();
    }

    @Test
    void theFirstConnectionUsesTheFileAndMakesItTheSettingsInUse() throws SQLException {
        assertEquals("pw-1", password(open(0)));
        assertEquals(Optional.of(settings("pw-1")), decision.inUse());
    }

    @Test
    void newSettingsTheDatabaseRefusesFallBackToTheLastGoodOnesAndAreNotRetriedPerConnection() throws SQLException {
        open(0);
        file.set(settings("pw-wrong"));
        assertEquals("pw-1", password(open(0)), "the last good settings");
        assertEquals("pw-1", password(open(0)));
        assertEquals(List.of("pw-1", "pw-wrong", "pw-1", "pw-1"), attempts, "the rejected settings were tried once");
        assertEquals(Optional.of(settings("pw-1")), decision.inUse());
    }

    @Test
    void newSettingsTheDatabaseAcceptsAreUsedAtOnce() throws SQLException {
        open(0);
        databasePassword.set("pw-2");
        file.set(settings("pw-2"));
        assertEquals("pw-2", password(open(0)));
        assertEquals(Optional.of(settings("pw-2")), decision.inUse());
    }

    @Test
    void anOfferIsDecidedByATestConnection() throws SQLException {
        open(0);
        CredentialDecision.Verdict rejected = decision.offer(settings("pw-wrong"));
        assertFalse(rejected.accepted());
        assertEquals(CredentialDecision.ACCESS_DENIED, rejected.failure().orElseThrow().getErrorCode());
        assertEquals(Optional.of(settings("pw-1")), decision.inUse(), "a rejected offer changes nothing");

        databasePassword.set("pw-2");
        assertTrue(decision.offer(settings("pw-2")).accepted());
        assertEquals(Optional.of(settings("pw-2")), decision.inUse());
    }

    /** ALTER USER, then the render: the new connection waits for the render and retries with it. */
    @Test
    void whenTheDatabaseChangesFirstANewConnectionWaitsForTheRender() throws Exception {
        open(0);
        databasePassword.set("pw-2"); // ALTER USER
        CompletableFuture<PooledConnection> connection = CompletableFuture.supplyAsync(() -> {
            try {
                return open(TimeUnit.SECONDS.toMillis(30));
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(denied.await(10, TimeUnit.SECONDS), "the settings in use were refused");
        assertFalse(connection.isDone(), "waiting for newer settings, not failed");
        file.set(settings("pw-2")); // the render
        assertTrue(decision.offer(settings("pw-2")).accepted()); // the application's reaction to it
        assertEquals("pw-2", password(connection.get(10, TimeUnit.SECONDS)));
    }

    /** The render is in the configuration before the application offers it: the waiting connection uses it. */
    @Test
    void aWaitingConnectionSeesTheRenderWithoutWaitingForTheOffer() throws Exception {
        open(0);
        databasePassword.set("pw-2"); // ALTER USER
        CompletableFuture<PooledConnection> connection = CompletableFuture.supplyAsync(() -> {
            try {
                return open(TimeUnit.SECONDS.toMillis(30));
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(denied.await(10, TimeUnit.SECONDS), "the settings in use were refused");
        file.set(settings("pw-2")); // the render, no offer
        assertEquals("pw-2", password(connection.get(10, TimeUnit.SECONDS)));
        assertEquals(Optional.of(settings("pw-2")), decision.inUse());
    }

    /** ALTER USER and no render: after the bound, the connection fails with the database's refusal, as before. */
    @Test
    void aRenderThatNeverComesFailsAfterTheBound() throws SQLException {
        open(0);
        databasePassword.set("pw-2");
        long start = System.nanoTime();
        SQLException e = assertThrows(SQLException.class, () -> open(300));
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(CredentialDecision.ACCESS_DENIED, e.getErrorCode());
        assertTrue(waited >= 300 && waited < 5000, "waited " + waited + " ms");
        assertThrows(SQLException.class, () -> open(0), "no wait configured: fails at once");
    }

    /** Only error 1045 waits: a database that does not answer fails as fast as before. */
    @Test
    void otherFailuresDoNotWait() throws SQLException {
        file.set(settings("down", "pw-1"));
        long start = System.nanoTime();
        SQLException e = assertThrows(SQLException.class, () -> open(TimeUnit.SECONDS.toMillis(30)));
        assertEquals("08S01", e.getSQLState());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 5, "no wait");
    }

    /** The file changed first and was rejected; then the database catches up: the rejected settings are tried. */
    @Test
    void settingsRejectedEarlierAreTriedWhenTheSettingsInUseAreRefused() throws SQLException {
        open(0);
        file.set(settings("pw-2"));
        assertEquals("pw-1", password(open(0)), "rejected: the database still has pw-1");
        databasePassword.set("pw-2"); // ALTER USER, after the render
        assertEquals("pw-2", password(open(0)));
        assertEquals(Optional.of(settings("pw-2")), decision.inUse());
    }

    /** A pooled connection whose toString is the password it was opened with; its connection is always valid. */
    private static PooledConnection connectionWith(String password) {
        Connection connection = (Connection) Proxy.newProxyInstance(CredentialDecisionTest.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> method.getName().equals("isValid") ? true : null);
        return (PooledConnection) Proxy.newProxyInstance(CredentialDecisionTest.class.getClassLoader(),
                new Class<?>[] {PooledConnection.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "toString" -> password;
                    case "getConnection" -> connection;
                    default -> null;
                });
    }
}
