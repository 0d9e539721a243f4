package com.acme.backend.db;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientException;
import java.util.Optional;

import com.acme.backend.db.pool.DatabaseSettings;

/**
 * Tells a database that cannot be reached from other failures, and describes failures without the driver's
 * messages (which can contain user names and host names).
 */
public final class DatabaseFailures {

    private DatabaseFailures() {
    }

    /** Whether {@code failure} means the database could not be reached or did not answer in time. */
    public static boolean isUnavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = next(t)) {
            if (t instanceof SQLTransientException || t instanceof SQLRecoverableException
                    || t instanceof ConnectException || t instanceof SocketTimeoutException
                    || isResourceException(t)) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                return true;
            }
            if (t instanceof SQLException sql && isAccessDenied(sql)) {
                return true;
            }
        }
        return false;
    }

    /** What kind of database failure {@code failure} is, for counting; empty when it is not a database failure. */
    public static Optional<String> kind(Throwable failure) {
        Optional<SQLException> sql = firstSqlException(failure);
        if (sql.isPresent() && isAccessDenied(sql.get())) {
            return Optional.of("auth");
        }
        for (Throwable t = failure; t != null; t = next(t)) {
            // Liberty's pool reports a request that waited DB_POOL_WAIT in vain with a ConnectionWaitTimeoutException.
            if (t instanceof SocketTimeoutException || t instanceof SQLTimeoutException
                    || t.getClass().getSimpleName().equals("ConnectionWaitTimeoutException")) {
                return Optional.of("timeout");
            }
        }
        if (isUnavailable(failure)) {
            return Optional.of("unreachable");
        }
        return sql.map(e -> "other");
    }

    /** Whether {@code failure} is an integrity constraint violation (SQLState class 23), e.g. a duplicate key. */
    public static boolean isConstraintViolation(Throwable failure) {
        return firstSqlException(failure).map(SQLException::getSQLState).filter(s -> s != null && s.startsWith("23"))
                .isPresent();
    }

    /**
     * Whether the database rolled the transaction back because of a concurrent one: a deadlock (SQLState 40001, e.g.
     * MySQL's 1213) or H2's concurrent update of an index entry (90131). The request may succeed if retried.
     */
    public static boolean isConcurrencyConflict(Throwable failure) {
        return firstSqlException(failure).filter(e -> "40001".equals(e.getSQLState()) || e.getErrorCode() == 90131)
                .isPresent();
    }

    /** A short description safe for logs and health output. */
    public static String describe(Throwable failure) {
        for (Throwable t = failure; t != null; t = next(t)) {
            // Our own messages (see DatabaseSettings and the pool): they name keys, never values.
            if (t instanceof DatabaseSettings.InvalidSettingsException) {
                return "not configured: " + t.getMessage();
            }
            if (t.getMessage() != null && t.getMessage().startsWith("Database not configured: ")) {
                // Liberty appends " DSRA0010E: SQL State = ..." to the message of a driver's exception.
                String reason = t.getMessage().substring("Database not configured: ".length()).split(" DSRA", 2)[0];
                return "not configured: " + reason;
            }
        }
        Optional<SQLException> sql = firstSqlException(failure);
        if (sql.isPresent() && isAccessDenied(sql.get())) {
            return "credentials rejected by the database";
        }
        if (isUnavailable(failure)) {
            return "database unreachable or not answering" + sql.map(e -> " (SQLState " + e.getSQLState() + ")").orElse("");
        }
        return sql.map(e -> "database error (SQLState " + e.getSQLState() + ", code " + e.getErrorCode() + ")")
                .orElse("unexpected failure; see the server log");
    }

    // The connector API is not visible to the application; Liberty's pool reports a lost resource with it.
    private static boolean isResourceException(Throwable t) {
        for (Class<?> c = t.getClass(); c != null; c = c.getSuperclass()) {
            if (c.getName().equals("jakarta.resource.ResourceException")) {
                return true;
            }
        }
        return false;
    }

    private static boolean isAccessDenied(SQLException e) {
        return "28000".equals(e.getSQLState()) || e.getErrorCode() == 1045;
    }

    private static Optional<SQLException> firstSqlException(Throwable failure) {
        for (Throwable t = failure; t != null; t = next(t)) {
            if (t instanceof SQLException sql) {
                return Optional.of(sql);
            }
        }
        return Optional.empty();
    }

    private static Throwable next(Throwable t) {
        if (t instanceof SQLException sql && sql.getNextException() != null && t.getCause() == null) {
            return sql.getNextException();
        }
        return t.getCause() == t ? null : t.getCause();
    }
}
