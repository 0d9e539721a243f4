package com.acme.backend.health;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.health.Startup;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

import com.acme.backend.platform.RestApplication;
import com.acme.backend.security.Roles;

/**
 * {@code /api/health}: the application's checks in the MicroProfile Health JSON format under the API's path,
 * for platforms and proxies that only route {@code /api}. 200 when every check is UP, 503 otherwise. The probes
 * ({@code live}, {@code ready}, {@code started}) are public and give each check's status only; the full report with the
 * diagnostic data requires the {@code ops} role. One instance for the application: the probes are polled often, and a
 * per-request resource cost a CDI creation and three {@code Instance} injections on each.
 */
@ApplicationScoped
@Path("health")
@Produces(MediaType.APPLICATION_JSON)
public class HealthResource {

    private static final Logger LOG = Logger.getLogger(HealthResource.class.getName());
    /** MicroProfile Health's JSON: {"status": "UP"|"DOWN", "checks": [{"name", "status", "data"?}]}. */
    static final String HEALTH_SCHEMA = "#/components/schemas/Health";

    @Inject
    @Liveness
    Instance<HealthCheck> liveness;

    @Inject
    @Readiness
    Instance<HealthCheck> readiness;

    @Inject
    @Startup
    Instance<HealthCheck> startup;

    /** Every check, with its diagnostic data. */
    @GET
    @Operation(operationId = "health", summary = "Every health check with its diagnostic data (operators)",
            extensions = @Extension(name = RestApplication.ROLES_EXTENSION, value = Roles.OPS))
    @APIResponse(responseCode = "200", description = "Every check is UP.", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = HEALTH_SCHEMA)))
    @APIResponse(responseCode = "503", description = "A check is DOWN; its data says why.", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = HEALTH_SCHEMA)))
    @RolesAllowed(Roles.OPS)
    @SecurityRequirement(name = RestApplication.BEARER)
    public Response all() {
        List<HealthCheck> checks = new ArrayList<>();
        liveness.forEach(checks::add);
        readiness.forEach(checks::add);
        startup.forEach(checks::add);
        return report(checks, true);
    }

    @GET
    @Path("live")
    @PermitAll
    @Operation(operationId = "liveness", summary = "Liveness probe: whether the process can serve")
    @APIResponse(responseCode = "200", description = "UP.", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = HEALTH_SCHEMA)))
    @APIResponse(responseCode = "503", description = "DOWN: restart the instance.", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = HEALTH_SCHEMA)))
    public Response live() {
        return report(liveness.stream().toList(), false);
    }

    @GET
    @Path("ready")
    @PermitAll
    @Operation(operationId = "readiness", summary = "Readiness probe: whether the instance should get traffic")
    @APIResponse(responseCode = "200", description = "UP: database, secrets and authentication are usable.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = HEALTH_SCHEMA)))
    @APIResponse(responseCode = "503", description = "DOWN: keep traffic away; /api/health (ops) says why.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = HEALTH_SCHEMA)))
    public Response ready() {
        return report(readiness.stream().toList(), false);
    }

    @GET
    @Path("started")
    @PermitAll
    @Operation(operationId = "started", summary = "Start-up probe: whether the instance has started, for the"
            + " platform's health check")
    @APIResponse(responseCode = "200", description = "UP: every readiness check has been UP once, and the process is"
            + " live. Stays UP through later database or Vault outages, which readiness reports.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = HEALTH_SCHEMA)))
    @APIResponse(responseCode = "503", description = "DOWN: not started yet, or no longer live.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = HEALTH_SCHEMA)))
    public Response started() {
        return report(startup.stream().toList(), false);
    }

    private static Response report(List<HealthCheck> checks, boolean diagnostics) {
        boolean up = true;
        JsonArrayBuilder array = Json.createArrayBuilder();
        for (HealthCheck check : checks) {
            HealthCheckResponse response = call(check, diagnostics);
            up &= response.getStatus() == HealthCheckResponse.Status.UP;
            JsonObjectBuilder json = Json.createObjectBuilder()
                    .add("name", response.getName())
                    .add("status", response.getStatus().name());
            Optional<Map<String, Object>> data = response.getData();
            if (data.isPresent() && !data.get().isEmpty()) {
                JsonObjectBuilder dataJson = Json.createObjectBuilder();
                data.get().forEach((key, value) -> {
                    if (value instanceof Number number) {
                        dataJson.add(key, number.longValue());
                    } else if (value instanceof Boolean bool) {
                        dataJson.add(key, bool);
                    } else {
                        dataJson.add(key, String.valueOf(value));
                    }
                });
                json.add("data", dataJson);
            }
            array.add(json);
        }
        String body = Json.createObjectBuilder().add("status", up ? "UP" : "DOWN").add("checks", array).build().toString();
        return Response.status(up ? Response.Status.OK : Response.Status.SERVICE_UNAVAILABLE)
                .type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }

    // A check that throws is DOWN, as in MicroProfile Health, without its exception in the output.
    private static HealthCheckResponse call(HealthCheck check, boolean diagnostics) {
        try {
            return diagnostics && check instanceof DiagnosedCheck diagnosed ? diagnosed.diagnose() : check.call();
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "BKND0200E: Health check " + check.getClass().getName() + " failed", e);
            return HealthCheckResponse.named("check").down().withData("reason", "the check failed; see the server log")
                    .build();
        }
    }
}
