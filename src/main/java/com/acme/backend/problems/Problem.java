package com.acme.backend.problems;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * An RFC 9457 problem details document. Whoever answers the request (the HTTP plumbing) gives the {@code requestId}
 * member; this package does not know where request ids come from.
 */
public record Problem(ProblemType type, String detail, String instance, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    /** Seconds a client should wait before retrying when the service is unavailable. */
    public static final int RETRY_AFTER_SECONDS = 5;

    public Problem {
        errors = List.copyOf(errors);
    }

    public Problem(ProblemType type, String detail, String instance) {
        this(type, detail, instance, List.of());
    }

    /** The document without a {@code requestId} member. */
    public String toJson() {
        return toJson(Optional.empty());
    }

    /** The document, with {@code requestId} when the request's id is known. */
    public String toJson(Optional<String> requestId) {
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("type", type.type().toString())
                .add("title", type.title())
                .add("status", type.status())
                .add("detail", detail == null ? type.title() : detail)
                .add("instance", instance == null ? "" : instance);
        requestId.ifPresent(id -> json.add("requestId", id));
        if (!errors.isEmpty()) {
            JsonArrayBuilder array = Json.createArrayBuilder();
            errors.forEach(e -> array.add(Json.createObjectBuilder().add("field", e.field()).add("message", e.message())));
            json.add("errors", array);
        }
        return json.build().toString();
    }

    /** Extra response headers this problem needs, e.g. {@code Retry-After} for 503. */
    public Map<String, String> headers() {
        return switch (type) {
            case SERVICE_UNAVAILABLE -> Map.of("Retry-After", String.valueOf(RETRY_AFTER_SECONDS));
            // The other request holding the key is a short transaction: its answer is ready in a moment.
            case IDEMPOTENCY_KEY_IN_USE -> Map.of("Retry-After", "1");
            // RFC 6750: the scheme only, without saying what was wrong with a token.
            case UNAUTHORIZED -> Map.of("WWW-Authenticate", "Bearer");
            default -> Map.of();
        };
    }

    /**
     * The JAX-RS response, with the request's id in the body when known; the body is a String so that it is written
     * whatever the client's Accept header says.
     */
    public Response toResponse(Optional<String> requestId) {
        Response.ResponseBuilder response = Response.status(type.status())
                .type(MediaType.valueOf(MEDIA_TYPE + ";charset=UTF-8"))
                .entity(toJson(requestId));
        headers().forEach(response::header);
        return response.build();
    }
}
