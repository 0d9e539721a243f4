package com.acme.backend.deploy;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ec2.IPeer;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.rds.Credentials;
import software.amazon.awscdk.services.rds.DatabaseInstance;
import software.amazon.awscdk.services.rds.DatabaseInstanceEngine;
import software.amazon.awscdk.services.rds.IInstanceEngine;
import software.amazon.awscdk.services.rds.MySqlInstanceEngineProps;
import software.amazon.awscdk.services.rds.MysqlEngineVersion;
import software.amazon.awscdk.services.rds.ParameterGroup;
import software.constructs.Construct;

/**
 * The security groups and the database.
 * <p>
 * The connector group belongs to whatever runs the service (ECS tasks, App Runner's VPC connector). It may reach the
 * database on 3306, HTTPS on 443 (AWS APIs, the identity provider's keys) and Vault on Vault's port, where Vault is
 * ({@link Settings.VaultNetwork}): the exported {@code Vault} group in this VPC, Vault's CIDR or prefix list across a
 * peering or transit gateway, or any address through the NAT gateway for an HTTPS endpoint such as HCP Vault. Nothing
 * else leaves it. The database accepts the connector group and Vault (whose database secrets engine creates and
 * rotates the service's MySQL users).
 * <p>
 * RDS MySQL 8.4 runs Multi-AZ in the private subnets, encrypted with its own KMS key, with 7 days of backups and
 * deletion protection, creates {@code databaseName} at first deploy, and has a parameter group of its own (TLS
 * required, slow query log), see {@link #PARAMETERS}. Its instance class is checked against the
 * {@link ConnectionBudget}.
 */
public class DataStack extends Stack {

    static final String BACKUP_WINDOW = "03:00-04:00";
    static final String MAINTENANCE_WINDOW = "sun:04:30-sun:05:30";
    static final int MYSQL_PORT = 3306;
    /** Queries slower than this many seconds go to the slow query log. */
    static final String LONG_QUERY_SECONDS = "1";
    /**
     * The database's parameters. require_secure_transport=1: every connection must use TLS
     * (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/mysql-ssl-connections.require-ssl.html), the service
     * (DB_SSL_MODE) and Vault's database engine (its tls_ca) included. The slow query log with log_output=FILE, so the
     * export to CloudWatch Logs has content: RDS exports only file logs, and slow_query_log needs a custom parameter
     * group (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_LogAccess.MySQLDB.PublishtoCloudWatchLogs.html).
     */
    static final Map<String, String> PARAMETERS = Map.of(
            "require_secure_transport", "1",
            "slow_query_log", "1",
            "long_query_time", LONG_QUERY_SECONDS,
            "log_output", "FILE");

    private final SecurityGroup connector;
    private final SecurityGroup vault;
    private final DatabaseInstance database;

