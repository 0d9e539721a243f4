package com.acme.backend.security;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

import com.acme.backend.problems.Problem;

/**
 * Adds the 401 and 403 problem responses to every operation that declares a security requirement, so the
 * document states them once here rather than on each resource method. Registered as {@code mp.openapi.filter}.
 */
public class SecuredOperationResponses implements OASFilter {

    private static final String PROBLEM_SCHEMA = "Problem";
    private static final String PROBLEM_REF = "#/components/schemas/" + PROBLEM_SCHEMA;

    @Override
    public Operation filterOperation(Operation operation) {
        if (operation.getSecurity() == null || operation.getSecurity().isEmpty()) {
            return operation;
        }
        if (operation.getResponses() == null) {
            operation.setResponses(OASFactory.createAPIResponses());
        }
        if (!operation.getResponses().hasAPIResponse("401")) {
            operation.getResponses().addAPIResponse("401", problem(
                    "No valid bearer token (missing, malformed, expired, or not from the trusted issuer for this"
                            + " audience). The WWW-Authenticate header names the Bearer scheme."));
        }
        if (!operation.getResponses().hasAPIResponse("403")) {
            operation.getResponses().addAPIResponse("403", problem("The token lacks the role this operation needs."));
        }
        return operation;
    }

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        Components components = openAPI.getComponents();
        if (components.getSchemas() == null || !components.getSchemas().containsKey(PROBLEM_SCHEMA)) {
            components.addSchema(PROBLEM_SCHEMA, OASFactory.createSchema()
                    .addType(Schema.SchemaType.OBJECT)
                    .description("RFC 9457 problem details.")
                    .properties(Map.of(
                            "type", OASFactory.createSchema().addType(Schema.SchemaType.STRING).format("uri"),
                            "title", OASFactory.createSchema().addType(Schema.SchemaType.STRING),
                            "status", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER),
                            "detail", OASFactory.createSchema().addType(Schema.SchemaType.STRING),
                            "instance", OASFactory.createSchema().addType(Schema.SchemaType.STRING)))
                    .required(List.of("type", "title", "status")));
        }
    }

    private static APIResponse problem(String description) {
        return OASFactory.createAPIResponse().description(description)
                .content(OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE,
                        OASFactory.createMediaType().schema(OASFactory.createSchema().ref(PROBLEM_REF))));
    }
}
