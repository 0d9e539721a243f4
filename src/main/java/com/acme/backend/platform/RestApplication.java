package com.acme.backend.platform;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.info.License;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/**
 * Every resource of the API lives under {@code /api}. Callers authenticate with a bearer JWT from the identity
 * provider, which the application verifies itself (com.acme.backend.security), not Liberty: no login config here.
 * Which roles each operation needs is declared on the resource methods.
 */
@ApplicationPath("api")
@OpenAPIDefinition(info = @Info(title = "backend", version = "1",
        description = "Users REST API. Errors are RFC 9457 problems (application/problem+json); every response"
                + " carries X-Request-Id.", license = @License(name = "Proprietary", identifier = "LicenseRef-Proprietary")))
@SecurityScheme(securitySchemeName = RestApplication.BEARER, type = SecuritySchemeType.HTTP, scheme = "bearer",
        bearerFormat = "JWT", description = "A JWT from the identity provider; its groups claim carries the roles.")
public class RestApplication extends Application {

    /** The OpenAPI name of the bearer token scheme, for {@code @SecurityRequirement}. */
    public static final String BEARER = "bearer";
    /**
     * The OpenAPI extension listing the roles an operation accepts, any one of which suffices. The bearer
     * requirement itself carries no roles: Liberty validates the document by the OpenAPI 3.0 rule that only
     * OAuth2 and OpenID Connect requirements list any.
     */
    public static final String ROLES_EXTENSION = "x-roles";
}