    public DataStack(Construct scope, String id, StackProps props, Settings settings, IVpc vpc) {
        super(scope, id, props);
        new ConnectionBudget(
                        settings.dbPoolMax(),
                        settings.maxInstances(),
                        settings.targets().size(),
                        settings.dbInstanceClass())
                .check();
        Settings.Vault vaultSettings = settings.vault();
        Port vaultPort = Port.tcp(vaultSettings.port());

        connector = SecurityGroup.Builder.create(this, "Connector")
                .vpc(vpc)
                .allowAllOutbound(false)
                .description("The service (ECS tasks or App Runner VPC connector)")
                .build();
        SecurityGroup databaseGroup = SecurityGroup.Builder.create(this, "DatabaseAccess")
                .vpc(vpc)
                .allowAllOutbound(false)
                .description("RDS MySQL: reachable from the service and Vault only")
                .build();
        connector.addEgressRule(databaseGroup, Port.tcp(MYSQL_PORT), "MySQL");
        connector.addEgressRule(Peer.anyIpv4(), Port.tcp(443), "HTTPS: AWS APIs, the identity provider's keys");
        databaseGroup.addIngressRule(connector, Port.tcp(MYSQL_PORT), "from the service");

        switch (vaultSettings.network()) {
            case VPC -> {
                vault = vaultGroup(vpc, vaultSettings.port(), databaseGroup);
                connector.addEgressRule(vault, vaultPort, "Vault");
            }
            case PEERED -> {
                vault = null;
                // Routed by the VPC's owner (peering connection or transit gateway routes); this only opens the port.
                IPeer where = vaultSettings.cidr() != null
                        ? Peer.ipv4(vaultSettings.cidr())
                        : Peer.prefixList(vaultSettings.prefixListId());
                connector.addEgressRule(where, vaultPort, "Vault, across the peering or transit gateway");
                databaseGroup.addIngressRule(where, Port.tcp(MYSQL_PORT), "from Vault's database secrets engine");
            }
            case INTERNET -> {
                vault = null;
                if (vaultSettings.port() != 443) {
                    // HCP Vault listens on 8200; the address is public, so any destination through the NAT gateway.
                    connector.addEgressRule(
                            Peer.anyIpv4(), vaultPort, "Vault's HTTPS endpoint, through the NAT gateway");
                }
            }
            default -> throw new IllegalStateException(vaultSettings.network().toString());
        }

        IInstanceEngine engine = DatabaseInstanceEngine.mysql(MySqlInstanceEngineProps.builder()
                // 8.4, the LTS line CI tests against (8.0 is in paid extended support). The minor version is pinned
                // and raised here, reviewed, rather than upgraded by RDS behind the template's back.
                .version(MysqlEngineVersion.VER_8_4_10)
                .build());
        ParameterGroup parameters = ParameterGroup.Builder.create(this, "Parameters")
                .engine(engine)
                .description("The " + settings.serviceName() + " database: TLS only, slow query log")
                .parameters(PARAMETERS)
                .build();
        Key key = Key.Builder.create(this, "DatabaseKey")
                .enableKeyRotation(true)
                .description("Encrypts the " + settings.serviceName() + " database")
                .build();
        database = DatabaseInstance.Builder.create(this, "Database")
                .engine(engine)
                .autoMinorVersionUpgrade(false)
                .instanceType(new InstanceType(settings.dbInstanceClass().substring("db.".length())))
                .vpc(vpc)
                .vpcSubnets(SubnetSelection.builder()
                        .subnetType(SubnetType.PRIVATE_WITH_EGRESS)
                        .build())
                .securityGroups(List.of(databaseGroup))
                .parameterGroup(parameters)
                // Created at the first deploy, so the first release finds its database.
                .databaseName(settings.databaseName())
                .multiAz(true)
                .storageEncrypted(true)
                .storageEncryptionKey(key)
                .backupRetention(Duration.days(7))
                // Set, not left to RDS's random choice, so the runbook can name them: both at night UTC, apart.
                .preferredBackupWindow(BACKUP_WINDOW)
                .preferredMaintenanceWindow(MAINTENANCE_WINDOW)
                .deletionProtection(true)
                .removalPolicy(RemovalPolicy.SNAPSHOT)
                // The admin password Vault's database engine starts from; Vault rotates the service's users.
                .credentials(Credentials.fromGeneratedSecret("admin"))
                .cloudwatchLogsExports(List.of("error", "slowquery"))
                // RDS creates the /aws/rds/instance/<id>/<log> groups without expiry; the CDK sets this through its
                // log-retention function.
                .cloudwatchLogsRetention(RetentionDays.ONE_MONTH)
                .build();

        outputs(settings);
        suppressions();
    }

