package com.acme.backend.health;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * A health check whose data is diagnostics for operators. The public probe endpoints (MicroProfile Health's
 * {@code /health/*} and {@code /api/health/live|ready}) get its name and status only; the data goes to
 * {@code /api/health}, which requires the {@code ops} role.
 */
public interface DiagnosedCheck extends HealthCheck {

    /** The status with its diagnostic data. */
    HealthCheckResponse diagnose();

    @Override
    default HealthCheckResponse call() {
        HealthCheckResponse full = diagnose();
        return HealthCheckResponse.named(full.getName())
                .status(full.getStatus() == HealthCheckResponse.Status.UP)
                .build();
    }
}
