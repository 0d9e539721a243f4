package com.acme.backend.db;

import java.util.Optional;

import com.acme.backend.problems.Problem;
import com.acme.backend.problems.ProblemType;

/**
 * The problem a request answers with when the database failed it. Lives with the database code, which knows what a
 * failure means ({@link DatabaseFailures}); the HTTP plumbing only asks, and the problem model knows nothing of
 * databases.
 */
public final class DatabaseProblems {

    private DatabaseProblems() {
    }

    /** 503 with {@code Retry-After} when {@code failure} means the database could not be reached; else empty. */
    public static Optional<Problem> of(Throwable failure, String instance) {
        if (DatabaseFailures.isUnavailable(failure)) {
            return Optional.of(new Problem(ProblemType.SERVICE_UNAVAILABLE,
                    "The database is not available. Retry later.", instance));
        }
        return Optional.empty();
    }
}
