package com.acme.backend.deploy;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import software.constructs.Node;

/**
 * The deployment's parameters, from CDK context ({@code -c name=value} or cdk.json), with defaults. Every value is
 * checked here, so a wrong one stops {@code cdk synth} with a message naming the context key instead of failing
 * half-way through a CloudFormation deployment. deploy/README.md lists them.
 */
public record Settings(
        String serviceName,
        String account,
        String region,
        Set<Target> targets,
        String dbInstanceClass,
        int dbPoolMax,
        int maxInstances,
        String databaseName,
        Network network,
        Vault vault,
        String jwtIssuer,
        String jwtAudiences,
        String jwksUrl,
        String githubRepository,
        String githubOidcProviderArn,
        String certificateArn) {

    /**
     * Where the image runs: ECS on Fargate (the default), and/or App Runner. App Runner is closed to new customers
     * since 30 April 2026 (https://docs.aws.amazon.com/apprunner/latest/dg/apprunner-availability-change.html), so
     * only accounts that already use it can choose it.
     */
    public enum Target {
        ECS,
        APPRUNNER
    }

    /** Where Vault runs, as seen from the service's network. */
    public enum VaultNetwork {
        /** In this stack's VPC, behind the {@code Vault} security group the data stack creates and exports. */
        VPC,
        /** In another network reached through VPC peering or a transit gateway: {@code vaultCidr} or {@code vaultPrefixListId}. */
        PEERED,
        /** An HTTPS endpoint on the internet (HCP Vault with a public address, for one), through the NAT gateway. */
        INTERNET
    }

    /**
     * The VPC: a new one with {@code cidr}, or an existing one imported by id ({@code vpcId} set) with its subnets
     * given explicitly, so synthesis needs no AWS account lookup.
     */
    public record Network(
            String vpcId,
            List<String> availabilityZones,
            List<String> privateSubnetIds,
            List<String> publicSubnetIds,
            String cidr) {

        public boolean existing() {
            return vpcId != null;
        }
    }

    /**
     * How the service reaches Vault and logs in. {@code port} comes from {@code address}: its explicit port, else the
     * scheme's (443 for https). {@code caCert} is PEM text, {@code caCertParameter} the name of an SSM String
     * parameter holding it (at most one of the two).
     */
    public record Vault(
            String address,
            int port,
            VaultNetwork network,
            String cidr,
            String prefixListId,
            String role,
            String secretPath,
            String template,
            String iamServerId,
            String authPath,
            String caCert,
            String caCertParameter) {}

    static final String DEFAULT_VPC_CIDR = "10.0.0.0/16";
    private static final Pattern CIDR = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");
    private static final Pattern PREFIX_LIST = Pattern.compile("pl-[0-9a-f]{8,17}");
    private static final Pattern DATABASE_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");

    /**
     * @throws IllegalArgumentException without an account (an environment-agnostic synth would give the network
     *                                  two availability zones instead of three), with an unknown target, with the ECS
     *                                  target but no certificate for its load balancer, or with any context value
     *                                  that cannot work (the message names it)
     */
    public static Settings from(Node context) {
        String account = value(context, "account", System.getenv("CDK_DEFAULT_ACCOUNT"));
        if (account == null || account.isBlank()) {
            throw new IllegalArgumentException("Set the AWS account: -c account=123456789012 (or CDK_DEFAULT_ACCOUNT)");
        }
        Set<Target> targets = targets(value(context, "targets", "ecs"));
        String certificateArn = value(context, "certificateArn", null);
        if (targets.contains(Target.ECS) && (certificateArn == null || certificateArn.isBlank())) {
            throw new IllegalArgumentException(
                    "The ECS target serves HTTPS: set -c certificateArn=<ACM certificate" + " ARN in the same region>");
        }
        String databaseName = value(context, "databaseName", "backend");
        if (!DATABASE_NAME.matcher(databaseName).matches()) {
            throw new IllegalArgumentException("databaseName must start with a letter and hold only letters, digits"
                    + " and _ (at most 64 characters); got '" + databaseName + "'");
        }
        return new Settings(
                value(context, "serviceName", "backend"),
                account,
                value(context, "region", System.getenv().getOrDefault("CDK_DEFAULT_REGION", "us-east-1")),
                targets,
                value(context, "dbInstanceClass", "db.t4g.medium"),
                Integer.parseInt(value(context, "dbPoolMax", "10")),
                Integer.parseInt(value(context, "maxInstances", "10")),
                databaseName,
                network(context, targets),
                vault(context),
                value(context, "jwtIssuer", "https://idp.example.com/realms/acme"),
                value(context, "jwtAudiences", "backend"),
                value(context, "jwksUrl", "https://idp.example.com/realms/acme/protocol/openid-connect/certs"),
                value(context, "githubRepository", "acme/backend"),
                value(context, "githubOidcProviderArn", null),
                certificateArn);
    }

    /** The SSM parameter the pipeline writes the deployed image tag or digest to; every target reads its image from it. */
    public String imageTagParameter() {
        return "/" + serviceName + "/image-tag";
    }

    public boolean runsOn(Target target) {
        return targets.contains(target);
    }

    private static Network network(Node context, Set<Target> targets) {
        String vpcId = value(context, "vpcId", null);
        String cidr = value(context, "vpcCidr", null);
        if (cidr != null) {
            cidr(cidr, "vpcCidr");
        }
        if (vpcId == null) {
            cidr = cidr == null ? DEFAULT_VPC_CIDR : cidr;
            int prefix = Integer.parseInt(cidr.substring(cidr.indexOf('/') + 1));
            // The subnets are the second to seventh /24 of the range (NetworkStack), and a VPC is at most a /16.
            if (prefix < 16 || prefix > 21) {
                throw new IllegalArgumentException(
                        "vpcCidr of a new VPC must be a /16 to /21 (its subnets are /24s);" + " got " + cidr);
            }
            return new Network(null, List.of(), List.of(), List.of(), cidr);
        }
        List<String> zones = list(value(context, "availabilityZones", null));
        List<String> privateSubnets = list(value(context, "privateSubnetIds", null));
        List<String> publicSubnets = list(value(context, "publicSubnetIds", null));
        if (cidr == null || zones.isEmpty() || privateSubnets.isEmpty()) {
            throw new IllegalArgumentException("An existing VPC (vpcId) is imported without looking it up: also set"
                    + " vpcCidr (its CIDR), availabilityZones and privateSubnetIds (and publicSubnetIds for the ECS"
                    + " load balancer), comma-separated, in the same order");
        }
        if (privateSubnets.size() != zones.size()
                || (!publicSubnets.isEmpty() && publicSubnets.size() != zones.size())) {
            throw new IllegalArgumentException("privateSubnetIds and publicSubnetIds need one subnet per availability"
                    + " zone, in the order of availabilityZones: " + zones.size() + " zones, " + privateSubnets.size()
                    + " private, " + publicSubnets.size() + " public");
        }
        if (targets.contains(Target.ECS) && publicSubnets.isEmpty()) {
            throw new IllegalArgumentException("The ECS target's internet-facing load balancer needs publicSubnetIds");
        }
        return new Network(vpcId, zones, privateSubnets, publicSubnets, cidr);
    }

    private static Vault vault(Node context) {
        String address = value(context, "vaultAddress", "https://vault.internal:8200");
        URI uri;
        try {
            uri = URI.create(address);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("vaultAddress is not a URL: " + address, e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
            throw new IllegalArgumentException("vaultAddress must be an http(s) URL with a host name, such as"
                    + " https://vault.example.com:8200; got " + address);
        }
        int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;

        String mode = value(context, "vaultNetwork", "vpc");
        VaultNetwork network;
        try {
            network = VaultNetwork.valueOf(mode.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            throw new IllegalArgumentException("vaultNetwork must be vpc, peered or internet; got '" + mode + "'");
        }
        String cidr = value(context, "vaultCidr", null);
        String prefixList = value(context, "vaultPrefixListId", null);
        if (cidr != null) {
            cidr(cidr, "vaultCidr");
        }
        if (prefixList != null && !PREFIX_LIST.matcher(prefixList).matches()) {
            throw new IllegalArgumentException(
                    "vaultPrefixListId must be a managed prefix list id (pl-...); got " + prefixList);
        }
        if (network == VaultNetwork.PEERED && (cidr == null) == (prefixList == null)) {
            throw new IllegalArgumentException("vaultNetwork=peered needs where Vault is: exactly one of vaultCidr"
                    + " (e.g. 10.1.0.0/16) or vaultPrefixListId (pl-...)");
        }
        if (network != VaultNetwork.PEERED && (cidr != null || prefixList != null)) {
            throw new IllegalArgumentException("vaultCidr and vaultPrefixListId apply to vaultNetwork=peered only");
        }
        String caCert = value(context, "vaultCaCert", null);
        String caCertParameter = value(context, "vaultCaCertParameter", null);
        if (caCert != null && caCertParameter != null) {
            throw new IllegalArgumentException(
                    "Set vaultCaCert (the PEM) or vaultCaCertParameter (an SSM parameter" + " holding it), not both");
        }
        if (caCert != null && !caCert.contains("-----BEGIN CERTIFICATE-----")) {
            throw new IllegalArgumentException("vaultCaCert must be PEM text (-----BEGIN CERTIFICATE-----...); for a"
                    + " parameter name use vaultCaCertParameter");
        }
        return new Vault(
                address,
                port,
                network,
                cidr,
                prefixList,
                // The names vault-agent/README.md configures, so an existing Vault serves this service unchanged.
                value(context, "vaultRole", "node-api"),
                value(context, "vaultSecretPath", "kv/data/secrets/nodeapp"),
                value(context, "vaultTemplate", "app.env.ctmpl"),
                value(context, "vaultIamServerId", null),
                value(context, "vaultAuthPath", "auth/aws"),
                caCert,
                caCertParameter);
    }

    private static void cidr(String cidr, String key) {
        var m = CIDR.matcher(cidr);
        boolean valid = m.matches() && Integer.parseInt(m.group(5)) <= 32;
        for (int i = 1; valid && i <= 4; i++) {
            valid = Integer.parseInt(m.group(i)) <= 255;
        }
        if (!valid) {
            throw new IllegalArgumentException(key + " must be an IPv4 CIDR such as 10.0.0.0/16; got " + cidr);
        }
    }

    private static Set<Target> targets(String list) {
        try {
            Set<Target> targets = Arrays.stream(list.split(","))
                    .map(String::trim)
                    .filter(s -> !s.isEmpty())
                    .map(s -> Target.valueOf(s.toUpperCase(Locale.ROOT)))
                    .collect(Collectors.toUnmodifiableSet());
            if (!targets.isEmpty()) {
                return targets;
            }
        } catch (IllegalArgumentException unknown) {
            // reported below with the accepted values
        }
        throw new IllegalArgumentException(
                "targets must list ecs and/or apprunner, comma-separated; got '" + list + "'");
    }

    private static List<String> list(String value) {
        return value == null
                ? List.of()
                : Arrays.stream(value.split(","))
                        .map(String::trim)
                        .filter(s -> !s.isEmpty())
                        .toList();
    }

    private static String value(Node context, String key, String fallback) {
        Object value = context.tryGetContext(key);
        if (value instanceof List<?> items) {
            // cdk.json may hold a JSON array where -c takes a comma-separated string.
            value = items.stream().map(String::valueOf).collect(Collectors.joining(","));
        }
        return value == null || value.toString().isBlank() ? fallback : value.toString();
    }
}
