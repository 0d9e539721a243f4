package com.acme.backend.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The synthesized stacks, as CloudFormation, against the seed's tables; and cdk-nag without findings. */
class StacksTest {

    private static BackendApp.Stacks stacks;

    @BeforeAll
    static void synthesize() {
        App app = App.Builder.create().context(Map.of("account", "123456789012", "region", "eu-west-1")).build();
        stacks = BackendApp.build(app);
        app.synth();
    }

    @Test
    void theNetworkIsTheSeedsPlan() {
        Template network = Template.fromStack(stacks.network());
        network.hasResourceProperties("AWS::EC2::VPC", Map.of("CidrBlock", "10.0.0.0/16"));
        network.resourceCountIs("AWS::EC2::Subnet", 6);
        for (String cidr : NetworkStack.PUBLIC_CIDRS) {
            network.hasResourceProperties("AWS::EC2::Subnet", Map.of("CidrBlock", cidr, "MapPublicIpOnLaunch", true));
        }
        for (String cidr : NetworkStack.PRIVATE_CIDRS) {
            network.hasResourceProperties("AWS::EC2::Subnet", Map.of("CidrBlock", cidr, "MapPublicIpOnLaunch", false));
        }
        network.resourceCountIs("AWS::EC2::NatGateway", 1);
        network.hasResourceProperties("AWS::EC2::FlowLog", Map.of("TrafficType", "ALL"));
        network.hasResourceProperties("AWS::Logs::LogGroup", Map.of("RetentionInDays", 14));
    }

    @Test
    void theRegistryScansAndNeverOverwritesImages() {
        Template registry = Template.fromStack(stacks.registry());
        registry.hasResourceProperties("AWS::ECR::Repository", Map.of(
                "ImageScanningConfiguration", Map.of("ScanOnPush", true),
                "ImageTagMutability", "IMMUTABLE",
                "LifecyclePolicy", Match.objectLike(Map.of("LifecyclePolicyText",
                        Match.stringLikeRegexp(".*untagged.*")))));
        registry.hasResource("AWS::ECR::Repository", Map.of("DeletionPolicy", "Retain"));
    }

    @Test
    void securityGroupsAreTheSeedsTable() {
        Template data = Template.fromStack(stacks.data());
        // The service reaches Vault on 8200, MySQL on 3306 and HTTPS on 443: nothing else leaves it.
        data.hasResourceProperties("AWS::EC2::SecurityGroupEgress", Map.of("FromPort", 8200, "ToPort", 8200,
                "IpProtocol", "tcp"));
        data.hasResourceProperties("AWS::EC2::SecurityGroupEgress", Map.of("FromPort", 3306, "ToPort", 3306));
        data.hasResourceProperties("AWS::EC2::SecurityGroup", Match.objectLike(Map.of(
                "GroupDescription", "The service (App Runner VPC connector or ECS tasks)",
                "SecurityGroupEgress", List.of(Match.objectLike(Map.of("CidrIp", "0.0.0.0/0", "FromPort", 443,
                        "ToPort", 443))))));
        // Vault and the database accept the service only: no CIDR ingress at all.
        data.resourceCountIs("AWS::EC2::SecurityGroupIngress", 2);
        data.allResourcesProperties("AWS::EC2::SecurityGroupIngress", Map.of(
                "SourceSecurityGroupId", Match.anyValue()));
        data.hasResourceProperties("AWS::EC2::SecurityGroupIngress", Map.of("FromPort", 8200));
        data.hasResourceProperties("AWS::EC2::SecurityGroupIngress", Map.of("FromPort", 3306));
    }

    @Test
    void theDatabaseIsMultiAzEncryptedBackedUpAndProtected() {
        Template data = Template.fromStack(stacks.data());
        data.hasResourceProperties("AWS::RDS::DBInstance", Match.objectLike(Map.of(
                "Engine", "mysql",
                "EngineVersion", Match.stringLikeRegexp("8\\.0.*"),
                "MultiAZ", true,
                "StorageEncrypted", true,
                "KmsKeyId", Match.anyValue(),
                "BackupRetentionPeriod", 7,
                "DeletionProtection", true,
                "PubliclyAccessible", false,
                "DBInstanceClass", "db.t4g.medium")));
        data.hasResourceProperties("AWS::KMS::Key", Map.of("EnableKeyRotation", true));
    }

