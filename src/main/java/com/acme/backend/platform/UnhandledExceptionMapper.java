package com.acme.backend.platform;

import java.util.Optional;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.inject.Inject;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import com.acme.backend.db.DatabaseErrors;
import com.acme.backend.problems.Problem;
import com.acme.backend.problems.ProblemType;

/**
 * The last resort: a failure no other mapper handles. A database that cannot be reached becomes 503 with
 * {@code Retry-After}; anything else is logged with a reference and answered 500 with only that reference, so no
 * exception class, message or stack trace reaches the client.
 */
@Provider
public class UnhandledExceptionMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(UnhandledExceptionMapper.class.getName());

    @Context
    UriInfo uriInfo;

    @Inject
    DatabaseErrors databaseErrors;

    @Override
    public Response toResponse(Throwable exception) {
        String instance = Instances.of(uriInfo);
        databaseErrors.record(exception);
        Optional<String> requestId = RequestIds.current();
        return Failures.classify(exception, instance).map(problem -> problem.toResponse(requestId)).orElseGet(() -> {
            // Generated here, not the request id, which the caller may choose; the log line carries both.
            String reference = UUID.randomUUID().toString();
            LOG.log(Level.SEVERE, "BKND0100E: Unhandled failure, reference " + reference + ", at " + instance, exception);
            return new Problem(ProblemType.INTERNAL,
                    "An unexpected error occurred. Reference: " + reference + ".", instance).toResponse(requestId);
        });
    }
}
