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


/**
 * Opens each physical MySQL connection with the settings in force at that moment. Configured in server.xml as
 * {@code <jdbcDriver javax.sql.ConnectionPoolDataSource="com.acme.backend.db.pool.ConfiguredMysqlDataSource">}.
 * <p>
 * Which settings it opens with is {@link CredentialDecision}'s to decide; this class only reads them. They come
 * from the application's MicroProfile Config: Liberty opens physical connections on the thread that asks the pool
 * for one, which is an application thread whose context class loader is the application's.
 * The last application configuration seen is remembered (weakly, so an application restart does not leak it)
 * for the rare thread without one; before any, connecting fails with SQLState 08001.
 */
public class ConfiguredMysqlDataSource implements ConnectionPoolDataSource {

    /** A key only the application's own microprofile-config.properties defines. */
    static final String APPLICATION_MARKER = "com.acme.backend.application";

    private static volatile WeakReference<Config> lastApplicationConfig = new WeakReference<>(null);

    private volatile PrintWriter logWriter;
    private volatile int loginTimeoutSeconds;

    @Override
    public PooledConnection getPooledConnection() throws SQLException {
        Config config = applicationConfig();
        if (config == null) {
            throw new SQLNonTransientConnectionException(
                    "Database not configured: the application's configuration is not available yet", "08001");
        }
        long authWait = authWaitMillis(config);
        return CredentialDecision.shared().open(() -> {
            try {
                return DatabaseSettings.read(key -> config.getOptionalValue(key, String.class));
            } catch (DatabaseSettings.InvalidSettingsException e) {
                // SQLState 08001: the pool, the problem mapping and readiness treat it as "database unavailable".
                throw new SQLNonTransientConnectionException("Database not configured: " + e.getMessage(), "08001");
            }
        }, authWait);
    }

    // A malformed value must not fail connections: the default applies.
    private static long authWaitMillis(Config config) {
        try {
            return config.getOptionalValue("DB_AUTH_WAIT_MS", String.class).map(String::trim).map(Long::parseLong)
                    .filter(millis -> millis >= 0).orElse(CredentialDecision.DEFAULT_AUTH_WAIT_MS);
        } catch (NumberFormatException e) {
            return CredentialDecision.DEFAULT_AUTH_WAIT_MS;
        }
    }

    /** The pool's own user and password are not used: credentials come from configuration. */
    @Override
    public PooledConnection getPooledConnection(String user, String password) throws SQLException {
        return getPooledConnection();
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
