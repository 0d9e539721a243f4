package com.acme.backend.security;

import com.acme.backend.problems.ProblemException;
import com.acme.backend.problems.ProblemType;
import jakarta.annotation.Priority;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Enforces {@code @RolesAllowed}, {@code @PermitAll} and {@code @DenyAll} (method first, then class) on every
 * resource method, answering 401 or 403 as problems. Liberty checks the same annotations after this filter, but
 * answers 401 with an empty body; checking first gives clients one error format. A resource method without any
 * of the annotations is refused: a new endpoint must say who may call it.
 */
@Provider
public class RoleCheck implements DynamicFeature {

    /** Counts refused requests per reason: {@code unauthenticated} (401) or {@code forbidden} (403). */
    static final String REJECTIONS = "auth.rejections";

    @Inject
    MetricRegistry metrics;

    @Override
    public void configure(ResourceInfo resource, FeatureContext context) {
        context.register(
                new Requirement(requiredRoles(resource.getResourceClass(), resource.getResourceMethod()), metrics));
    }

    /** The roles any one of which a method needs; empty when anyone may call it. */
    static Optional<List<String>> requiredRoles(Class<?> type, Method method) {
        if (method.isAnnotationPresent(PermitAll.class)) {
            return Optional.empty();
        }
        if (method.isAnnotationPresent(DenyAll.class)) {
            return Optional.of(List.of());
        }
        RolesAllowed onMethod = method.getAnnotation(RolesAllowed.class);
        if (onMethod != null) {
            return Optional.of(List.of(onMethod.value()));
        }
        if (type.isAnnotationPresent(PermitAll.class)) {
            return Optional.empty();
        }
        RolesAllowed onType = type.getAnnotation(RolesAllowed.class);
        return Optional.of(onType == null ? List.of() : List.of(onType.value()));
    }

    @Priority(Priorities.AUTHORIZATION)
    static final class Requirement implements ContainerRequestFilter {

        private final Optional<List<String>> roles;
        private final Counter unauthenticated;
        private final Counter forbidden;

        Requirement(Optional<List<String>> roles, MetricRegistry metrics) {
            this.roles = roles;
            this.unauthenticated = metrics.counter(REJECTIONS, new Tag("reason", "unauthenticated"));
            this.forbidden = metrics.counter(REJECTIONS, new Tag("reason", "forbidden"));
        }

        @Override
        public void filter(ContainerRequestContext request) {
            if (roles.isEmpty()) {
                return;
            }
            SecurityContext security = request.getSecurityContext();
            if (security.getUserPrincipal() == null) {
                unauthenticated.inc();
                throw new ProblemException(ProblemType.UNAUTHORIZED, ProblemType.UNAUTHORIZED.defaultDetail());
            }
            for (String role : roles.get()) {
                if (security.isUserInRole(role)) {
                    return;
                }
            }
            forbidden.inc();
            throw new ProblemException(
                    ProblemType.FORBIDDEN,
                    roles.get().isEmpty()
                            ? "No one may call this operation."
                            : "This operation requires one of the roles: " + String.join(", ", roles.get()) + ".");
        }
    }
}
