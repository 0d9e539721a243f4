package com.acme.backend.problems;

import java.net.URI;

/** Each kind of problem the API reports, with its stable type URI, HTTP status and title. */
public enum ProblemType {
    VALIDATION("urn:problem:validation", 400, "The request is not valid"),
    UNAUTHORIZED("urn:problem:unauthorized", 401, "Authentication required"),
    FORBIDDEN("urn:problem:forbidden", 403, "Not allowed"),
    NOT_FOUND("urn:problem:not-found", 404, "Not found"),
    METHOD_NOT_ALLOWED("urn:problem:method-not-allowed", 405, "Method not allowed"),
    NOT_ACCEPTABLE("urn:problem:not-acceptable", 406, "Not acceptable"),
    CONFLICT("urn:problem:conflict", 409, "Conflict"),
    PRECONDITION_FAILED("urn:problem:precondition-failed", 412, "Precondition failed"),
    PAYLOAD_TOO_LARGE("urn:problem:payload-too-large", 413, "Payload too large"),
    UNSUPPORTED_MEDIA_TYPE("urn:problem:unsupported-media-type", 415, "Unsupported media type"),
    INTERNAL("urn:problem:internal", 500, "Internal error"),
    SERVICE_UNAVAILABLE("urn:problem:service-unavailable", 503, "Service unavailable");

    private final URI type;
    private final int status;
    private final String title;

    ProblemType(String type, int status, String title) {
        this.type = URI.create(type);
        this.status = status;
        this.title = title;
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
