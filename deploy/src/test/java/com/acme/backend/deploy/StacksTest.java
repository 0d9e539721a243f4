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

    private static final String CERTIFICATE =
            "arn:aws:acm:eu-west-1:123456789012:certificate/00000000-0000-0000-0000-000000000000";

    private static BackendApp.Stacks stacks;

    @BeforeAll
    static void synthesize() {
        App app = App.Builder.create().context(Map.of("account", "123456789012", "region", "eu-west-1",
                "targets", "apprunner,ecs", "certificateArn", CERTIFICATE)).build();
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
        // Vault and the database accept the service only (and the database Vault's engine): no CIDR ingress at all.
        data.resourceCountIs("AWS::EC2::SecurityGroupIngress", 3);
        data.allResourcesProperties("AWS::EC2::SecurityGroupIngress", Map.of(
                "SourceSecurityGroupId", Match.anyValue()));
        data.hasResourceProperties("AWS::EC2::SecurityGroupIngress", Map.of("FromPort", 8200));
        data.resourcePropertiesCountIs("AWS::EC2::SecurityGroupIngress", Map.of("FromPort", 3306), 2);
    }

    @Test
    void theDatabaseIsMultiAzEncryptedBackedUpAndProtected() {
        Template data = Template.fromStack(stacks.data());
        data.hasResourceProperties("AWS::RDS::DBInstance", Match.objectLike(Map.of(
                "Engine", "mysql",
                "EngineVersion", Match.stringLikeRegexp("8\\.4\\..*"),
                "MultiAZ", true,
                "StorageEncrypted", true,
                "KmsKeyId", Match.anyValue(),
                "BackupRetentionPeriod", 7,
                "DeletionProtection", true,
                "PubliclyAccessible", false,
                "DBInstanceClass", "db.t4g.medium")));
        data.hasResourceProperties("AWS::RDS::DBInstance", Match.objectLike(Map.of(
                "PreferredBackupWindow", "03:00-04:00", "PreferredMaintenanceWindow", "sun:04:30-sun:05:30")));
        data.hasResourceProperties("AWS::KMS::Key", Map.of("EnableKeyRotation", true));
    }

    @Test
    void theConnectionBudgetDecidesTheInstanceClass() {
        assertEquals(200, new ConnectionBudget(10, 10, "db.t4g.medium").check().needed());
        IllegalArgumentException tooSmall = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> new ConnectionBudget(20, 10, "db.t4g.medium").check());
        org.junit.jupiter.api.Assertions.assertTrue(tooSmall.getMessage().contains("400"), tooSmall.getMessage());
        new ConnectionBudget(20, 10, "db.t4g.large").check();
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
                                                Map.of("Name", "VAULT_AUTH_METHOD", "Value", "aws"),
                                                Map.of("Name", "OTEL_EXPORTER_OTLP_ENDPOINT",
                                                        "Value", "http://localhost:4317"))))))))))));
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
        appRunner.hasResourceProperties("AWS::IAM::Role", Match.objectLike(Map.of("RoleName",
                "backend-apprunner-instance", "AssumeRolePolicyDocument", Match.objectLike(Map.of("Statement",
                        List.of(Match.objectLike(Map.of("Principal", Map.of("Service",
                                "tasks.apprunner.amazonaws.com")))))))));
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
    void theSeedsAlarmsGoToOneTopicForEachTarget() {
        Template monitoring = Template.fromStack(stacks.monitoring());
        monitoring.resourceCountIs("AWS::CloudWatch::Alarm", 8);
        for (String namespace : List.of("AWS/AppRunner", "AWS/ECS")) {
            monitoring.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of("Namespace", namespace,
                    "MetricName", "CPUUtilization", "Threshold", 80, "Period", 300, "EvaluationPeriods", 1)));
            monitoring.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of("Namespace", namespace,
                    "MetricName", "MemoryUtilization", "Threshold", 80, "Period", 300)));
        }
        monitoring.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                "MetricName", "RequestLatency", "ExtendedStatistic", "p99", "Threshold", 2000)));
        // The load balancer reports seconds.
        monitoring.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                "MetricName", "TargetResponseTime", "ExtendedStatistic", "p99", "Threshold", 2)));
        String alarms = monitoring.findResources("AWS::CloudWatch::Alarm").toString();
        for (String metric : List.of("5xxStatusResponses", "HTTPCode_Target_5XX_Count")) {
            org.junit.jupiter.api.Assertions.assertTrue(alarms.contains(metric), metric);
        }
        monitoring.resourcePropertiesCountIs("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                "Threshold", 1, "Metrics", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Expression", "IF(requests > 0, 100 * errors / requests, 0)")))))), 2);
        monitoring.allResourcesProperties("AWS::CloudWatch::Alarm", Map.of("AlarmActions",
                List.of(Map.of("Ref", Match.stringLikeRegexp("Alarms.*")))));
        monitoring.hasResourceProperties("AWS::SNS::Topic", Map.of("TopicName", "backend-alarms",
                "KmsMasterKeyId", Match.anyValue()));
    }

    @Test
    void logsAreKeptAsLongAsTheSeedSays() {
        // App Runner creates its log groups: the stack only sets their retention, never creates them.
        Template monitoring = Template.fromStack(stacks.monitoring());
        monitoring.resourceCountIs("AWS::Logs::LogGroup", 0);
        monitoring.hasResourceProperties("Custom::LogRetention", Match.objectLike(Map.of("RetentionInDays", 30,
                "LogGroupName", Match.objectLike(Map.of("Fn::Join", Match.arrayWith(List.of(Match.arrayWith(
                        List.of("/application")))))))));
        monitoring.hasResourceProperties("Custom::LogRetention", Match.objectLike(Map.of("RetentionInDays", 14)));
        Template.fromStack(stacks.ecs()).hasResourceProperties("AWS::Logs::LogGroup", Map.of(
                "LogGroupName", "/ecs/backend", "RetentionInDays", 30));
        Template.fromStack(stacks.ecs()).hasResourceProperties("AWS::S3::Bucket", Match.objectLike(Map.of(
                "LifecycleConfiguration", Map.of("Rules", List.of(Match.objectLike(Map.of(
                        "ExpirationInDays", 14, "Status", "Enabled"))))))); 
    }

    @Test
    void ecsRunsTheSameImageBehindAnHttpsLoadBalancer() {
        Template ecs = Template.fromStack(stacks.ecs());
        String template = ecs.toJSON().toString();
        org.junit.jupiter.api.Assertions.assertTrue(template.contains("/backend/image-tag"), "reads the tag from SSM");
        ecs.hasParameter("*", Map.of("Type", "AWS::SSM::Parameter::Value<String>", "Default", "/backend/image-tag"));
        ecs.hasResourceProperties("AWS::ECS::TaskDefinition", Match.objectLike(Map.of(
                "RequiresCompatibilities", List.of("FARGATE"),
                "ContainerDefinitions", List.of(Match.objectLike(Map.of(
                        "Name", "service",
                        "PortMappings", List.of(Match.objectLike(Map.of("ContainerPort", 9080))),
                        "StopTimeout", 60,
                        "Environment", Match.arrayWith(List.of(
                                Map.of("Name", "PORT", "Value", "9080"),
                                Map.of("Name", "DB_KIND", "Value", "mysql"),
                                Map.of("Name", "AUTH_MODE", "Value", "jwt"),
                                Map.of("Name", "VAULT_AUTH_METHOD", "Value", "aws"))),
                        // Container health is liveness: a database outage must not get every task replaced.
                        "HealthCheck", Match.objectLike(Map.of("Command", List.of("CMD-SHELL",
                                Match.stringLikeRegexp(".*/dev/tcp/127.0.0.1/9080.*GET /api/health/live .*"))))))))));
        // Load balancer health is readiness: traffic only reaches tasks whose database and secrets work.
        ecs.hasResourceProperties("AWS::ElasticLoadBalancingV2::TargetGroup", Match.objectLike(Map.of(
                "HealthCheckPath", "/api/health/ready", "Port", 9080, "Matcher", Map.of("HttpCode", "200"),
                "TargetGroupAttributes", Match.arrayWith(List.of(Map.of(
                        "Key", "deregistration_delay.timeout_seconds", "Value", "30"))))));
        ecs.hasResourceProperties("AWS::ECS::Service", Match.objectLike(Map.of(
                "LaunchType", "FARGATE",
                "DeploymentConfiguration", Match.objectLike(Map.of(
                        "DeploymentCircuitBreaker", Map.of("Enable", true, "Rollback", true),
                        "MinimumHealthyPercent", 100)),
                "NetworkConfiguration", Map.of("AwsvpcConfiguration", Match.objectLike(Map.of(
                        "AssignPublicIp", "DISABLED"))))));
        ecs.hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", Match.objectLike(Map.of(
                "Protocol", "HTTPS", "Port", 443, "Certificates", List.of(Map.of("CertificateArn", CERTIFICATE)))));
        ecs.hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", Match.objectLike(Map.of(
                "Protocol", "HTTP", "Port", 80, "DefaultActions", List.of(Match.objectLike(Map.of(
                        "Type", "redirect"))))));
        ecs.hasResourceProperties("AWS::ApplicationAutoScaling::ScalableTarget", Match.objectLike(Map.of(
                "MinCapacity", 2, "MaxCapacity", 10)));
        // The load balancer reaches the tasks' group on the service port and nothing else.
        ecs.hasResourceProperties("AWS::EC2::SecurityGroupIngress", Match.objectLike(Map.of(
                "FromPort", 9080, "ToPort", 9080, "SourceSecurityGroupId", Match.anyValue())));
    }

    @Test
    void ecsStopsTasksAfterLibertyQuiesces() {
        // ECS waits stopTimeout after SIGTERM before SIGKILL; Liberty's quiesce takes up to 30 s.
        org.junit.jupiter.api.Assertions.assertTrue(EcsStack.STOP_TIMEOUT_SECONDS > 30);
    }

    @Test
    void ecsSplitsTheTaskRoleFromTheExecutionRole() {
        Template ecs = Template.fromStack(stacks.ecs());
        ecs.resourcePropertiesCountIs("AWS::IAM::Role", trustedBy("ecs-tasks.amazonaws.com"), 2);
        ecs.hasResourceProperties("AWS::IAM::Role", Match.objectLike(Map.of("RoleName", "backend-ecs-task")));
        ecs.hasResourceProperties("AWS::ECS::TaskDefinition", Match.objectLike(Map.of(
                "TaskRoleArn", Match.anyValue(), "ExecutionRoleArn", Match.anyValue())));
        // The task role has no policy: Vault's AWS auth needs none. Only the execution role pulls and logs.
        String policies = ecs.findResources("AWS::IAM::Policy").toString();
        org.junit.jupiter.api.Assertions.assertTrue(policies.contains("ecr:BatchGetImage"), policies);
        org.junit.jupiter.api.Assertions.assertFalse(policies.contains("TaskRole"), "the task role has no policy");
    }

    @Test
    void aTargetIsChosenByContextAndEcsNeedsACertificate() {
        App appRunnerOnly = App.Builder.create().context(Map.of("account", "123456789012")).build();
        BackendApp.Stacks defaults = BackendApp.build(appRunnerOnly);
        org.junit.jupiter.api.Assertions.assertNull(defaults.ecs());
        org.junit.jupiter.api.Assertions.assertNotNull(defaults.appRunner());
        App ecsOnly = App.Builder.create().context(Map.of("account", "123456789012", "targets", "ecs",
                "certificateArn", CERTIFICATE)).build();
        BackendApp.Stacks portable = BackendApp.build(ecsOnly);
        org.junit.jupiter.api.Assertions.assertNull(portable.appRunner());
        Template.fromStack(portable.monitoring()).resourceCountIs("AWS::CloudWatch::Alarm", 4);
        String policies = Template.fromStack(portable.pipeline()).findResources("AWS::IAM::Policy").toString();
        org.junit.jupiter.api.Assertions.assertFalse(policies.contains("apprunner:"), policies);
        IllegalArgumentException noCertificate = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> BackendApp.build(App.Builder.create().context(Map.of(
                        "account", "123456789012", "targets", "ecs")).build()));
        org.junit.jupiter.api.Assertions.assertTrue(noCertificate.getMessage().contains("certificateArn"));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> BackendApp.build(
                App.Builder.create().context(Map.of("account", "123456789012", "targets", "lambda")).build()));
    }

    @Test
    void anExistingGithubProviderIsImportedNotCreated() {
        App app = App.Builder.create().context(Map.of("account", "123456789012", "githubOidcProviderArn",
                "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com")).build();
        Template pipeline = Template.fromStack(BackendApp.build(app).pipeline());
        pipeline.resourceCountIs("Custom::AWSCDKOpenIdConnectProvider", 0);
        pipeline.hasResourceProperties("AWS::IAM::Role", Match.objectLike(Map.of("AssumeRolePolicyDocument",
                Match.objectLike(Map.of("Statement", List.of(Match.objectLike(Map.of("Principal", Map.of(
                        "Federated", "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"
                )))))))));
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
        for (String action : List.of("ecr:PutImage", "ecr:DescribeImages", "apprunner:UpdateService", "ssm:PutParameter",
                "ecs:UpdateService", "ecs:RegisterTaskDefinition", "iam:PassRole", "ecs-tasks.amazonaws.com")) {
            org.junit.jupiter.api.Assertions.assertTrue(policies.contains(action), action);
        }
        org.junit.jupiter.api.Assertions.assertFalse(policies.contains("apprunner:*") || policies.contains("ssm:*")
                || policies.contains("ecr:*") || policies.contains("ecs:*") || policies.contains("iam:*"),
                "no wildcard actions");
    }

    @Test
    void everythingCarriesTheCostTag() {
        Map<String, Object> tagged = Map.of("Tags", Match.arrayWith(List.of(Map.of("Key", "Project", "Value", "backend"))));
        Template.fromStack(stacks.network()).allResourcesProperties("AWS::EC2::VPC", tagged);
        Template.fromStack(stacks.network()).allResourcesProperties("AWS::EC2::Subnet", tagged);
        Template.fromStack(stacks.registry()).allResourcesProperties("AWS::ECR::Repository", tagged);
        Template.fromStack(stacks.data()).allResourcesProperties("AWS::RDS::DBInstance", tagged);
        Template.fromStack(stacks.ecs()).allResourcesProperties("AWS::ECS::Service", tagged);
        Template.fromStack(stacks.ecs()).allResourcesProperties("AWS::ElasticLoadBalancingV2::LoadBalancer", tagged);
    }

    @Test
    void cdkNagFindsNothing() {
        for (Stack stack : List.of(stacks.network(), stacks.registry(), stacks.data(), stacks.appRunner(),
                stacks.ecs(), stacks.monitoring(), stacks.pipeline())) {
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
