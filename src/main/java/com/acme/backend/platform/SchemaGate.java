package com.acme.backend.platform;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

import com.acme.backend.db.Migrations;
import com.acme.backend.problems.Problem;
import com.acme.backend.problems.ProblemType;

/**
 * Answers 503 with Retry-After for every API call that needs the database until the schema is migrated: before
 * that, a query would hit missing tables. Health endpoints pass, so probes report the state. An HTTP filter, so it
 * lives with the HTTP plumbing; {@link Migrations} only says whether the schema is ready.
 */
@Provider
@PreMatching
public class SchemaGate implements ContainerRequestFilter {

    @Inject
    Migrations migrations;

    @Override
    public void filter(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (migrations.state().migrated() || path.startsWith("health") || path.startsWith("/health")) {
            return;
        }
        Response response = new Problem(ProblemType.SERVICE_UNAVAILABLE,
                "The service is starting: its database schema is not ready yet. Retry later.",
                request.getUriInfo().getRequestUri().getRawPath()).toResponse(RequestIds.current());
        request.abortWith(response);
    }
}
