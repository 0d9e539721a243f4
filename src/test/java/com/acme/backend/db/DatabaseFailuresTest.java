package com.acme.backend.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTransactionRollbackException;
import java.sql.SQLTransientException;

import org.junit.jupiter.api.Test;

class DatabaseFailuresTest {

    @Test
    void connectionFailuresAnywhereInTheChainMeanUnavailable() {
        assertTrue(DatabaseFailures.isUnavailable(new RuntimeException(new SQLException("link", "08S01"))));
        assertTrue(DatabaseFailures.isUnavailable(new IllegalStateException(new ConnectException("refused"))));
        assertTrue(DatabaseFailures.isUnavailable(new SQLException("Access denied for user 'x'", "28000", 1045)));
        assertFalse(DatabaseFailures.isUnavailable(new SQLSyntaxErrorException("bad sql", "42000")));
        assertFalse(DatabaseFailures.isUnavailable(new IllegalArgumentException("bug")));
    }

    @Test
    void duplicateKeysAreConstraintViolations() {
        assertTrue(DatabaseFailures.isConstraintViolation(
                new RuntimeException(new SQLIntegrityConstraintViolationException("Duplicate entry", "23000", 1062))));
        assertFalse(DatabaseFailures.isConstraintViolation(new RuntimeException(new SQLException("x", "08S01"))));
    }

    @Test
    void deadlocksAndConcurrentUpdatesAreConcurrencyConflicts() {
        assertTrue(DatabaseFailures.isConcurrencyConflict(new RuntimeException(
                new SQLTransactionRollbackException("Deadlock found", "40001", 1213))));
        assertTrue(DatabaseFailures.isConcurrencyConflict(new RuntimeException(
                new SQLTransientException("Concurrent update", "90131", 90131))));
        assertFalse(DatabaseFailures.isConcurrencyConflict(
                new RuntimeException(new SQLIntegrityConstraintViolationException("Duplicate entry", "23000", 1062))));
        assertFalse(DatabaseFailures.isConcurrencyConflict(new RuntimeException(new SQLException("x", "08S01"))));
    }

    @Test
    void descriptionsLeaveOutDriverMessages() {
        String described = DatabaseFailures.describe(
                new RuntimeException(new SQLException("Access denied for user 'app'@'10.0.0.1'", "28000", 1045)));
        assertEquals("credentials rejected by the database", described);
        assertEquals("not configured: DB_HOST is not set",
                DatabaseFailures.describe(new SQLNonTransientConnectionException(
                        "Database not configured: DB_HOST is not set", "08001")));
        assertFalse(DatabaseFailures.describe(new IllegalStateException("secret-ish detail")).contains("secret"));
    }
}
