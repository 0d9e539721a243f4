package com.acme.backend.problems;

import java.net.URI;

/** Each kind of problem the API reports, with its stable type URI, HTTP status and title. */
public enum ProblemType {
    VALIDATION("urn:problem:validation", 400, "The request is not valid", "The request could not be read."),
    // One detail for every authentication failure: no hint about what was wrong with a token.
    UNAUTHORIZED("urn:problem:unauthorized", 401, "Authentication required", "A valid bearer token is required."),
    FORBIDDEN("urn:problem:forbidden", 403, "Not allowed", "Not allowed."),
    NOT_FOUND("urn:problem:not-found", 404, "Not found", "No resource exists at this path."),
    METHOD_NOT_ALLOWED(
            "urn:problem:method-not-allowed",
            405,
            "Method not allowed",
            "This resource does not support the request's method; see the Allow header."),
    NOT_ACCEPTABLE(
            "urn:problem:not-acceptable",
            406,
            "Not acceptable",
            "This resource can only answer with application/json."),
    CONFLICT("urn:problem:conflict", 409, "Conflict", "Conflict."),
    IDEMPOTENCY_KEY_IN_USE(
            "urn:problem:idempotency-key-in-use",
            409,
            "Request in progress",
            "Another request with this Idempotency-Key is in progress. Retry it."),
    PRECONDITION_FAILED("urn:problem:precondition-failed", 412, "Precondition failed", "Precondition failed."),
    PAYLOAD_TOO_LARGE("urn:problem:payload-too-large", 413, "Payload too large", "Payload too large."),
    UNSUPPORTED_MEDIA_TYPE(
            "urn:problem:unsupported-media-type",
            415,
            "Unsupported media type",
            "The request body must be application/json."),
    IDEMPOTENCY_KEY_REUSED(
            "urn:problem:idempotency-key-reused",
            422,
            "Idempotency key reused",
            "This Idempotency-Key was used for a different request."),
    INTERNAL("urn:problem:internal", 500, "Internal error", "An unexpected error occurred."),
    SERVICE_UNAVAILABLE("urn:problem:service-unavailable", 503, "Service unavailable", "Service unavailable.");

    private final URI type;
    private final int status;
    private final String title;
    private final String defaultDetail;

    ProblemType(String type, int status, String title, String defaultDetail) {
        this.type = URI.create(type);
        this.status = status;
        this.title = title;
        this.defaultDetail = defaultDetail;
    }

    /** The detail when nothing more specific is known, e.g. for the container's own errors. */
    public String defaultDetail() {
        return defaultDetail;
    }

    public URI type() {
        return type;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** The problem type for an HTTP status that no more specific failure explains. */
    public static ProblemType forStatus(int status) {
        for (ProblemType candidate : values()) {
            if (candidate.status == status) {
                return candidate;
            }
        }
        if (status >= 500) {
            return status == 503 ? SERVICE_UNAVAILABLE : INTERNAL;
        }
        return VALIDATION;
    }
}
