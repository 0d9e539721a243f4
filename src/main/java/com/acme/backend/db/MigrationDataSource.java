package com.acme.backend.db;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;

import javax.sql.DataSource;

/**
 * The application's data source as Flyway gets it: each connection's network timeout is raised for the
 * migration and restored when Flyway closes it. The pool's socket timeout (DB_SOCKET_TIMEOUT_MS, 10 s) suits API
 * queries, but Flyway waits up to 10 s per try for its MySQL lock while another instance migrates, and a
 * migration's DDL may run for minutes.
 */
final class MigrationDataSource implements DataSource {

    /** Longest a single migration statement or lock wait may take. */
    static final int MIGRATION_NETWORK_TIMEOUT_MS = 15 * 60 * 1000;

    private final DataSource pool;

    MigrationDataSource(DataSource pool) {
        this.pool = pool;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return forMigration(pool.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return forMigration(pool.getConnection(username, password));
    }

    private static Connection forMigration(Connection connection) throws SQLException {
        int original;
        try {
            original = connection.getNetworkTimeout();
            connection.setNetworkTimeout(Runnable::run, MIGRATION_NETWORK_TIMEOUT_MS);
        } catch (SQLFeatureNotSupportedException e) {
            return connection; // e.g. H2: no socket, nothing to raise
        }
        return (Connection) Proxy.newProxyInstance(MigrationDataSource.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    if (method.getName().equals("close") && method.getParameterCount() == 0) {
                        try {
                            if (!connection.isClosed()) {
                                connection.setNetworkTimeout(Runnable::run, original);
                            }
                        } finally {
                            connection.close();
                        }
                        return null;
                    }
                    try {
                        return method.invoke(connection, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return pool.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        pool.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        pool.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return pool.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return pool.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return pool.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return pool.isWrapperFor(type);
    }
}
