package com.acme.backend.idempotency.control;

import com.acme.backend.problems.ProblemException;
import com.acme.backend.problems.ProblemType;

/** The key was used before for a different request: a client bug, never retried into a success. */
public class IdempotencyKeyReusedException extends ProblemException {
    private static final long serialVersionUID = 1L;

    public IdempotencyKeyReusedException() {
        super(
                ProblemType.IDEMPOTENCY_KEY_REUSED,
                "This Idempotency-Key was used for a different request. Use a new" + " key for each new request.");
    }
}
