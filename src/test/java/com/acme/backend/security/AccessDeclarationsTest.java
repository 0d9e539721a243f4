package com.acme.backend.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.acme.backend.ApplicationClasses;
import com.acme.backend.platform.RestApplication;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.junit.jupiter.api.Test;

/**
 * Every resource method of the application says who may call it, and its OpenAPI declaration says the same:
 * a bearer requirement and an {@code x-roles} extension exactly when {@code @RolesAllowed} applies; and every one
 * has an operationId and a summary.
 */
class AccessDeclarationsTest {

    private static List<Method> resourceMethods() {
        return ApplicationClasses.resourceMethods();
    }

    @Test
    void theResourcesAreFound() throws Exception {
        assertTrue(resourceMethods().size() >= 8, "users (5) and health (3) at least: " + resourceMethods());
    }

    @Test
    void everyResourceMethodSaysWhoMayCallIt() throws Exception {
        for (Method method : resourceMethods()) {
            boolean declared = method.isAnnotationPresent(RolesAllowed.class)
                    || method.isAnnotationPresent(PermitAll.class)
                    || method.getDeclaringClass().isAnnotationPresent(RolesAllowed.class)
                    || method.getDeclaringClass().isAnnotationPresent(PermitAll.class);
            assertTrue(declared, method + " needs @RolesAllowed or @PermitAll");
        }
    }

    @Test
    void theOpenApiDeclarationMatchesTheRoles() throws Exception {
        for (Method method : resourceMethods()) {
            Optional<List<String>> roles = RoleCheck.requiredRoles(method.getDeclaringClass(), method);
            SecurityRequirement requirement = method.getAnnotation(SecurityRequirement.class);
            Operation operation = method.getAnnotation(Operation.class);
            assertTrue(
                    operation != null
                            && !operation.summary().isBlank()
                            && !operation.operationId().isBlank(),
                    method + " has @Operation with an operationId and a summary");
            Extension extension = Stream.of(operation.extensions())
                    .filter(e -> e.name().equals(RestApplication.ROLES_EXTENSION))
                    .findFirst()
                    .orElse(null);
            if (roles.isEmpty()) {
                assertEquals(null, requirement, method + " is public: no security requirement");
                assertEquals(null, extension, method + " is public: no " + RestApplication.ROLES_EXTENSION);
                continue;
            }
            assertTrue(
                    requirement != null && requirement.name().equals(RestApplication.BEARER),
                    method + " declares the bearer requirement");
            assertTrue(
                    extension != null && extension.name().equals(RestApplication.ROLES_EXTENSION),
                    method + " declares " + RestApplication.ROLES_EXTENSION);
            assertEquals(String.join(", ", roles.get()), extension.value(), method.toString());
        }
    }

    @Test
    void methodAnnotationsOverrideTheClass() throws Exception {
        assertEquals(Optional.empty(), RoleCheck.requiredRoles(Sample.class, Sample.class.getDeclaredMethod("open")));
        assertEquals(
                Optional.of(List.of("a")),
                RoleCheck.requiredRoles(Sample.class, Sample.class.getDeclaredMethod("inherited")));
        assertEquals(
                Optional.of(List.of("b", "c")),
                RoleCheck.requiredRoles(Sample.class, Sample.class.getDeclaredMethod("own")));
        assertEquals(
                Optional.of(List.of()),
                RoleCheck.requiredRoles(Bare.class, Bare.class.getDeclaredMethod("undeclared")),
                "undeclared: no role suffices, so no one may call it");
    }

    @RolesAllowed("a")
    static class Sample {
        @PermitAll
        void open() {}

        void inherited() {}

        @RolesAllowed({"b", "c"})
        void own() {}
    }

    static class Bare {
        void undeclared() {}
    }
}
