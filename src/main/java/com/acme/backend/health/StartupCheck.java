package com.acme.backend.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.health.Startup;

/**
 * The start-up latch the platforms probe ({@code /api/health/started}, and MicroProfile Health's
 * {@code /health/started}): DOWN until every readiness check has been UP at the same time once (schema current,
 * secrets read, database answered, authentication configured); from then on UP for as long as liveness is UP.
 * <p>
 * A release that can never become ready (wrong Vault path, bad credentials) therefore never passes the platform's
 * health check and never takes traffic, while an outage after start (the database failing over, Vault away) fails
 * readiness only, so the platform restarts nothing: a replacement could not start without the database either.
 */
@Startup
@ApplicationScoped
public class StartupCheck implements DiagnosedCheck {

    private static final Logger LOG = Logger.getLogger(StartupCheck.class.getName());

    @Inject
    @Readiness
    Instance<HealthCheck> readiness;

    @Inject
    @Liveness
    Instance<HealthCheck> liveness;

    private volatile Instant startedAt;

    @Override
    public HealthCheckResponse diagnose() {
        Instant started = startedAt;
        if (started == null) {
            List<String> waitingFor = down(readiness);
            if (!waitingFor.isEmpty()) {
                return HealthCheckResponse.named("startup")
                        .down()
                        .withData("reason", "not ready yet: " + String.join(", ", waitingFor))
                        .build();
            }
            started = latch();
        }
        List<String> notLive = down(liveness);
        if (!notLive.isEmpty()) {
            return HealthCheckResponse.named("startup")
                    .down()
                    .withData("startedAt", started.toString())
                    .withData("reason", "not live: " + String.join(", ", notLive))
                    .build();
        }
        return HealthCheckResponse.named("startup")
                .up()
                .withData("startedAt", started.toString())
                .build();
    }

    private synchronized Instant latch() {
        if (startedAt == null) {
            startedAt = Instant.now();
            LOG.info("BKND0203I: Started: every readiness check was UP. From now on the start-up probe follows"
                    + " liveness only.");
        }
        return startedAt;
    }

    /** The names of the checks that are not UP (a check that throws counts as DOWN). */
    private static List<String> down(Instance<HealthCheck> checks) {
        List<String> down = new ArrayList<>();
        for (HealthCheck check : checks) {
            HealthCheckResponse response;
            try {
                response = check.call();
            } catch (RuntimeException e) {
                down.add(check.getClass().getSimpleName());
                continue;
            }
            if (response.getStatus() != HealthCheckResponse.Status.UP) {
                down.add(response.getName());
            }
        }
        return down;
    }
}
