package com.acme.backend.platform;

import java.util.Optional;

import jakarta.json.JsonException;
import jakarta.json.bind.JsonbException;

import com.acme.backend.db.DatabaseProblems;
import com.acme.backend.problems.PayloadTooLargeException;
import com.acme.backend.problems.Problem;
import com.acme.backend.problems.ProblemException;
import com.acme.backend.problems.ProblemType;

/** Recognises the failures that have a problem of their own wherever they appear in a cause chain. */
final class Failures {

    private Failures() {
    }

    static Optional<Problem> classify(Throwable failure, String instance) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PayloadTooLargeException tooLarge) {
                return Optional.of(tooLarge.toProblem(instance));
            }
            if (t instanceof ProblemException problem) {
                return Optional.of(problem.toProblem(instance));
            }
        }
        Optional<Problem> database = DatabaseProblems.of(failure, instance);
        if (database.isPresent()) {
            return database;
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof JsonException || t instanceof JsonbException) {
                return Optional.of(new Problem(ProblemType.VALIDATION, "The request body is not valid JSON.", instance));
            }
        }
        return Optional.empty();
    }
}
