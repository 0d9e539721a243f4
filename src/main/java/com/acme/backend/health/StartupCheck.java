package com.acme.backend.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;

/**
 * UP once the application is deployed and its beans can be created: the JAX-RS, CDI and JPA layers are up. It
 * does not wait for the database, whose outages readiness reports.
 */
@Startup
@ApplicationScoped
public class StartupCheck implements HealthCheck {

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("startup").up().build();
    }
}
