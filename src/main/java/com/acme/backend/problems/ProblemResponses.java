package com.acme.backend.problems;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

/**
 * The problem responses of the OpenAPI document, defined once as components (with the {@code Problem} schema and
 * an example each, and MicroProfile Health's schema) so that resource methods refer to them: {@code @APIResponse(responseCode = "404", ref =
 * ProblemResponses.NOT_FOUND)}.
 */
public final class ProblemResponses {

    public static final String BAD_REQUEST = "#/components/responses/BadRequest";
    public static final String UNAUTHORIZED = "#/components/responses/Unauthorized";
    public static final String FORBIDDEN = "#/components/responses/Forbidden";
    public static final String NOT_FOUND = "#/components/responses/NotFound";
    public static final String EMAIL_TAKEN = "#/components/responses/Conflict";
    public static final String STALE = "#/components/responses/PreconditionFailed";
    public static final String TOO_LARGE = "#/components/responses/PayloadTooLarge";
    public static final String NOT_JSON = "#/components/responses/UnsupportedMediaType";
    public static final String KEY_REUSED = "#/components/responses/IdempotencyKeyReused";
    public static final String UNAVAILABLE = "#/components/responses/ServiceUnavailable";
    /** The strong entity tag of a user: its version, quoted. */
    public static final String ETAG_HEADER = "#/components/headers/ETag";

    private static final String SCHEMA = "Problem";

    private ProblemResponses() {
    }

    /** Adds the Problem schema, the ETag header and the problem responses to the document's components. */
    public static void register(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        Components components = openAPI.getComponents();
        components.addSchema(SCHEMA, problemSchema());
        components.addSchema("Health", OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .description("MicroProfile Health: the overall status and each check's; data only for operators.")
                .properties(Map.of("status", string("UP or DOWN.").enumeration(List.of("UP", "DOWN")),
                        "checks", OASFactory.createSchema().addType(Schema.SchemaType.ARRAY).items(
                                OASFactory.createSchema().addType(Schema.SchemaType.OBJECT).properties(Map.of(
                                        "name", string("The check."),
                                        "status", string("UP or DOWN.").enumeration(List.of("UP", "DOWN")),
                                        "data", OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                                                .description("Diagnostics, in /api/health only."))))))
                .required(List.of("status")));
        components.addHeader("ETag", OASFactory.createHeader().description("The user's version, quoted; send it back"
                + " in If-Match to change the user only if nobody else did.")
                .schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING)).example("\"3\""));
        add(components, BAD_REQUEST, ProblemType.VALIDATION, "The request is not valid: see errors.",
                "email: must be a valid email address", "/api/users");
        add(components, UNAUTHORIZED, ProblemType.UNAUTHORIZED, "No valid bearer token (missing, malformed, expired,"
                + " or not from the trusted issuer for this audience).", ProblemType.UNAUTHORIZED.defaultDetail(),
                "/api/users");
        add(components, FORBIDDEN, ProblemType.FORBIDDEN, "The token lacks the role the operation needs.",
                "This operation requires one of the roles: users.write.", "/api/users");
        add(components, NOT_FOUND, ProblemType.NOT_FOUND, "No such user.", "No user with id 42.", "/api/users/42");
        add(components, EMAIL_TAKEN, ProblemType.CONFLICT, "Another user has this email (urn:problem:conflict); or,"
                + " with an Idempotency-Key, a concurrent request with the same key was in progress"
                + " (urn:problem:idempotency-key-in-use, with Retry-After: retry it).",
                "A user with this email exists.", "/api/users");
        add(components, KEY_REUSED, ProblemType.IDEMPOTENCY_KEY_REUSED, "The Idempotency-Key was used for a different"
                + " request by this caller. Nothing was created.", ProblemType.IDEMPOTENCY_KEY_REUSED.defaultDetail(),
                "/api/users");
        add(components, STALE, ProblemType.PRECONDITION_FAILED, "If-Match does not match: the user changed since it"
                + " was read. Nothing was changed.", "The user has changed; read it again.", "/api/users/42");
        add(components, TOO_LARGE, ProblemType.PAYLOAD_TOO_LARGE, "The body is over 64 KiB.",
                "The request body is larger than 65536 bytes.", "/api/users");
        add(components, NOT_JSON, ProblemType.UNSUPPORTED_MEDIA_TYPE, "The body is not application/json.",
                ProblemType.UNSUPPORTED_MEDIA_TYPE.defaultDetail(), "/api/users");
        add(components, UNAVAILABLE, ProblemType.SERVICE_UNAVAILABLE, "The database is not available; retry after"
                + " the Retry-After seconds.", "The database is not available. Retry later.", "/api/users");
        components.getResponses().get(name(UNAUTHORIZED)).addHeader("WWW-Authenticate", OASFactory.createHeader()
                .description("Bearer").schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING)));
        components.getResponses().get(name(EMAIL_TAKEN)).addHeader("Retry-After", OASFactory.createHeader()
                .description("With urn:problem:idempotency-key-in-use: seconds to wait before retrying.")
                .schema(OASFactory.createSchema().addType(Schema.SchemaType.INTEGER)));
        components.getResponses().get(name(UNAVAILABLE)).addHeader("Retry-After", OASFactory.createHeader()
                .description("Seconds to wait before retrying.")
                .schema(OASFactory.createSchema().addType(Schema.SchemaType.INTEGER)));
    }

    private static String name(String ref) {
        return ref.substring(ref.lastIndexOf('/') + 1);
    }

    private static void add(Components components, String ref, ProblemType type, String description, String detail,
                            String instance) {
        Map<String, Object> example = new LinkedHashMap<>();
        example.put("type", type.type().toString());
        example.put("title", type.title());
        example.put("status", type.status());
        example.put("detail", detail);
        example.put("instance", instance);
        example.put("requestId", "0f6e2f61-3b1c-4c59-9a4e-0d7b7e0c2a11");
        APIResponse response = OASFactory.createAPIResponse().description(description)
                .content(OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE, OASFactory.createMediaType()
                        .schema(OASFactory.createSchema().ref("#/components/schemas/" + SCHEMA)).example(example)));
        components.addResponse(name(ref), response);
    }

    private static Schema problemSchema() {
        Map<String, Schema> properties = new LinkedHashMap<>();
        properties.put("type", string("A URI naming the kind of problem, e.g. urn:problem:not-found.").format("uri"));
        properties.put("title", string("A short summary of the kind of problem."));
        properties.put("status", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER)
                .description("The HTTP status."));
        properties.put("detail", string("What went wrong with this request."));
        properties.put("instance", string("The path of the request."));
        properties.put("requestId", string("The request's id, as in the X-Request-Id response header."));
        properties.put("errors", OASFactory.createSchema().addType(Schema.SchemaType.ARRAY)
                .description("For 400: each invalid field.")
                .items(OASFactory.createSchema().addType(Schema.SchemaType.OBJECT).properties(Map.of(
                        "field", string("The field's name."), "message", string("What is wrong with it.")))));
        return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .description("RFC 9457 problem details (application/problem+json).")
                .properties(properties).required(List.of("type", "title", "status"));
    }

    private static Schema string(String description) {
        return OASFactory.createSchema().addType(Schema.SchemaType.STRING).description(description);
    }
}
