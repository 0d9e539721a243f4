package com.acme.backend.client;

import java.io.Serializable;
import java.util.List;

/**
 * An RFC 9457 problem as the API answers it: {@code type} names the kind ({@code urn:problem:not-found}, ...),
 * {@code errors} lists invalid fields for 400, {@code requestId} matches the X-Request-Id to quote in a support
 * request.
 */
public record ProblemDetails(
        String type,
        String title,
        int status,
        String detail,
        String instance,
        String requestId,
        List<FieldError> errors)
        implements Serializable {

    /** One invalid field of a 400. */
    public record FieldError(String field, String message) implements Serializable {}

    public ProblemDetails {
        errors = errors == null ? List.of() : List.copyOf(errors);
    }
}
