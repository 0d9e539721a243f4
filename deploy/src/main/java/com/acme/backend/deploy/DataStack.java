package com.acme.backend.deploy;

import java.util.List;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.rds.Credentials;
import software.amazon.awscdk.services.rds.DatabaseInstance;
import software.amazon.awscdk.services.rds.DatabaseInstanceEngine;
import software.amazon.awscdk.services.rds.MySqlInstanceEngineProps;
import software.amazon.awscdk.services.rds.MysqlEngineVersion;
import software.constructs.Construct;

/**
 * The security groups of the seed's section 3.3 and the database (section 3.4). The connector group belongs to
 * whatever runs the service (App Runner's VPC connector, ECS tasks): it may reach Vault on 8200, the database on
 * 3306 and HTTPS on 443, and nothing else. Vault and the database accept only that group. RDS MySQL 8.4 runs Multi-AZ
 * in the private subnets, encrypted with its own KMS key, with 7 days of backups and deletion protection; its
 * instance class is checked against the {@link ConnectionBudget}.
 */
public class DataStack extends Stack {

    static final String BACKUP_WINDOW = "03:00-04:00";
    static final String MAINTENANCE_WINDOW = "sun:04:30-sun:05:30";

    private final SecurityGroup connector;
    private final SecurityGroup vault;
    private final DatabaseInstance database;

    public DataStack(Construct scope, String id, StackProps props, Settings settings, IVpc vpc) {
        super(scope, id, props);
        new ConnectionBudget(settings.dbPoolMax(), settings.maxInstances(), settings.dbInstanceClass()).check();

        connector = SecurityGroup.Builder.create(this, "Connector").vpc(vpc).allowAllOutbound(false)
                .description("The service (App Runner VPC connector or ECS tasks)").build();
        vault = SecurityGroup.Builder.create(this, "Vault").vpc(vpc).allowAllOutbound(false)
                .description("Vault: reachable from the service only").build();
        SecurityGroup databaseGroup = SecurityGroup.Builder.create(this, "DatabaseAccess").vpc(vpc).allowAllOutbound(false)
                .description("RDS MySQL: reachable from the service only").build();
        connector.addEgressRule(vault, Port.tcp(8200), "Vault");
        connector.addEgressRule(databaseGroup, Port.tcp(3306), "MySQL");
        connector.addEgressRule(Peer.anyIpv4(), Port.tcp(443), "HTTPS: AWS APIs, the identity provider's keys");
        vault.addIngressRule(connector, Port.tcp(8200), "from the service");
        databaseGroup.addIngressRule(connector, Port.tcp(3306), "from the service");
        // Beyond the seed's table: Vault's database secrets engine creates and rotates the service's MySQL users.
        vault.addEgressRule(databaseGroup, Port.tcp(3306), "MySQL, for Vault's database secrets engine");
        databaseGroup.addIngressRule(vault, Port.tcp(3306), "from Vault's database secrets engine");

        Key key = Key.Builder.create(this, "DatabaseKey").enableKeyRotation(true)
                .description("Encrypts the " + settings.serviceName() + " database").build();
        database = DatabaseInstance.Builder.create(this, "Database")
                // 8.4, the LTS line CI tests against (8.0 is in paid extended support). The minor version is pinned
                // and raised here, reviewed, rather than upgraded by RDS behind the template's back.
                .engine(DatabaseInstanceEngine.mysql(MySqlInstanceEngineProps.builder()
                        .version(MysqlEngineVersion.VER_8_4_10).build()))
                .autoMinorVersionUpgrade(false)
                .instanceType(new InstanceType(settings.dbInstanceClass().substring("db.".length())))
                .vpc(vpc)
                .vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build())
                .securityGroups(List.of(databaseGroup))
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
                .build();

        NagSuppressions.addResourceSuppressions(database, List.of(
                NagPackSuppression.builder().id("AwsSolutions-RDS11").reason("The seed and every client use MySQL's"
                        + " default port; only the connector group can reach it.").build(),
                NagPackSuppression.builder().id("AwsSolutions-SMG4").reason("The admin secret is Vault's root"
                        + " credential for its database secrets engine, which rotates it (vault write -f"
                        + " database/rotate-root/...); Secrets Manager rotation would fight Vault.").build(),
                NagPackSuppression.builder().id("AwsSolutions-RDS6").reason("The service's credentials come from"
                        + " Vault (static with dual passwords, or dynamic leases), not IAM database auth.").build()),
                true);
    }

    public SecurityGroup connector() {
        return connector;
    }

    public SecurityGroup vault() {
        return vault;
    }

    public DatabaseInstance database() {
        return database;
    }
}
