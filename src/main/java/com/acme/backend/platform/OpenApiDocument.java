package com.acme.backend.platform;

import java.util.List;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;

import com.acme.backend.problems.ProblemResponses;

/**
 * Completes the OpenAPI document (META-INF/openapi.json, generated from the annotations and checked against them
 * by OpenApiStaticDocumentTest) (registered as {@code mp.openapi.filter}): the problem responses as
 * components, 401 and 403 on every operation that declares the bearer requirement, and an explicit anonymous
 * requirement ({@code security: [{}]}) on the public ones, so every operation states its security.
 */
public class OpenApiDocument implements OASFilter {

    @Override
    public Operation filterOperation(Operation operation) {
        // Public: no requirement, or only the anonymous one ({}) that the static document already carries.
        boolean secured = operation.getSecurity() != null && operation.getSecurity().stream()
                .anyMatch(requirement -> requirement.getSchemes() != null && !requirement.getSchemes().isEmpty());
        if (!secured) {
            operation.setSecurity(List.of(OASFactory.createSecurityRequirement()));
            return operation;
        }
        if (operation.getResponses() == null) {
            operation.setResponses(OASFactory.createAPIResponses());
        }
        if (!operation.getResponses().hasAPIResponse("401")) {
            operation.getResponses().addAPIResponse("401",
                    OASFactory.createAPIResponse().ref(ProblemResponses.UNAUTHORIZED));
        }
        if (!operation.getResponses().hasAPIResponse("403")) {
            operation.getResponses().addAPIResponse("403",
                    OASFactory.createAPIResponse().ref(ProblemResponses.FORBIDDEN));
        }
        return operation;
    }

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        ProblemResponses.register(openAPI);
    }
}
