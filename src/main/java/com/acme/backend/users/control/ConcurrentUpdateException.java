package com.acme.backend.users.control;

import com.acme.backend.problems.ProblemException;
import com.acme.backend.problems.ProblemType;

/** Another request changed the user at the same moment; nothing was changed by this one. */
public class ConcurrentUpdateException extends ProblemException {
    private static final long serialVersionUID = 1L;

    public ConcurrentUpdateException() {
        super(ProblemType.CONFLICT, "The user was changed by another request at the same time. Retry.");
    }
}
