package com.acme.backend.users.control;

import com.acme.backend.problems.ProblemException;
import com.acme.backend.problems.ProblemType;

/** Another user already has the email (compared lower-cased). */
public class EmailTakenException extends ProblemException {
    private static final long serialVersionUID = 1L;

    public EmailTakenException() {
        super(ProblemType.CONFLICT, "Another user already has this email address.");
    }
}
