package com.acme.backend.db.pool;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

import javax.sql.PooledConnection;

import com.mysql.cj.jdbc.MysqlConnectionPoolDataSource;

/**
 * The one place that decides which database settings a new physical connection uses, and the only state behind
 * that decision. Both sides of a rotation call it: the pool's connection factory ({@link ConfiguredMysqlDataSource})
 * for every physical connection, and the application ({@code com.acme.backend.db.CredentialRotation}) when the
 * secrets file changed a {@code DB_*} key. server.xml gives the application the pool's library as a common library,
 * so both see this one class, and {@link #shared()} is one instance for both.
 * <p>
 * A rotation, from the file to the pool:
 * <ol>
 * <li>Vault Agent renders the file; {@code config.SecretsWatcher} reloads {@code config.VaultSecrets}, whose next
 * lookup returns the new values, and the application gets a {@code SecretsChanged} event.</li>
 * <li>{@code CredentialRotation} reads the new settings and {@link #offer offers} them: a test connection decides.
 * Accepted, they are the settings {@linkplain #inUse() in use} and the application purges the pool ("normal":
 * idle connections now, busy ones when returned), so every new connection uses them. Rejected, nothing changes
 * and the application reports the rejection.</li>
 * <li>Every new physical connection is {@link #open opened} with the settings the configuration holds at that
 * moment if they are new (the factory may see a render before the event), else with those in use; settings the
 * database refused are remembered as rejected and not tried again while those in use work.</li>
 * <li>When the database changed first ({@code ALTER USER} before the render), the settings in use meet MySQL
 * error 1045. The connection then waits up to {@code DB_AUTH_WAIT_MS} (default {@value #DEFAULT_AUTH_WAIT_MS} ms,
 * less than the pool's {@code DB_POOL_WAIT}) for newer settings, accepted by an offer or seen in the configuration
 * (it looks every 50 ms), and retries with them; if none
 * come, it fails with the 1045 as before (the API answers 503).</li>
 * </ol>
 * The state lives in this server library, so it outlives an application restart; it holds settings only, never
 * connections, and a password only inside {@link DatabaseSettings}, which never prints it.
 */
public final class CredentialDecision {

    /** How long a new connection refused with error 1045 waits for newer settings, unless DB_AUTH_WAIT_MS says. */
    public static final long DEFAULT_AUTH_WAIT_MS = 2000;

    /** MySQL's ER_ACCESS_DENIED_ERROR: the user or password is wrong. */
    static final int ACCESS_DENIED = 1045;
    private static final int UNKNOWN_DATABASE = 1049;
    /** How often a waiting connection looks at the configuration for a newer render. */
    private static final long LOOK_AGAIN_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private static final Logger LOG = Logger.getLogger(CredentialDecision.class.getName());
    private static final CredentialDecision SHARED = new CredentialDecision(
            settings -> settings.configure(new MysqlConnectionPoolDataSource()).getPooledConnection());

    /** Opens one physical connection with the given settings: Connector/J here, a stand-in in unit tests. */
    @FunctionalInterface
    interface Opener {
        PooledConnection open(DatabaseSettings settings) throws SQLException;
    }

    /** The settings to connect with now, read from the configuration. */
    @FunctionalInterface
    public interface CurrentSettings {
        /** @throws SQLException when the configuration holds no valid settings */
        DatabaseSettings get() throws SQLException;
    }

    /** What {@link #offer} decided; {@code failure} is why the settings were rejected. */
    public record Verdict(boolean accepted, Optional<SQLException> failure) {
    }

    private final Opener opener;
    private final Object lock = new Object();
    // Guarded by lock. generation counts changes of inUse, so a waiting connection knows when to try again.
    private DatabaseSettings inUse;
    private DatabaseSettings rejected;
    private long generation;

    CredentialDecision(Opener opener) {
        this.opener = opener;
    }

    /** The instance that the pool's factory and the application share. */
    public static CredentialDecision shared() {
        return SHARED;
    }

    /** The settings new connections use; empty before the first connection. */
    public Optional<DatabaseSettings> inUse() {
        synchronized (lock) {
            return Optional.ofNullable(inUse);
        }
    }

