package com.acme.backend.problems;

import java.util.List;

/**
 * A failure the client can act on, carrying the problem type and a detail written for the client. Features throw
 * subclasses of it (e.g. a typed not-found); platform's {@code ProblemExceptionMapper} answers with the problem.
 */
public class ProblemException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ProblemType type;
    private final transient List<FieldError> errors;

    public ProblemException(ProblemType type, String detail) {
        this(type, detail, List.of());
    }

    public ProblemException(ProblemType type, String detail, List<FieldError> errors) {
        super(detail, null, false, false);
        this.type = type;
        this.errors = List.copyOf(errors);
    }

    public ProblemType type() {
        return type;
    }

    public List<FieldError> errors() {
        return errors;
    }

    public Problem toProblem(String instance) {
        return new Problem(type, getMessage(), instance, errors);
    }
}
