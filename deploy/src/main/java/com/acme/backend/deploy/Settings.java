package com.acme.backend.deploy;

import software.constructs.Node;

/** The deployment's parameters, from CDK context ({@code -c name=value} or cdk.json), with defaults. */
public record Settings(String serviceName, String account, String region, String dbInstanceClass, int dbPoolMax,
                       int maxInstances, String vaultAddress, String vaultRole, String vaultSecretPath,
                       String jwtIssuer, String jwtAudiences, String jwksUrl, String githubRepository) {

    /**
     * @throws IllegalArgumentException without an account: an environment-agnostic synth would give the network
     *                                  two availability zones instead of three
     */
    public static Settings from(Node context) {
        String account = value(context, "account", System.getenv("CDK_DEFAULT_ACCOUNT"));
        if (account == null || account.isBlank()) {
            throw new IllegalArgumentException("Set the AWS account: -c account=123456789012 (or CDK_DEFAULT_ACCOUNT)");
        }
        return new Settings(
                value(context, "serviceName", "backend"),
                account,
                value(context, "region", System.getenv().getOrDefault("CDK_DEFAULT_REGION", "us-east-1")),
                value(context, "dbInstanceClass", "db.t4g.medium"),
                Integer.parseInt(value(context, "dbPoolMax", "10")),
                Integer.parseInt(value(context, "maxInstances", "10")),
                value(context, "vaultAddress", "https://vault.internal:8200"),
                value(context, "vaultRole", "backend"),
                value(context, "vaultSecretPath", "kv/data/secrets/backend"),
                value(context, "jwtIssuer", "https://idp.example.com/realms/acme"),
                value(context, "jwtAudiences", "backend"),
                value(context, "jwksUrl", "https://idp.example.com/realms/acme/protocol/openid-connect/certs"),
                value(context, "githubRepository", "acme/backend"));
    }

    /** The SSM parameter the pipeline writes the deployed image tag to; the service reads its image from it. */
    public String imageTagParameter() {
        return "/" + serviceName + "/image-tag";
    }

    private static String value(Node context, String key, String fallback) {
        Object value = context.tryGetContext(key);
        return value == null ? fallback : value.toString();
    }
}