    /**
     * Decides on settings the application read after a change of the secrets file: accepted if a test connection
     * with them succeeds (they are then in use), else rejected (the settings in use stay).
     */
    public Verdict offer(DatabaseSettings wanted) {
        try {
            PooledConnection test = opener.open(wanted);
            try {
                Connection connection = test.getConnection();
                if (!connection.isValid(Math.max(1, wanted.socketTimeoutMs() / 1000))) {
                    throw new SQLException("test connection not valid", "08001");
                }
            } finally {
                test.close();
            }
        } catch (SQLException e) {
            synchronized (lock) {
                if (!wanted.equals(inUse)) {
                    rejected = wanted;
                }
            }
            return new Verdict(false, Optional.of(e));
        }
        accept(wanted);
        return new Verdict(true, Optional.empty());
    }

    /**
     * Opens a physical connection for the pool: with the configuration's settings if they are new, else with those
     * in use (see the class comment for the order and the wait on error 1045).
     *
     * @param authWaitMillis how long to wait for newer settings when the database answers 1045
     */
    public PooledConnection open(CurrentSettings current, long authWaitMillis) throws SQLException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, authWaitMillis));
        Set<DatabaseSettings> refused = new HashSet<>();
        SQLException failure = null;
        boolean accessDenied = false;
        while (true) {
            DatabaseSettings wanted = current.get();
            DatabaseSettings candidate;
            long seen;
            synchronized (lock) {
                seen = generation;
                candidate = candidates(wanted).stream().filter(s -> !refused.contains(s)).findFirst().orElse(null);
            }
            if (candidate == null) {
                // Everything this connection may use was refused. Error 1045 may mean the database changed first:
                // wait for newer settings, either accepted here or seen in the configuration at the next look
                // (the application's offer may come later than the render); anything else fails now, as it would
                // have without a rotation.
                if (!accessDenied || System.nanoTime() - deadline >= 0 || Thread.currentThread().isInterrupted()) {
                    throw failure;
                }
                if (awaitNewerThan(seen, Math.min(deadline, System.nanoTime() + LOOK_AGAIN_NANOS))) {
                    refused.clear();
                }
                continue;
            }
            try {
                PooledConnection connection = opener.open(candidate);
                accept(candidate);
                return connection;
            } catch (SQLException e) {
                if (!refusesSettings(e)) {
                    throw e; // not about the settings (a timeout, a full server): no other settings would help
                }
                failure = e;
                accessDenied |= e.getErrorCode() == ACCESS_DENIED;
                refused.add(candidate);
                rejectIfNew(candidate, e);
            }
        }
    }

    /**
     * Which settings to try, in order: new settings first, then those in use; settings already rejected only after
     * those in use were refused too (the database may have caught up with the file).
     */
    private List<DatabaseSettings> candidates(DatabaseSettings wanted) {
        List<DatabaseSettings> order = new ArrayList<>(2);
        if (inUse == null || wanted.equals(inUse)) {
            order.add(wanted);
        } else if (wanted.equals(rejected)) {
            order.add(inUse);
            order.add(wanted);
        } else {
            order.add(wanted);
            order.add(inUse);
        }
        return order;
    }

    private void accept(DatabaseSettings settings) {
        synchronized (lock) {
            if (settings.equals(rejected)) {
                rejected = null;
            }
            if (!settings.equals(inUse)) {
                inUse = settings;
                generation++;
                lock.notifyAll();
            }
        }
    }

    private void rejectIfNew(DatabaseSettings settings, SQLException e) {
        DatabaseSettings good;
        synchronized (lock) {
            if (inUse == null || settings.equals(inUse) || settings.equals(rejected)) {
                return;
            }
            rejected = settings;
            good = inUse;
        }
        LOG.warning(() -> "BKND0403W: New database settings (" + settings.describe() + ") rejected (SQLState "
                + e.getSQLState() + ", error " + e.getErrorCode() + "); new connections keep using "
                + good.describe());
    }

    private boolean awaitNewerThan(long seen, long deadline) {
        synchronized (lock) {
            while (generation == seen) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(lock, remaining);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    /** Errors that say these settings cannot connect: bad credentials, unknown database, unreachable host. */
    static boolean refusesSettings(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        return state.startsWith("28") || state.startsWith("08") || e.getErrorCode() == ACCESS_DENIED
                || e.getErrorCode() == UNKNOWN_DATABASE;
    }
}
