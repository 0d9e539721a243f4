package com.acme.backend.client;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;

/**
 * Turns every 4xx and 5xx answer into a {@link UsersApiException} (the subclass for its status) carrying the
 * parsed problem. An answer that is not a problem (e.g. from a proxy in between) still gives one, with the status
 * and a generic title.
 */
public class ProblemExceptionMapper implements ResponseExceptionMapper<UsersApiException> {

    /** Created on first use: a runtime without JSON-B then fails only when an error is read, with a clear cause. */
    private static final class Json {
        static final Jsonb B = JsonbBuilder.create();
    }

    @Override
    public boolean handles(int status, MultivaluedMap<String, Object> headers) {
        return status >= 400;
    }

    @Override
    public UsersApiException toThrowable(Response response) {
        ProblemDetails problem = read(response);
        return switch (response.getStatus()) {
            case 400 -> new UsersApiException.InvalidRequest(problem);
            case 401 -> new UsersApiException.AuthenticationRequired(problem);
            case 403 -> new UsersApiException.AccessDenied(problem);
            case 404 -> new UsersApiException.NotFound(problem);
            case 409 -> new UsersApiException.Conflict(problem);
            case 412 -> new UsersApiException.PreconditionFailed(problem);
            case 413 -> new UsersApiException.PayloadTooLarge(problem);
            case 422 -> new UsersApiException.IdempotencyKeyReused(problem);
            case 503 -> new UsersApiException.Unavailable(problem, retryAfter(response));
            default -> new UsersApiException(problem);
        };
    }

    private static ProblemDetails read(Response response) {
        int status = response.getStatus();
        String fallbackTitle = response.getStatusInfo().getReasonPhrase();
        try {
            String body = response.hasEntity() ? response.readEntity(String.class) : "";
            if (body != null && body.trim().startsWith("{")) {
                ProblemDetails parsed = Json.B.fromJson(body, ProblemDetails.class);
                if (parsed != null && parsed.status() == status) {
                    return parsed;
                }
            }
        } catch (RuntimeException e) {
            // not a problem document (or unreadable): fall through to a generic one
        }
        return new ProblemDetails("about:blank", fallbackTitle, status, fallbackTitle, null, null, null);
    }

    private static long retryAfter(Response response) {
        String value = response.getHeaderString("Retry-After");
        try {
            return value == null ? 0 : Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
