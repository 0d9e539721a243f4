package com.acme.backend.db.pool;

import java.io.PrintWriter;
import java.lang.ref.WeakReference;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLNonTransientConnectionException;
import java.util.logging.Logger;

import javax.sql.ConnectionPoolDataSource;
import javax.sql.PooledConnection;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import com.acme.backend.db.DatabaseSettings;
import com.mysql.cj.jdbc.MysqlConnectionPoolDataSource;

/**
 * Opens each physical MySQL connection with the settings in force at that moment. Configured in server.xml as
 * {@code <jdbcDriver javax.sql.ConnectionPoolDataSource="com.acme.backend.db.pool.ConfiguredMysqlDataSource">}.
 * <p>
 * The settings come from the application's MicroProfile Config: Liberty opens physical connections on the thread
 * that asks the pool for one, which is an application thread whose context class loader is the application's.
 * The last application configuration seen is remembered (weakly, so an application restart does not leak it)
 * for the rare thread without one; before any, connecting fails with SQLState 08001.
 */
public class ConfiguredMysqlDataSource implements ConnectionPoolDataSource {

    /** A key only the application's own microprofile-config.properties defines. */
    static final String APPLICATION_MARKER = "com.acme.backend.application";

    private static volatile WeakReference<Config> lastApplicationConfig = new WeakReference<>(null);

    /** How long new settings that were rejected are left alone before they are tried again. */
    static final long REJECTED_RETRY_MILLIS = 30_000;

    private record Rejected(DatabaseSettings settings, long retryAt) {
    }

    private static final Logger LOG = Logger.getLogger(ConfiguredMysqlDataSource.class.getName());
    private static volatile DatabaseSettings lastGood;
    private static volatile Rejected rejected;

    private volatile PrintWriter logWriter;
    private volatile int loginTimeoutSeconds;

    @Override
    public PooledConnection getPooledConnection() throws SQLException {
        Config config = applicationConfig();
        if (config == null) {
            throw new SQLNonTransientConnectionException(
                    "Database not configured: the application's configuration is not available yet", "08001");
        }
        DatabaseSettings settings;
        try {
            settings = DatabaseSettings.read(key -> config.getOptionalValue(key, String.class));
        } catch (DatabaseSettings.InvalidSettingsException e) {
            // SQLState 08001: the pool, the problem mapping and readiness treat it as "database unavailable".
            throw new SQLNonTransientConnectionException("Database not configured: " + e.getMessage(), "08001");
        }
        return openOrFallBack(settings);
    }

    /**
     * Opens a connection with {@code wanted}; if they are new and the database rejects them (wrong credentials
     * rendered, unreachable host), uses the last settings that worked instead and leaves the new ones alone for
     * {@link #REJECTED_RETRY_MILLIS}, so a bad render never reaches the pool's new connections.
     */
    private static PooledConnection openOrFallBack(DatabaseSettings wanted) throws SQLException {
        DatabaseSettings good = lastGood;
        Rejected known = rejected;
        if (good != null && known != null && known.settings().equals(wanted)
                && System.currentTimeMillis() < known.retryAt()) {
            return open(good);
        }
        try {
            PooledConnection connection = open(wanted);
            lastGood = wanted;
            rejected = null;
            return connection;
        } catch (SQLException e) {
            if (good == null || good.equals(wanted) || !rejectsSettings(e)) {
                throw e;
            }
            rejected = new Rejected(wanted, System.currentTimeMillis() + REJECTED_RETRY_MILLIS);
            LOG.warning(() -> "BKND0403W: New database settings (" + wanted.describe() + ") rejected (SQLState "
                    + e.getSQLState() + "); new connections keep using " + good.describe());
            return open(good);
        }
    }

    private static boolean rejectsSettings(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        return state.startsWith("28") || state.startsWith("08") || e.getErrorCode() == 1045 || e.getErrorCode() == 1049;
    }

    /** The pool's own user and password are not used: credentials come from configuration. */
    @Override
    public PooledConnection getPooledConnection(String user, String password) throws SQLException {
        return getPooledConnection();
    }

    private static PooledConnection open(DatabaseSettings settings) throws SQLException {
        return settings.configure(new MysqlConnectionPoolDataSource()).getPooledConnection();
    }

    private static Config applicationConfig() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        Config config = ConfigProvider.getConfig(
                context != null ? context : ConfiguredMysqlDataSource.class.getClassLoader());
        if (config.getOptionalValue(APPLICATION_MARKER, String.class).isPresent()) {
            lastApplicationConfig = new WeakReference<>(config);
            return config;
        }
        // Never fall back to a configuration without the application's sources: it could hold stale credentials.
        return lastApplicationConfig.get();
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    @Override
    public void setLoginTimeout(int seconds) {
        this.loginTimeoutSeconds = seconds;
    }

    @Override
    public int getLoginTimeout() {
        return loginTimeoutSeconds;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }
}
