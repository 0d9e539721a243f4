package com.acme.backend.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLTransientConnectionException;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.acme.backend.problems.Problem;
import com.acme.backend.problems.ProblemType;

class DatabaseProblemsTest {

    @Test
    void anUnreachableDatabaseIsServiceUnavailableWithRetryAfter() {
        Problem problem = DatabaseProblems.of(new IllegalStateException("query failed",
                new SQLTransientConnectionException("refused", "08001")), "/api/users").orElseThrow();
        assertEquals(ProblemType.SERVICE_UNAVAILABLE, problem.type());
        assertEquals("/api/users", problem.instance());
        assertEquals(Map.of("Retry-After", "5"), problem.headers());
    }

    @Test
    void otherFailuresAreNotDatabaseProblems() {
        assertTrue(DatabaseProblems.of(new IllegalStateException("bug"), "/api/users").isEmpty());
    }
}
