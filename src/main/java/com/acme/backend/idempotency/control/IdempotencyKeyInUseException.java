package com.acme.backend.idempotency.control;

import com.acme.backend.problems.ProblemException;
import com.acme.backend.problems.ProblemType;

/** Another request with the same key got there first, while this one was in progress: retry to see its answer. */
public class IdempotencyKeyInUseException extends ProblemException {
    private static final long serialVersionUID = 1L;

    public IdempotencyKeyInUseException() {
        super(
                ProblemType.IDEMPOTENCY_KEY_IN_USE,
                "Another request with this Idempotency-Key was being processed. Retry it to get"
                        + " that request's answer.");
    }
}
