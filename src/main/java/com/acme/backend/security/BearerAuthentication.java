package com.acme.backend.security;

import java.util.Optional;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.Provider;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

import com.acme.backend.problems.ProblemException;
import com.acme.backend.problems.ProblemType;

/**
 * With {@code AUTH_MODE=jwt}, authenticates {@code /api} requests by their bearer token (see {@link BearerTokens}):
 * a valid token makes its {@link JsonWebToken} the request's principal, with the token's groups as roles, for
 * {@link RoleCheck}, Liberty's own {@code @RolesAllowed} check and {@code @Inject JsonWebToken}; an invalid one is
 * refused with 401 on every operation, public ones included, as Liberty's MicroProfile JWT refused it before; no
 * token leaves the request anonymous, for {@link RoleCheck} to decide. Liberty's per-request security (its
 * MicroProfile JWT interceptor, subject and role mapping) no longer runs for {@code /api}: it cost more CPU than the
 * rest of a cached read.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class BearerAuthentication implements ContainerRequestFilter {

    /** The request property that holds the caller's verified token, for {@link CallerToken}. */
    static final String TOKEN_PROPERTY = BearerAuthentication.class.getName() + ".token";
    private static final String SCHEME = "Bearer";

    @Inject
    AuthPolicy policy;

    @Inject
    BearerTokens tokens;

    @Inject
    MetricRegistry metrics;

    @Override
    public void filter(ContainerRequestContext request) {
        if (policy.mode() != AuthMode.JWT) {
            return;
        }
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())
                || authorization.length() > SCHEME.length() && authorization.charAt(SCHEME.length()) != ' ') {
            return; // anonymous, or another scheme: nothing proves a caller
        }
        Optional<VerifiedToken> token = tokens.verify(authorization.substring(SCHEME.length()).strip());
        if (token.isEmpty()) {
            metrics.counter(RoleCheck.REJECTIONS, new Tag("reason", "unauthenticated")).inc();
            // One answer for every kind of bad token: no hint of what was wrong, and the token is not echoed.
            throw new ProblemException(ProblemType.UNAUTHORIZED, ProblemType.UNAUTHORIZED.defaultDetail());
        }
        VerifiedToken caller = token.get();
        request.setProperty(TOKEN_PROPERTY, caller);
        boolean secure = request.getSecurityContext().isSecure();
        request.setSecurityContext(new SecurityContext() {
            @Override
            public JsonWebToken getUserPrincipal() {
                return caller;
            }

            @Override
            public boolean isUserInRole(String role) {
                return caller.isInGroup(role);
            }

            @Override
            public boolean isSecure() {
                return secure;
            }

            @Override
            public String getAuthenticationScheme() {
                return "MP-JWT";
            }
        });
    }
}
