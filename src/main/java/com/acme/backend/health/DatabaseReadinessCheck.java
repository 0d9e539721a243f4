package com.acme.backend.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import com.acme.backend.db.CredentialRotation;
import com.acme.backend.db.DatabaseConfig;
import com.acme.backend.db.DatabaseProbe;
import com.acme.backend.db.pool.DatabaseSettings;
import com.acme.backend.db.Migrations;

/**
 * UP when the database answers a real query within the probe timeout and the schema is migrated. It never migrates:
 * a probe that finds the database answering before the schema is migrated wakes the start-up retry loop, which
 * migrates on its own thread (see the db package for how long readiness may lag a database's recovery).
 */
@Readiness
@ApplicationScoped
public class DatabaseReadinessCheck implements DiagnosedCheck {

    @Inject
    DatabaseProbe probe;

    @Inject
    Migrations migrations;

    @Inject
    CredentialRotation rotation;

    @Override
    public HealthCheckResponse diagnose() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("database");
        try {
            response.withData("kind", DatabaseConfig.kind().configName()).withData("target", DatabaseConfig.describe());
        } catch (DatabaseSettings.InvalidSettingsException e) {
            return response.down().withData("reason", "not configured: " + e.getMessage()).build();
        }
        DatabaseProbe.Result result = probe.probe();
        if (result.up() && !migrations.state().migrated()) {
            // The database is back: the retry loop migrates now rather than at its next back-off (up to 30 s).
            migrations.wake();
        }
        Migrations.State schema = migrations.state();
        response.withData("latencyMs", result.latencyMillis());
        result.product().ifPresent(product -> response.withData("product", product));
        response.withData("schema", schema.migrated() ? "migrated" : "pending");
        CredentialRotation.State credentials = rotation.state();
        response.withData("credentialSwitches", credentials.switches());
        response.withData("credentialRejections", credentials.rejections());
        // Readiness stays UP while the database answers: the pool still has working connections.
        credentials.lastRejection().ifPresent(reason -> response.withData("credentials", "rejected: " + reason));
        schema.schemaVersion().ifPresent(version -> response.withData("schemaVersion", version));
        if (!result.up()) {
            return response.down().withData("reason", result.reason().orElse("unavailable")).build();
        }
        if (!schema.migrated()) {
            return response.down()
                    .withData("reason", schema.lastError().map(e -> "migration failed: " + e).orElse("migration pending"))
                    .build();
        }
        return response.up().build();
    }
}
