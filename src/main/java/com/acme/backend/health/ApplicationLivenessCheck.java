package com.acme.backend.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** UP while the process can serve requests. Never touches the database: a database outage must not kill instances. */
@Liveness
@ApplicationScoped
public class ApplicationLivenessCheck implements DiagnosedCheck {

    @Inject
    BuildInfo build;

    @Override
    public HealthCheckResponse diagnose() {
        return HealthCheckResponse.named("application")
                .up()
                .withData("version", build.version())
                .withData("startedAt", build.started().toString())
                .withData("uptimeSeconds", build.uptime().toSeconds())
                .build();
    }
}
