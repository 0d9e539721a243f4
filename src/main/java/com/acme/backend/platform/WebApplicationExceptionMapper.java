package com.acme.backend.platform;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import com.acme.backend.problems.Problem;
import com.acme.backend.problems.ProblemType;

/**
 * Turns the JAX-RS runtime's own failures (no such resource, method not allowed, unacceptable Accept header,
 * unsupported Content-Type, unreadable body, ...) into problems, keeping the {@code Allow} header of a 405.
 */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

    @Context
    UriInfo uriInfo;

    @Override
    public Response toResponse(WebApplicationException exception) {
        String instance = Instances.of(uriInfo);
        Problem problem = Failures.classify(exception, instance)
                .orElseGet(() -> fromStatus(exception.getResponse().getStatus(), instance));
        Response response = problem.toResponse(RequestIds.current());
        String allow = exception.getResponse().getHeaderString(HttpHeaders.ALLOW);
        if (allow != null && problem.type() == ProblemType.METHOD_NOT_ALLOWED) {
            return Response.fromResponse(response).header(HttpHeaders.ALLOW, allow).build();
        }
        return response;
    }

    private static Problem fromStatus(int status, String instance) {
        ProblemType type = ProblemType.forStatus(status);
        return new Problem(type, type.defaultDetail(), instance);
    }
}
