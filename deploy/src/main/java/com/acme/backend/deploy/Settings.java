package com.acme.backend.deploy;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import software.constructs.Node;

/** The deployment's parameters, from CDK context ({@code -c name=value} or cdk.json), with defaults. */
public record Settings(String serviceName, String account, String region, Set<Target> targets,
                       String dbInstanceClass, int dbPoolMax, int maxInstances, String vaultAddress, String vaultRole,
                       String vaultSecretPath, String vaultTemplate, String jwtIssuer, String jwtAudiences, String jwksUrl,
                       String githubRepository, String githubOidcProviderArn, String certificateArn) {

    /** Where the image runs: App Runner (closed to new AWS customers since 2026) and/or ECS on Fargate. */
    public enum Target { APPRUNNER, ECS }

    /**
     * @throws IllegalArgumentException without an account (an environment-agnostic synth would give the network
     *                                  two availability zones instead of three), with an unknown target, or with
     *                                  the ECS target but no certificate for its load balancer
     */
    public static Settings from(Node context) {
        String account = value(context, "account", System.getenv("CDK_DEFAULT_ACCOUNT"));
        if (account == null || account.isBlank()) {
            throw new IllegalArgumentException("Set the AWS account: -c account=123456789012 (or CDK_DEFAULT_ACCOUNT)");
        }
        Set<Target> targets = targets(value(context, "targets", "apprunner"));
        String certificateArn = value(context, "certificateArn", null);
        if (targets.contains(Target.ECS) && (certificateArn == null || certificateArn.isBlank())) {
            throw new IllegalArgumentException("The ECS target serves HTTPS: set -c certificateArn=<ACM certificate"
                    + " ARN in the same region>");
        }
        return new Settings(
                value(context, "serviceName", "backend"),
                account,
                value(context, "region", System.getenv().getOrDefault("CDK_DEFAULT_REGION", "us-east-1")),
                targets,
                value(context, "dbInstanceClass", "db.t4g.medium"),
                Integer.parseInt(value(context, "dbPoolMax", "10")),
                Integer.parseInt(value(context, "maxInstances", "10")),
                value(context, "vaultAddress", "https://vault.internal:8200"),
                // The seed's Vault layout, so an existing Vault serves this service unchanged.
                value(context, "vaultRole", "node-api"),
                value(context, "vaultSecretPath", "kv/data/secrets/nodeapp"),
                value(context, "vaultTemplate", "app.env.ctmpl"),
                value(context, "jwtIssuer", "https://idp.example.com/realms/acme"),
                value(context, "jwtAudiences", "backend"),
                value(context, "jwksUrl", "https://idp.example.com/realms/acme/protocol/openid-connect/certs"),
                value(context, "githubRepository", "acme/backend"),
                value(context, "githubOidcProviderArn", null),
                certificateArn);
    }

    /** The SSM parameter the pipeline writes the deployed image tag to; every target reads its image from it. */
    public String imageTagParameter() {
        return "/" + serviceName + "/image-tag";
    }

    public boolean runsOn(Target target) {
        return targets.contains(target);
    }

    private static Set<Target> targets(String list) {
        try {
            Set<Target> targets = Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                    .map(s -> Target.valueOf(s.toUpperCase(java.util.Locale.ROOT)))
                    .collect(Collectors.toUnmodifiableSet());
            if (!targets.isEmpty()) {
                return targets;
            }
        } catch (IllegalArgumentException unknown) {
            // reported below with the accepted values
        }
        throw new IllegalArgumentException("targets must list apprunner and/or ecs, comma-separated; got '" + list
                + "'");
    }

    private static String value(Node context, String key, String fallback) {
        Object value = context.tryGetContext(key);
        return value == null ? fallback : value.toString();
    }
}