    @Test
    void theConnectionBudgetDecidesTheInstanceClass() {
        assertEquals(200, new ConnectionBudget(10, 10, "db.t4g.medium").check().needed());
        IllegalArgumentException tooSmall = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> new ConnectionBudget(20, 10, "db.t4g.medium").check());
        org.junit.jupiter.api.Assertions.assertTrue(tooSmall.getMessage().contains("400"), tooSmall.getMessage());
        new ConnectionBudget(20, 10, "db.r6g.large").check();
        // The app refuses to synthesize a deployment that does not fit.
        App tight = App.Builder.create().context(Map.of("account", "123456789012", "region", "eu-west-1",
                "dbPoolMax", "50", "maxInstances", "10", "dbInstanceClass", "db.t4g.medium")).build();
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> BackendApp.build(tight));
    }

    @Test
    void appRunnerRunsTheImageThePipelineDeployed() {
        Template appRunner = Template.fromStack(stacks.appRunner());
        appRunner.hasResourceProperties("AWS::AppRunner::Service", Match.objectLike(Map.of(
                "SourceConfiguration", Match.objectLike(Map.of(
                        "AutoDeploymentsEnabled", false,
                        "ImageRepository", Match.objectLike(Map.of(
                                "ImageRepositoryType", "ECR",
                                "ImageConfiguration", Match.objectLike(Map.of(
                                        "Port", "9080",
                                        "RuntimeEnvironmentVariables", Match.arrayWith(List.of(
                                                Map.of("Name", "DB_KIND", "Value", "mysql"),
                                                Map.of("Name", "AUTH_MODE", "Value", "jwt"),
                                                Map.of("Name", "VAULT_AUTH_METHOD", "Value", "aws"))))))))))));
        // The image tag comes from the SSM parameter the pipeline writes: a later cdk deploy keeps the running image.
        String template = appRunner.toJSON().toString();
        org.junit.jupiter.api.Assertions.assertTrue(template.contains("/backend/image-tag"), "reads the tag from SSM");
        appRunner.hasParameter("*", Map.of("Type", "AWS::SSM::Parameter::Value<String>",
                "Default", "/backend/image-tag"));
    }

    @Test
    void appRunnerChecksLivenessScalesAndTraces() {
        Template appRunner = Template.fromStack(stacks.appRunner());
        appRunner.hasResourceProperties("AWS::AppRunner::Service", Match.objectLike(Map.of(
                "HealthCheckConfiguration", Map.of("Protocol", "HTTP", "Path", "/api/health/live", "Interval", 10,
                        "Timeout", 5, "HealthyThreshold", 1, "UnhealthyThreshold", 5),
                "NetworkConfiguration", Match.objectLike(Map.of("EgressConfiguration",
                        Match.objectLike(Map.of("EgressType", "VPC")))),
                "ObservabilityConfiguration", Match.objectLike(Map.of("ObservabilityEnabled", true)))));
        appRunner.hasResourceProperties("AWS::AppRunner::AutoScalingConfiguration", Map.of(
                "MinSize", 1, "MaxSize", 10, "MaxConcurrency", 100, "AutoScalingConfigurationName", "backend-scaling"));
        appRunner.hasResourceProperties("AWS::AppRunner::ObservabilityConfiguration", Match.objectLike(Map.of(
                "TraceConfiguration", Map.of("Vendor", "AWSXRAY"))));
        appRunner.hasResourceProperties("AWS::IAM::Role", trustedBy("tasks.apprunner.amazonaws.com"));
        appRunner.hasResourceProperties("AWS::IAM::Role", trustedBy("build.apprunner.amazonaws.com"));
        appRunner.resourceCountIs("AWS::AppRunner::VpcConnector", 1);
    }

    /** A role whose trust policy names this service principal. */
    private static Map<String, Object> trustedBy(String service) {
        Map<String, Object> statement = Map.of("Principal", Map.of("Service", service));
        return Map.of("AssumeRolePolicyDocument",
                Match.objectLike(Map.of("Statement", List.of(Match.objectLike(statement)))));
    }

    @Test
    void noSecretIsInTheServicesEnvironment() {
        Settings settings = Settings.from(App.Builder.create().context(Map.of("account", "123456789012")).build()
                .getNode());
        for (var pair : AppRunnerStack.runtimeEnvironment(settings)) {
            org.junit.jupiter.api.Assertions.assertFalse(pair.getName().matches(".*(PASSWORD|SECRET_ID|TOKEN).*"),
                    pair.getName());
        }
    }

    @Test
    void theSeedsAlarmsGoToOneTopicAndLogsAreKeptAsLongAsTheSeedSays() {
        Template monitoring = Template.fromStack(stacks.monitoring());
        monitoring.resourceCountIs("AWS::CloudWatch::Alarm", 4);
        monitoring.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                "MetricName", "CPUUtilization", "Threshold", 80, "Period", 300, "EvaluationPeriods", 1)));
        monitoring.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                "MetricName", "MemoryUtilization", "Threshold", 80, "Period", 300)));
        monitoring.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                "MetricName", "RequestLatency", "ExtendedStatistic", "p99", "Threshold", 2000)));
        monitoring.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                "Threshold", 1, "Metrics", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Expression", "IF(requests > 0, 100 * errors / requests, 0)")))))));
        monitoring.allResourcesProperties("AWS::CloudWatch::Alarm", Map.of("AlarmActions",
                List.of(Map.of("Ref", Match.stringLikeRegexp("Alarms.*")))));
        monitoring.hasResourceProperties("AWS::SNS::Topic", Map.of("TopicName", "backend-alarms",
                "KmsMasterKeyId", Match.anyValue()));
        monitoring.hasResourceProperties("AWS::Logs::LogGroup", Match.objectLike(Map.of("RetentionInDays", 30)));
        monitoring.hasResourceProperties("AWS::Logs::LogGroup", Match.objectLike(Map.of("RetentionInDays", 14)));
    }

    @Test
    void onlyMainOfThisRepositoryMayDeploy() {
        Template pipeline = Template.fromStack(stacks.pipeline());
        pipeline.resourceCountIs("Custom::AWSCDKOpenIdConnectProvider", 1);
        pipeline.hasResourceProperties("AWS::IAM::Role", Match.objectLike(Map.of(
                "RoleName", "backend-github-deploy",
                "AssumeRolePolicyDocument", Match.objectLike(Map.of("Statement", List.of(Match.objectLike(Map.of(
                        "Action", "sts:AssumeRoleWithWebIdentity",
                        "Condition", Map.of("StringEquals", Map.of(
                                "token.actions.githubusercontent.com:aud", "sts.amazonaws.com",
                                "token.actions.githubusercontent.com:sub",
                                "repo:acme/backend:ref:refs/heads/main"))))))))));
        String policies = pipeline.findResources("AWS::IAM::Policy").toString();
        for (String action : List.of("ecr:PutImage", "apprunner:StartDeployment", "ssm:PutParameter")) {
            org.junit.jupiter.api.Assertions.assertTrue(policies.contains(action), action);
        }
        org.junit.jupiter.api.Assertions.assertFalse(policies.contains("apprunner:*") || policies.contains("ssm:*")
                || policies.contains("ecr:*"), "no wildcard actions");
    }

    @Test
    void everythingCarriesTheCostTag() {
        Map<String, Object> tagged = Map.of("Tags", Match.arrayWith(List.of(Map.of("Key", "Project", "Value", "backend"))));
        Template.fromStack(stacks.network()).allResourcesProperties("AWS::EC2::VPC", tagged);
        Template.fromStack(stacks.network()).allResourcesProperties("AWS::EC2::Subnet", tagged);
        Template.fromStack(stacks.registry()).allResourcesProperties("AWS::ECR::Repository", tagged);
        Template.fromStack(stacks.data()).allResourcesProperties("AWS::RDS::DBInstance", tagged);
    }

    @Test
    void cdkNagFindsNothing() {
        for (Stack stack : List.of(stacks.network(), stacks.registry(), stacks.data(), stacks.appRunner(),
                stacks.monitoring(), stacks.pipeline())) {
            List<String> errors = Annotations.fromStack(stack)
                    .findError("*", Match.stringLikeRegexp("AwsSolutions-.*")).stream()
                    .map(e -> String.valueOf(e.getEntry().getData())).toList();
            assertEquals(List.of(), errors, stack.getStackName() + " errors");
            List<String> warnings = Annotations.fromStack(stack)
                    .findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*")).stream()
                    .map(w -> String.valueOf(w.getEntry().getData())).toList();
            assertEquals(List.of(), warnings, stack.getStackName() + " warnings");
        }
    }
}
