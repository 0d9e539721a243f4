package com.acme.backend.db.pool;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Optional;
import java.util.function.Function;

import com.mysql.cj.jdbc.MysqlDataSource;

/**
 * The MySQL connection settings in force at one moment. Part of the connection pool's library, which the application
 * shares (see {@code com.acme.backend.db.pool}), so both read the same keys the same way.
 * {@link #describe()} and {@link #toString()} are what logs and health may show: host, port and database name,
 * never the user's password.
 */
public record DatabaseSettings(String host, int port, String name, String user, String password, int connectTimeoutMs,
                               int socketTimeoutMs, String sslMode, boolean allowPublicKeyRetrieval,
                               Optional<String> trustStore) {

    /** Thrown when a required setting is missing or malformed; its message names the key, never a value. */
    public static final class InvalidSettingsException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        public InvalidSettingsException(String message) {
            super(message);
        }
    }

    /**
     * Reads the settings through {@code lookup} (a configuration lookup by key).
     *
     * @throws InvalidSettingsException when a required setting is missing or malformed
     */
    public static DatabaseSettings read(Function<String, Optional<String>> lookup) {
        String host = required(lookup, "DB_HOST");
        int port = intSetting(lookup, "DB_PORT", 3306);
        if (port < 1 || port > 65535) {
            throw new InvalidSettingsException("DB_PORT must be between 1 and 65535");
        }
        String name = required(lookup, "DB_NAME");
        String user = required(lookup, "DB_USER");
        String password = lookup.apply("DB_PASSWORD").orElse("");
        int connectTimeout = intSetting(lookup, "DB_CONNECT_TIMEOUT_MS", 2000);
        int socketTimeout = intSetting(lookup, "DB_SOCKET_TIMEOUT_MS", 10000);
        String sslMode = lookup.apply("DB_SSL_MODE").filter(s -> !s.isBlank()).orElse("PREFERRED").trim();
        boolean publicKey = Boolean.parseBoolean(lookup.apply("DB_ALLOW_PUBLIC_KEY_RETRIEVAL").orElse("false").trim());
        Optional<String> trustStore = lookup.apply("DB_SSL_TRUSTSTORE").map(String::trim).filter(s -> !s.isEmpty());
        return new DatabaseSettings(host.trim(), port, name.trim(), user, password, connectTimeout, socketTimeout,
                sslMode, publicKey, trustStore);
    }

    /**
     * Points a Connector/J data source at this database. The pool's connections and the application's test
     * connection are opened the same way.
     */
    public <T extends MysqlDataSource> T configure(T ds) throws SQLException {
        ds.setServerName(host);
        ds.setPortNumber(port);
        ds.setDatabaseName(name);
        ds.setUser(user);
        ds.setPassword(password);
        // Connector/J waits forever by default; an unreachable database must turn into errors within seconds.
        ds.setConnectTimeout(connectTimeoutMs);
        ds.setSocketTimeout(socketTimeoutMs);
        ds.setCharacterEncoding("UTF-8");
        ds.setSslMode(sslMode);
        if (trustStore.isPresent()) {
            // The CAs that may sign the server's certificate (VERIFY_CA, VERIFY_IDENTITY): a PKCS12 file without a
            // password, such as the image's Amazon RDS bundle. Without it Connector/J trusts the JVM's CAs.
            ds.setTrustCertificateKeyStoreUrl(Path.of(trustStore.get()).toUri().toString());
            ds.setTrustCertificateKeyStoreType("PKCS12");
        }
        ds.setAllowPublicKeyRetrieval(allowPublicKeyRetrieval);
        ds.setServerTimezone("UTC");
        // Fewer round trips per request. The pool's connections are only changed through JDBC calls, so the driver
        // may answer getAutoCommit/getTransactionIsolation/commit-when-idle from its own state instead of asking the
        // server (useLocalSessionState, useLocalTransactionState); the server's variables are read once per pool
        // rather than on every new connection (cacheServerConfiguration); no timing of every query for its logs
        // (maintainTimeStats). The parsed form of each prepared statement is kept per connection (cachePrepStmts),
        // behind Liberty's own statement cache (statementCacheSize in server.xml); client-side statements stay the
        // default (useServerPrepStmts=false), measured the faster for these one-row selects.
        ds.setUseLocalSessionState(true);
        ds.setUseLocalTransactionState(true);
        ds.setCacheServerConfiguration(true);
        ds.setMaintainTimeStats(false);
        ds.setCachePrepStmts(true);
        ds.setPrepStmtCacheSize(64);
        return ds;
    }

    /** A description safe for logs and health output. */
    public String describe() {
        return "mysql " + host + ":" + port + "/" + name;
    }

    // Records print every component by default; the password must never be printed.
    @Override
    public String toString() {
        return "DatabaseSettings[" + describe() + "]";
    }

    private static String required(Function<String, Optional<String>> lookup, String key) {
        return lookup.apply(key).filter(s -> !s.isBlank())
                .orElseThrow(() -> new InvalidSettingsException(key + " is not set (DB_KIND=mysql needs it)"));
    }

    private static int intSetting(Function<String, Optional<String>> lookup, String key, int defaultValue) {
        Optional<String> raw = lookup.apply(key).filter(s -> !s.isBlank());
        if (raw.isEmpty()) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(raw.get().trim());
        } catch (NumberFormatException e) {
            throw new InvalidSettingsException(key + " is not a number");
        }
    }
}
