package com.acme.backend.deploy;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The container's environment, the same on every target: database kind and pool, token verification, and where
 * Vault Agent logs in and what it reads. Secrets come from Vault at run time, never from here.
 */
final class ServiceEnvironment {

    static final String PORT = "9080";

    private ServiceEnvironment() {
    }

    /**
     * @param otlpEndpoint where traces go over OTLP/gRPC, or null for none (the entrypoint then sets no exporter)
     */
    static Map<String, String> of(Settings settings, String otlpEndpoint) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PORT", PORT);
        env.put("DB_KIND", "mysql");
        env.put("DB_POOL_MAX", Integer.toString(settings.dbPoolMax()));
        env.put("AUTH_MODE", "jwt");
        env.put("MP_JWT_VERIFY_ISSUER", settings.jwtIssuer());
        env.put("MP_JWT_VERIFY_AUDIENCES", settings.jwtAudiences());
        env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", settings.jwksUrl());
        env.put("VAULT_ADDR", settings.vaultAddress());
        env.put("VAULT_AUTH_METHOD", "aws");
        env.put("VAULT_ROLE", settings.vaultRole());
        env.put("VAULT_SECRET_PATH", settings.vaultSecretPath());
        env.put("VAULT_TEMPLATE", settings.vaultTemplate());
        env.put("OTEL_SERVICE_NAME", settings.serviceName());
        if (otlpEndpoint != null) {
            env.put("OTEL_EXPORTER_OTLP_ENDPOINT", otlpEndpoint);
            env.put("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc");
            env.put("OTEL_TRACES_EXPORTER", "otlp");
            // Traces only: metrics are scraped from /metrics, logs go to stdout.
            env.put("OTEL_METRICS_EXPORTER", "none");
            env.put("OTEL_LOGS_EXPORTER", "none");
        }
        return env;
    }
}
