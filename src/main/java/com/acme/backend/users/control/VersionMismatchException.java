package com.acme.backend.users.control;

import com.acme.backend.problems.ProblemException;
import com.acme.backend.problems.ProblemType;

/** The client's If-Match does not name the user's current version; nothing was changed. */
public class VersionMismatchException extends ProblemException {
    private static final long serialVersionUID = 1L;

    public VersionMismatchException() {
        super(
                ProblemType.PRECONDITION_FAILED,
                "The user has changed since the version named in If-Match. Fetch it again and retry.");
    }
}
