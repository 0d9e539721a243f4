package com.acme.backend.security;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;
import java.security.Principal;

/**
 * With {@code AUTH_MODE=none}, every request acts as a local developer holding every role, so that both this
 * package's check and Liberty's own {@code @RolesAllowed} check (which consults this security context first)
 * let it through. With {@code jwt} it does nothing.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class LocalDevelopmentIdentity implements ContainerRequestFilter {

    static final String NAME = "local-developer";
    private static final Principal PRINCIPAL = () -> NAME;

    @Inject
    AuthPolicy policy;

    @Override
    public void filter(ContainerRequestContext request) {
        if (policy.mode() != AuthMode.NONE) {
            return;
        }
        request.setSecurityContext(new CallerContext(
                PRINCIPAL, role -> true, request.getSecurityContext().isSecure(), "NONE"));
    }
}
