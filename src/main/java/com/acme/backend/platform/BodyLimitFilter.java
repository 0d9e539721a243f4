package com.acme.backend.platform;

import java.io.IOException;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;

import com.acme.backend.problems.PayloadTooLargeException;

/**
 * Caps request bodies at {@value #MAX_BODY_BYTES} bytes inside the application, so the answer is a problem
 * (Liberty's own limits answer outside JAX-RS). A declared Content-Length over the cap is refused before the
 * body is read; a chunked body is counted as it is read and fails once it passes the cap.
 */
@Provider
@PreMatching
public class BodyLimitFilter implements ContainerRequestFilter {

    public static final int MAX_BODY_BYTES = 64 * 1024;

    @Override
    public void filter(ContainerRequestContext request) throws IOException {
        String declared = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (declared != null && exceeds(declared.trim())) {
            String path = request.getUriInfo().getRequestUri().getRawPath();
            request.abortWith(new PayloadTooLargeException(MAX_BODY_BYTES).toProblem(path)
                    .toResponse(RequestIds.current()));
            return;
        }
        if (request.hasEntity()) {
            request.setEntityStream(new LimitedInputStream(request.getEntityStream(), MAX_BODY_BYTES));
        }
    }

    private static boolean exceeds(String contentLength) {
        try {
            return Long.parseLong(contentLength) > MAX_BODY_BYTES;
        } catch (NumberFormatException e) {
            // Not a number: a length of 20 digits or more certainly exceeds; anything else the container rejects.
            return contentLength.chars().allMatch(Character::isDigit) && !contentLength.isEmpty();
        }
    }
}
