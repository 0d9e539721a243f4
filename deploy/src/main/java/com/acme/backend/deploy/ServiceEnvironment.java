package com.acme.backend.deploy;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The container's environment, the same on every target: database kind, pool and TLS, token verification, and where
 * Vault Agent logs in and what it reads. Secrets come from Vault at run time, never from here. (The CA certificate
 * of Vault's TLS is public; from an SSM parameter it is passed by each target as a reference, see
 * {@link #VAULT_CACERT_PEM}.)
 * <p>
 * Which DNS resolves {@code VAULT_ADDR}: the VPC's own resolver (the Amazon-provided DNS at the VPC range's base + 2,
 * which needs the VPC's {@code enableDnsSupport}; the new VPC has it and {@code enableDnsHostnames} on). A public name
 * (HCP Vault's, say) resolves as on the internet. A private name needs either a Route 53 private hosted zone
 * associated with this VPC, which also needs {@code enableDnsHostnames}
 * (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/hosted-zone-private-considerations.html), or a Route 53
 * Resolver forwarding rule to the DNS servers that know the name, for a peered network or on premises
 * (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resolver-overview-DSN-queries-to-vpc.html). ECS tasks on
 * Fargate use the VPC's resolver; App Runner's VPC connector sends the service's traffic through the VPC
 * (https://docs.aws.amazon.com/apprunner/latest/dg/network-vpc.html), see deploy/README.md for what is known of its
 * name resolution.
 */
final class ServiceEnvironment {

    static final String PORT = "9080";
    /** The PEM of the CA that signed Vault's TLS certificate; the entrypoint writes it to a file for VAULT_CACERT. */
    static final String VAULT_CACERT_PEM = "VAULT_CACERT_PEM";
    /** Amazon RDS's CA bundle as a PKCS12 trust store without a password, carried by the image (Containerfile). */
    static final String RDS_TRUST_STORE = "/opt/backend/rds-ca.p12";

    private ServiceEnvironment() {}

    /**
     * @param otlpEndpoint where traces go over OTLP/gRPC, or null for none (the entrypoint then sets no exporter)
     */
    static Map<String, String> of(Settings settings, String otlpEndpoint) {
        Settings.Vault vault = settings.vault();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PORT", PORT);
        env.put("DB_KIND", "mysql");
        env.put("DB_POOL_MAX", Integer.toString(settings.dbPoolMax()));
        // The database requires TLS (require_secure_transport=ON, DataStack); the service also checks RDS's
        // certificate and host name against the RDS CA bundle.
        env.put("DB_SSL_MODE", "VERIFY_IDENTITY");
        env.put("DB_SSL_TRUSTSTORE", RDS_TRUST_STORE);
        env.put("AUTH_MODE", "jwt");
        env.put("MP_JWT_VERIFY_ISSUER", settings.jwtIssuer());
        env.put("MP_JWT_VERIFY_AUDIENCES", settings.jwtAudiences());
        env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", settings.jwksUrl());
        env.put("VAULT_ADDR", vault.address());
        env.put("VAULT_AUTH_METHOD", "aws");
        env.put("VAULT_AUTH_PATH", vault.authPath());
        if (vault.iamServerId() != null) {
            // Must equal the mount's iam_server_id_header_value; without it the entrypoint sends VAULT_ADDR's host.
            env.put("VAULT_IAM_SERVER_ID", vault.iamServerId());
        }
        if (vault.caCert() != null) {
            env.put(VAULT_CACERT_PEM, vault.caCert());
        }
        env.put("VAULT_ROLE", vault.role());
        env.put("VAULT_SECRET_PATH", vault.secretPath());
        env.put("VAULT_TEMPLATE", vault.template());
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
