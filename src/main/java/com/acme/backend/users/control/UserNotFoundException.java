package com.acme.backend.users.control;

import com.acme.backend.problems.ProblemException;
import com.acme.backend.problems.ProblemType;

/** No user has the requested id. */
public class UserNotFoundException extends ProblemException {
    private static final long serialVersionUID = 1L;

    public UserNotFoundException(String id) {
        super(ProblemType.NOT_FOUND, "No user with id " + id + ".");
    }
}