    /**
     * Vault's own group, for a Vault that runs in this VPC (on EC2, ECS, ...): the operator attaches it to the Vault
     * nodes (and to the load balancer in front of them if any). Egress is limited to what Vault itself needs.
     */
    private SecurityGroup vaultGroup(IVpc vpc, int port, SecurityGroup databaseGroup) {
        SecurityGroup group = SecurityGroup.Builder.create(this, "Vault")
                .vpc(vpc)
                .allowAllOutbound(false)
                .description("Vault: the service and other Vault nodes only")
                .build();
        group.addIngressRule(connector, Port.tcp(port), "from the service");
        // Between Vault nodes: the API port, and the cluster port (API port + 1 by default) for Raft, request
        // forwarding and replication (https://developer.hashicorp.com/vault/docs/internals/ports).
        Port cluster = Port.tcpRange(port, port + 1);
        group.addIngressRule(group, cluster, "Vault cluster traffic between nodes");
        group.addEgressRule(group, cluster, "Vault cluster traffic between nodes");
        // The AWS auth method's IAM login: the service signs sts:GetCallerIdentity and Vault sends that request to
        // STS itself; with role-ARN bindings Vault also calls IAM (iam:GetRole) to resolve the role's unique id
        // (https://developer.hashicorp.com/vault/docs/auth/aws). Both are HTTPS AWS endpoints, reached through the
        // NAT gateway (or VPC interface endpoints, if the operator adds them); so is AWS KMS for auto-unseal.
        group.addEgressRule(Peer.anyIpv4(), Port.tcp(443), "HTTPS: STS and IAM for AWS auth logins, KMS");
        group.addEgressRule(databaseGroup, Port.tcp(MYSQL_PORT), "MySQL, for Vault's database secrets engine");
        databaseGroup.addIngressRule(group, Port.tcp(MYSQL_PORT), "from Vault's database secrets engine");
        return group;
    }

    /** The names vault-setup.sh and the runbook read (contract: deploy/README.md, "Stack outputs"). */
    private void outputs(Settings settings) {
        CfnOutput.Builder.create(this, "DatabaseEndpoint")
                .value(database.getDbInstanceEndpointAddress())
                .description("RDS endpoint host name (TLS certificate name)")
                .build();
        CfnOutput.Builder.create(this, "DatabasePort")
                .value(database.getDbInstanceEndpointPort())
                .build();
        CfnOutput.Builder.create(this, "DatabaseName")
                .value(settings.databaseName())
                .build();
        CfnOutput.Builder.create(this, "DatabaseSecretArn")
                .value(database.getSecret().getSecretArn())
                .description("The RDS master user's secret, the root credential of Vault's database engine")
                .build();
        if (vault != null) {
            CfnOutput.Builder.create(this, "VaultSecurityGroupId")
                    .value(vault.getSecurityGroupId())
                    .description("Attach to the Vault nodes in this VPC")
                    .build();
        }
    }

    private void suppressions() {
        NagSuppressions.addResourceSuppressions(
                database,
                List.of(
                        NagPackSuppression.builder()
                                .id("AwsSolutions-RDS11")
                                .reason(
                                        "The service and Vault use MySQL's"
                                                + " default port; only the connector and Vault groups (or Vault's peered range) reach it.")
                                .build(),
                        NagPackSuppression.builder()
                                .id("AwsSolutions-SMG4")
                                .reason("The admin secret is Vault's root"
                                        + " credential for its database secrets engine, which rotates it (vault write -f"
                                        + " database/rotate-root/...); Secrets Manager rotation would fight Vault.")
                                .build(),
                        NagPackSuppression.builder()
                                .id("AwsSolutions-RDS6")
                                .reason(
                                        "The service's credentials come from"
                                                + " Vault (static with dual passwords, or dynamic leases), not IAM database auth.")
                                .build()),
                true);
        LogRetentionFunction.suppress(
                this,
                "the RDS log groups /aws/rds/instance/<id>/error and /slowquery, which" + " RDS names and creates");
    }

    public SecurityGroup connector() {
        return connector;
    }

    /** The {@code Vault} group when Vault runs in this VPC ({@code vaultNetwork=vpc}), else null. */
    public SecurityGroup vault() {
        return vault;
    }

    public DatabaseInstance database() {
        return database;
    }
}
