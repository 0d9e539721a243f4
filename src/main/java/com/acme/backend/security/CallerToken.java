package com.acme.backend.security;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import jakarta.servlet.http.HttpServletRequest;

import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * {@code @Inject JsonWebToken}: the token {@link BearerAuthentication} verified for the current request, or an empty
 * one (every claim absent) for an anonymous caller. An alternative with a priority, so that it is chosen over the
 * bean Liberty's MicroProfile JWT feature adds, which would only know tokens Liberty verified itself (for
 * {@code /metrics} only now).
 */
@ApplicationScoped
@Alternative
@Priority(Interceptor.Priority.APPLICATION + 100)
public class CallerToken {

    @Inject
    HttpServletRequest request;

    @Produces
    @RequestScoped
    @Alternative
    @Priority(Interceptor.Priority.APPLICATION + 100)
    @Typed(JsonWebToken.class)
    JsonWebToken current() {
        // JAX-RS request properties are the servlet request's attributes.
        return request.getAttribute(BearerAuthentication.TOKEN_PROPERTY) instanceof JsonWebToken token ? token
                : VerifiedToken.ANONYMOUS;
    }
}
