package com.acme.backend.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * The synthesized stacks, as CloudFormation: each item of deploy/README.md that synthesizes is asserted here, and
 * cdk-nag finds nothing in any variant. Everything runs offline (no AWS account is contacted).
 */
class StacksTest {

    private static final String ACCOUNT = "123456789012";
    private static final String REGION = "eu-west-1";
    private static final String CERTIFICATE =
            "arn:aws:acm:eu-west-1:123456789012:certificate/00000000-0000-0000-0000-000000000000";
    private static final String CA_PEM = "-----BEGIN CERTIFICATE-----\nMIIBzDCCAXKgAwIBAgIUVaultTestCa\n"
            + "-----END CERTIFICATE-----\n";
    private static final String DIGEST = "sha256:" + "0123456789abcdef".repeat(4);

    /** Both targets, so every stack exists; a larger class, since two targets double the connection budget. */
    private static BackendApp.Stacks stacks;

    @BeforeAll
    static void synthesize() {
        stacks = synth(Map.of("targets", "apprunner,ecs", "dbInstanceClass", "db.t4g.large"));
    }

    /** The app with the given context over the base one (account, region, certificate). */
    static BackendApp.Stacks synth(Map<String, String> context) {
        Map<String, Object> all = new HashMap<>(Map.of("account", ACCOUNT, "region", REGION,
                "certificateArn", CERTIFICATE));
        all.putAll(context);
        App app = App.Builder.create().context(all).build();
        BackendApp.Stacks built = BackendApp.build(app);
        app.synth();
        return built;
    }

    static Settings settings(Map<String, String> context) {
        Map<String, Object> all = new HashMap<>(Map.of("account", ACCOUNT, "certificateArn", CERTIFICATE));
        all.putAll(context);
        return Settings.from(App.Builder.create().context(all).build().getNode());
    }

    static Template template(Stack stack) {
        return Template.fromStack(stack);
    }

    // ---- 1. Targets --------------------------------------------------------------------------------------------

    @Test
    void ecsIsTheDefaultTargetAndAppRunnerStaysAvailable() {
        BackendApp.Stacks defaults = synth(Map.of());
        assertNotNull(defaults.ecs());
        assertNull(defaults.appRunner());
        template(defaults.monitoring()).resourceCountIs("AWS::CloudWatch::Alarm", 4);
        String policies = template(defaults.pipeline()).findResources("AWS::IAM::Policy").toString();
        assertFalse(policies.contains("apprunner"), policies);

        BackendApp.Stacks appRunnerOnly = synth(Map.of("targets", "apprunner"));
        assertNull(appRunnerOnly.ecs());
        assertNotNull(appRunnerOnly.appRunner());

        IllegalArgumentException noCertificate = assertThrows(IllegalArgumentException.class, () -> BackendApp.build(
                App.Builder.create().context(Map.of("account", ACCOUNT)).build()));
        assertTrue(noCertificate.getMessage().contains("certificateArn"), noCertificate.getMessage());
        assertThrows(IllegalArgumentException.class, () -> settings(Map.of("targets", "lambda")));
    }

    // ---- 2. The deploy role --------------------------------------------------------------------------------------

    @Test
    void onlyMainOfThisRepositoryMayDeploy() {
        Template pipeline = template(stacks.pipeline());
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
        for (String action : List.of("ecr:PutImage", "ecr:DescribeImages", "apprunner:UpdateService",
                "ssm:PutParameter", "ecs:UpdateService", "ecs:RegisterTaskDefinition", "iam:PassRole")) {
            assertTrue(policies.contains(action), action);
        }
        assertFalse(policies.contains("apprunner:*") || policies.contains("ssm:*") || policies.contains("ecr:*")
                || policies.contains("ecs:*") || policies.contains("iam:*"), "no wildcard actions");
    }

    /** The workflows ask for sessions as long as their jobs may run; STS refuses more than the role's maximum. */
    @Test
    void theDeployRoleAllowsTheSessionsTheWorkflowsAskFor() throws IOException {
        Template pipeline = Template.fromStack(stacks.pipeline());
        Map<?, ?> role = (Map<?, ?>) pipeline.findResources("AWS::IAM::Role", Match.objectLike(Map.of("Properties",
                Match.objectLike(Map.of("RoleName", "backend-github-deploy"))))).values().iterator().next()
                .get("Properties");
        int allowed = ((Number) role.get("MaxSessionDuration")).intValue();
        for (String workflow : List.of("deploy.yml", "rollback.yml")) {
            String text = Files.readString(Path.of("../.github/workflows", workflow));
            Matcher asked = Pattern.compile("role-duration-seconds:\\s*(\\d+)")
                    .matcher(text);
            assertTrue(asked.find(), workflow + " sets role-duration-seconds");
            assertTrue(Integer.parseInt(asked.group(1)) <= allowed,
                    workflow + " asks for " + asked.group(1) + " s, the role allows " + allowed + " s");
        }
    }

    @Test
    void theDeployRoleMayPassAppRunnersAccessRoleToAppRunnerOnly() {
        // release.sh sends the source configuration back to UpdateService, access role included.
        Template pipeline = template(stacks.pipeline());
        pipeline.hasResourceProperties("AWS::IAM::Policy", Match.objectLike(Map.of("PolicyDocument",
                Match.objectLike(Map.of("Statement", Match.arrayWith(List.of(Map.of(
                        "Action", "iam:PassRole", "Effect", "Allow",
                        "Condition", Map.of("StringEquals", Map.of("iam:PassedToService", "apprunner.amazonaws.com")),
                        "Resource", Map.of("Fn::ImportValue", Match.stringLikeRegexp(
                                "backend-apprunner:ExportsOutputFnGetAttEcrAccessRole.*Arn.*"))))))))));
        pipeline.hasResourceProperties("AWS::IAM::Policy", Match.objectLike(Map.of("PolicyDocument",
                Match.objectLike(Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Action", "iam:PassRole",
                        "Condition", Map.of("StringEquals", Map.of("iam:PassedToService",
                                "ecs-tasks.amazonaws.com")))))))))));
    }

    @Test
    void theDeployRoleMayReadScanFindingsAndTheStackOutputs() {
        Template pipeline = template(stacks.pipeline());
        pipeline.hasResourceProperties("AWS::IAM::Policy", Match.objectLike(Map.of("PolicyDocument",
                Match.objectLike(Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Action", List.of("ecr:DescribeImages", "ecr:DescribeImageScanFindings"),
                        "Resource", Map.of("Fn::ImportValue", Match.stringLikeRegexp(
                                "backend-registry:ExportsOutputFnGetAttImages.*Arn.*")))))))))));
        String policies = pipeline.findResources("AWS::IAM::Policy").toString();
        assertTrue(policies.contains("cloudformation:DescribeStacks") && policies.contains(":stack/backend-*/*"),
                policies);
    }

    @Test
    void anExistingGithubProviderIsImportedNotCreated() {
        Template pipeline = template(synth(Map.of("githubOidcProviderArn",
                "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com")).pipeline());
        pipeline.resourceCountIs("Custom::AWSCDKOpenIdConnectProvider", 0);
        pipeline.hasResourceProperties("AWS::IAM::Role", Match.objectLike(Map.of("AssumeRolePolicyDocument",
                Match.objectLike(Map.of("Statement", List.of(Match.objectLike(Map.of("Principal", Map.of(
                        "Federated", "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"
                )))))))));
    }

    // ---- 3. The image, by tag or by digest ------------------------------------------------------------------------

    @Test
    void bothTargetsRunTheImageByTagOrByDigest() {
        String repository = ACCOUNT + ".dkr.ecr." + REGION + ".amazonaws.com/backend";
        Map<String, String> images = new LinkedHashMap<>();
        images.put("ecs", ecsImage(template(stacks.ecs())));
        images.put("apprunner", appRunnerImage(template(stacks.appRunner())));
        for (var image : images.entrySet()) {
            Template target = image.getKey().equals("ecs") ? template(stacks.ecs()) : template(stacks.appRunner());
            // The value comes from the SSM parameter the pipeline writes, resolved by CloudFormation at deploy.
            target.hasParameter("*", Map.of("Type", "AWS::SSM::Parameter::Value<String>",
                    "Default", "/backend/image-tag"));
            assertEquals(repository + ":0123abcd", Cfn.evaluate(image.getValue(), "0123abcd"), image.getKey());
            assertEquals(repository + "@" + DIGEST, Cfn.evaluate(image.getValue(), DIGEST), image.getKey());
            // A tag that happens to read "sha256" is still a tag.
            assertEquals(repository + ":sha256", Cfn.evaluate(image.getValue(), "sha256"), image.getKey());
        }
        // App Runner's ImageIdentifier pattern (its API reference, ImageRepository) takes both forms.
        Pattern appRunnerEcr = Pattern.compile("([0-9]{12}.dkr.ecr.[a-z\\-]+-[0-9]{1}.amazonaws.com\\/((?:[a-z0-9]+"
                + "(?:[._-][a-z0-9]+)*\\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*)(:([\\w\\d+\\-=._:\\/@])+|@([\\w\\d\\:]+))?)");
        for (String value : List.of("0123abcd", DIGEST)) {
            String identifier = Cfn.evaluate(images.get("apprunner"), value);
            assertTrue(appRunnerEcr.matcher(identifier).matches(), identifier);
        }
    }

    private static String ecsImage(Template ecs) {
        Map<String, Object> definition = only(ecs.findResources("AWS::ECS::TaskDefinition"));
        return Cfn.json(((Map<?, ?>) ((List<?>) properties(definition).get("ContainerDefinitions")).get(0))
                .get("Image"));
    }

    private static String appRunnerImage(Template appRunner) {
        Map<?, ?> source = (Map<?, ?>) properties(only(appRunner.findResources("AWS::AppRunner::Service")))
                .get("SourceConfiguration");
        return Cfn.json(((Map<?, ?>) source.get("ImageRepository")).get("ImageIdentifier"));
    }

    // ---- 4. Vault, wherever it runs -------------------------------------------------------------------------------

    @Nested
    class Vault {

        @Test
        void mode1_anExistingVpcIsImportedWithoutALookup() {
            BackendApp.Stacks existing = synth(Map.of("vpcId", "vpc-0abc", "vpcCidr", "172.31.0.0/16",
                    "availabilityZones", "eu-west-1a,eu-west-1b",
                    "privateSubnetIds", "subnet-p1,subnet-p2", "publicSubnetIds", "subnet-u1,subnet-u2",
                    "targets", "apprunner,ecs", "dbInstanceClass", "db.t4g.large"));
            // The VPC is someone else's: the network stack creates nothing.
            Object resources = template(existing.network()).toJSON().get("Resources");
            assertTrue(resources == null || ((Map<?, ?>) resources).isEmpty(), String.valueOf(resources));
            assertFalse(((Map<?, ?>) template(stacks.network()).toJSON().get("Resources")).isEmpty(),
                    "a new VPC's network stack has resources, so the check above can fail");
            template(existing.data()).allResourcesProperties("AWS::EC2::SecurityGroup", Map.of("VpcId", "vpc-0abc"));
            template(existing.data()).hasResourceProperties("AWS::RDS::DBSubnetGroup", Map.of(
                    "SubnetIds", List.of("subnet-p1", "subnet-p2")));
            template(existing.ecs()).hasResourceProperties("AWS::ElasticLoadBalancingV2::LoadBalancer",
                    Match.objectLike(Map.of("Subnets", List.of("subnet-u1", "subnet-u2"))));
            template(existing.ecs()).hasResourceProperties("AWS::ECS::Service", Match.objectLike(Map.of(
                    "NetworkConfiguration", Map.of("AwsvpcConfiguration", Match.objectLike(Map.of(
                            "Subnets", List.of("subnet-p1", "subnet-p2")))))));
            template(existing.appRunner()).hasResourceProperties("AWS::AppRunner::VpcConnector", Match.objectLike(
                    Map.of("Subnets", List.of("subnet-p1", "subnet-p2"))));
        }

        @Test
        void mode1_anExistingVpcNeedsItsSubnetsSpelledOut() {
            IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                    () -> settings(Map.of("vpcId", "vpc-0abc")));
            assertTrue(missing.getMessage().contains("privateSubnetIds"), missing.getMessage());
            assertThrows(IllegalArgumentException.class, () -> settings(Map.of("vpcId", "vpc-0abc",
                    "vpcCidr", "172.31.0.0/16", "availabilityZones", "eu-west-1a,eu-west-1b",
                    "privateSubnetIds", "subnet-p1", "publicSubnetIds", "subnet-u1,subnet-u2")));
            // ECS's internet-facing load balancer needs public subnets.
            assertThrows(IllegalArgumentException.class, () -> settings(Map.of("vpcId", "vpc-0abc",
                    "vpcCidr", "172.31.0.0/16", "availabilityZones", "eu-west-1a", "privateSubnetIds", "subnet-p1")));
        }

        @Test
        void mode2_aNewVpcWithItsOwnCidrReachesAPeeredVaultByCidr() {
            BackendApp.Stacks peered = synth(Map.of("vpcCidr", "10.20.0.0/16", "vaultNetwork", "peered",
                    "vaultCidr", "10.1.0.0/16"));
            Template network = template(peered.network());
            network.hasResourceProperties("AWS::EC2::VPC", Map.of("CidrBlock", "10.20.0.0/16",
                    "EnableDnsSupport", true, "EnableDnsHostnames", true));
            for (String cidr : List.of("10.20.1.0/24", "10.20.2.0/24", "10.20.3.0/24", "10.20.4.0/24",
                    "10.20.5.0/24", "10.20.6.0/24")) {
                network.hasResourceProperties("AWS::EC2::Subnet", Map.of("CidrBlock", cidr));
            }
            Template data = template(peered.data());
            // The service's egress to Vault's port goes to Vault's range, and Vault's range may reach MySQL.
            data.hasResourceProperties("AWS::EC2::SecurityGroup", Match.objectLike(Map.of(
                    "GroupDescription", "The service (ECS tasks or App Runner VPC connector)",
                    "SecurityGroupEgress", Match.arrayWith(List.of(Match.objectLike(Map.of(
                            "CidrIp", "10.1.0.0/16", "FromPort", 8200, "ToPort", 8200)))))));
            data.hasResourceProperties("AWS::EC2::SecurityGroup", Match.objectLike(Map.of(
                    "SecurityGroupIngress", List.of(Match.objectLike(Map.of(
                            "CidrIp", "10.1.0.0/16", "FromPort", 3306, "ToPort", 3306))))));
            noVaultGroup(data);
        }

        @Test
        void mode2_aPeeredVaultByPrefixList() {
            Template data = template(synth(Map.of("vaultNetwork", "peered",
                    "vaultPrefixListId", "pl-0123456789abcdef0")).data());
            // A prefix list cannot be inlined in the group: the CDK writes separate rule resources.
            data.hasResourceProperties("AWS::EC2::SecurityGroupEgress", Match.objectLike(Map.of(
                    "DestinationPrefixListId", "pl-0123456789abcdef0", "FromPort", 8200, "ToPort", 8200)));
            data.hasResourceProperties("AWS::EC2::SecurityGroupIngress", Match.objectLike(Map.of(
                    "SourcePrefixListId", "pl-0123456789abcdef0", "FromPort", 3306, "ToPort", 3306)));
            noVaultGroup(data);
        }

        @Test
        void mode2_aPeeredVaultNeedsItsAddressRange() {
            IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                    () -> settings(Map.of("vaultNetwork", "peered")));
            assertTrue(none.getMessage().contains("vaultCidr"), none.getMessage());
            assertThrows(IllegalArgumentException.class, () -> settings(Map.of("vaultNetwork", "peered",
                    "vaultCidr", "10.1.0.0/33")));
            assertThrows(IllegalArgumentException.class, () -> settings(Map.of("vpcCidr", "10.0.0.0/24")));
        }

        @Test
        void mode3_anHttpsEndpointThroughTheNatGateway() {
            Template data = template(synth(Map.of("vaultNetwork", "internet",
                    "vaultAddress", "https://vault-cluster.vault.0000.aws.hashicorp.cloud:8200")).data());
            data.hasResourceProperties("AWS::EC2::SecurityGroup", Match.objectLike(Map.of(
                    "GroupDescription", "The service (ECS tasks or App Runner VPC connector)",
                    "SecurityGroupEgress", Match.arrayWith(List.of(Match.objectLike(Map.of(
                            "CidrIp", "0.0.0.0/0", "FromPort", 8200, "ToPort", 8200)))))));
            noVaultGroup(data);
            // The database still accepts the service only.
            data.resourceCountIs("AWS::EC2::SecurityGroupIngress", 1);
        }

        @Test
        void mode4_vaultInThisVpcGetsWhatItNeeds() {
            Template data = template(stacks.data());
            Map<String, Object> vault = Map.of("Fn::GetAtt", List.of(logicalId(data, "AWS::EC2::SecurityGroup",
                    "Vault: the service and other Vault nodes only"), "GroupId"));
            Map<String, Object> connector = Map.of("Fn::GetAtt", List.of(logicalId(data, "AWS::EC2::SecurityGroup",
                    "The service (ECS tasks or App Runner VPC connector)"), "GroupId"));
            data.hasOutput("VaultSecurityGroupId", Map.of("Value", vault));
            data.hasResourceProperties("AWS::EC2::SecurityGroupIngress", Match.objectLike(Map.of(
                    "GroupId", vault, "SourceSecurityGroupId", connector, "FromPort", 8200, "ToPort", 8200)));
            // Vault nodes talk to each other on the API and cluster ports.
            data.hasResourceProperties("AWS::EC2::SecurityGroupIngress", Match.objectLike(Map.of(
                    "GroupId", vault, "SourceSecurityGroupId", vault, "FromPort", 8200, "ToPort", 8201)));
            data.hasResourceProperties("AWS::EC2::SecurityGroupEgress", Match.objectLike(Map.of(
                    "GroupId", vault, "DestinationSecurityGroupId", vault, "FromPort", 8200, "ToPort", 8201)));
            // 443 for STS (the IAM login Vault forwards) and IAM; 3306 for its database engine.
            data.hasResourceProperties("AWS::EC2::SecurityGroup", Match.objectLike(Map.of(
                    "GroupDescription", "Vault: the service and other Vault nodes only",
                    "SecurityGroupEgress", List.of(Match.objectLike(Map.of("CidrIp", "0.0.0.0/0",
                            "FromPort", 443, "ToPort", 443))))));
            data.hasResourceProperties("AWS::EC2::SecurityGroupEgress", Match.objectLike(Map.of(
                    "GroupId", vault, "FromPort", 3306, "ToPort", 3306)));
            data.hasResourceProperties("AWS::EC2::SecurityGroupEgress", Match.objectLike(Map.of(
                    "GroupId", connector, "DestinationSecurityGroupId", vault, "FromPort", 8200)));
        }

        @Test
        void vaultsPortComesFromItsAddress() {
            assertEquals(8200, settings(Map.of()).vault().port());
            assertEquals(443, settings(Map.of("vaultAddress", "https://vault.example.com")).vault().port());
            assertEquals(9200, settings(Map.of("vaultAddress", "https://vault.example.com:9200")).vault().port());
            assertThrows(IllegalArgumentException.class, () -> settings(Map.of("vaultAddress", "vault:8200")));
            template(synth(Map.of("vaultAddress", "https://vault.internal:9200")).data())
                    .hasResourceProperties("AWS::EC2::SecurityGroupEgress", Match.objectLike(Map.of(
                            "Description", "Vault", "FromPort", 9200, "ToPort", 9200)));
        }

        @Test
        void theLoginSettingsAndCaCertificateReachTheContainer() {
            BackendApp.Stacks withCa = synth(Map.of("targets", "apprunner,ecs", "dbInstanceClass", "db.t4g.large",
                    "vaultIamServerId", "vault.acme.internal", "vaultAuthPath", "auth/aws-backend",
                    "vaultCaCert", CA_PEM));
            List<Map<String, String>> expected = List.of(
                    Map.of("Name", "VAULT_IAM_SERVER_ID", "Value", "vault.acme.internal"),
                    Map.of("Name", "VAULT_AUTH_PATH", "Value", "auth/aws-backend"),
                    Map.of("Name", "VAULT_CACERT_PEM", "Value", CA_PEM));
            for (Map<String, String> variable : expected) {
                template(withCa.ecs()).hasResourceProperties("AWS::ECS::TaskDefinition", Match.objectLike(Map.of(
                        "ContainerDefinitions", List.of(Match.objectLike(Map.of(
                                "Environment", Match.arrayWith(List.of(variable))))))));
                template(withCa.appRunner()).hasResourceProperties("AWS::AppRunner::Service", Match.objectLike(
                        Map.of("SourceConfiguration", Match.objectLike(Map.of("ImageRepository", Match.objectLike(
                                Map.of("ImageConfiguration", Match.objectLike(Map.of("RuntimeEnvironmentVariables",
                                        Match.arrayWith(List.of(variable)))))))))));
            }
            // Without them the entrypoint's defaults apply: no VAULT_IAM_SERVER_ID, no CA.
            String plain = template(stacks.ecs()).findResources("AWS::ECS::TaskDefinition").toString();
            assertFalse(plain.contains("VAULT_IAM_SERVER_ID") || plain.contains("VAULT_CACERT_PEM"), plain);
            assertThrows(IllegalArgumentException.class, () -> settings(Map.of("vaultCaCert", CA_PEM,
                    "vaultCaCertParameter", "/backend/vault-ca")));
            assertThrows(IllegalArgumentException.class, () -> settings(Map.of("vaultCaCert", "/backend/vault-ca")));
        }

        @Test
        void aCaCertificateInSsmIsReadByTheRoleThatInjectsIt() {
            BackendApp.Stacks withCa = synth(Map.of("targets", "apprunner,ecs", "dbInstanceClass", "db.t4g.large",
                    "vaultCaCertParameter", "/backend/vault-ca"));
            Map<String, Object> arn = Map.of("Fn::Join", List.of("", List.of("arn:", Map.of("Ref", "AWS::Partition"),
                    ":ssm:eu-west-1:123456789012:parameter/backend/vault-ca")));
            // ECS: a container secret, which ECS reads with the execution role.
            Template ecs = template(withCa.ecs());
            ecs.hasResourceProperties("AWS::ECS::TaskDefinition", Match.objectLike(Map.of(
                    "ContainerDefinitions", List.of(Match.objectLike(Map.of(
                            "Secrets", List.of(Map.of("Name", "VAULT_CACERT_PEM", "ValueFrom", arn))))))));
            ecs.hasResourceProperties("AWS::IAM::Policy", Match.objectLike(Map.of(
                    "Roles", List.of(Map.of("Ref", Match.stringLikeRegexp("TaskExecutionRole.*"))),
                    "PolicyDocument", Match.objectLike(Map.of("Statement", Match.arrayWith(List.of(
                            Match.objectLike(Map.of("Action", Match.arrayWith(List.of("ssm:GetParameters")),
                                    "Resource", arn)))))))));
            // App Runner: a runtime environment secret by ARN, which App Runner reads with the instance role.
            Template appRunner = template(withCa.appRunner());
            appRunner.hasResourceProperties("AWS::AppRunner::Service", Match.objectLike(Map.of(
                    "SourceConfiguration", Match.objectLike(Map.of("ImageRepository", Match.objectLike(Map.of(
                            "ImageConfiguration", Match.objectLike(Map.of("RuntimeEnvironmentSecrets",
                                    List.of(Map.of("Name", "VAULT_CACERT_PEM", "Value", arn)))))))))));
            appRunner.hasResourceProperties("AWS::IAM::Policy", Match.objectLike(Map.of(
                    "Roles", List.of(Map.of("Ref", Match.stringLikeRegexp("InstanceRole.*"))),
                    "PolicyDocument", Match.objectLike(Map.of("Statement", Match.arrayWith(List.of(
                            Match.objectLike(Map.of("Action", Match.arrayWith(List.of("ssm:GetParameters")),
                                    "Resource", arn)))))))));
        }

        private static void noVaultGroup(Template data) {
            assertFalse(data.findOutputs("VaultSecurityGroupId").containsKey("VaultSecurityGroupId"));
            assertFalse(data.findResources("AWS::EC2::SecurityGroup").toString().contains("Vault:"));
        }
    }

    // ---- 5. Probes -----------------------------------------------------------------------------------------------

    @Test
    void ecsRoutesOnTheStartupProbeAndReplacesOnLiveness() {
        Template ecs = template(stacks.ecs());
        ecs.hasResourceProperties("AWS::ElasticLoadBalancingV2::TargetGroup", Match.objectLike(Map.of(
                "HealthCheckPath", "/api/health/started", "Port", 9080, "Matcher", Map.of("HttpCode", "200"),
                "HealthCheckIntervalSeconds", 10, "HealthyThresholdCount", 2, "UnhealthyThresholdCount", 3)));
        ecs.hasResourceProperties("AWS::ECS::TaskDefinition", Match.objectLike(Map.of(
                "ContainerDefinitions", List.of(Match.objectLike(Map.of(
                        "HealthCheck", Match.objectLike(Map.of("StartPeriod", 120, "Command", List.of("CMD-SHELL",
                                Match.stringLikeRegexp(".*/dev/tcp/127.0.0.1/9080.*GET /api/health/live .*"))))))))));
        ecs.hasResourceProperties("AWS::ECS::Service", Match.objectLike(Map.of(
                "HealthCheckGracePeriodSeconds", 180)));
    }

    @Test
    void appRunnerChecksTheStartupProbe() {
        template(stacks.appRunner()).hasResourceProperties("AWS::AppRunner::Service", Match.objectLike(Map.of(
                "HealthCheckConfiguration", Map.of("Protocol", "HTTP", "Path", "/api/health/started",
                        "Interval", 10, "Timeout", 5, "HealthyThreshold", 1, "UnhealthyThreshold", 18))));
    }

    @Test
    void thePlatformsAllowanceCoversTheFirstRenderAndLibertysStart() {
        int firstRender = 60; // VAULT_RENDER_TIMEOUT's default (vault-agent/entrypoint.sh)
        int libertyColdStart = 60;
        int healthyStart = firstRender + libertyColdStart;
        // ECS: one interval to the next check, then the healthy threshold's passing checks, within the grace period.
        assertTrue(EcsStack.HEALTH_CHECK_GRACE_SECONDS >= healthyStart + EcsStack.TARGET_INTERVAL_SECONDS
                * (1 + EcsStack.TARGET_HEALTHY_THRESHOLD));
        assertTrue(EcsStack.LIVENESS_START_PERIOD_SECONDS >= healthyStart);
        // App Runner: no grace period, so the failures it tolerates must last longer than a healthy start.
        assertTrue(AppRunnerStack.HEALTH_INTERVAL_SECONDS * AppRunnerStack.HEALTH_UNHEALTHY_THRESHOLD
                >= healthyStart + AppRunnerStack.HEALTH_INTERVAL_SECONDS * AppRunnerStack.HEALTH_HEALTHY_THRESHOLD);
        assertTrue(AppRunnerStack.HEALTH_UNHEALTHY_THRESHOLD <= 20 && AppRunnerStack.HEALTH_INTERVAL_SECONDS <= 20,
                "App Runner's limits");
    }

    // ---- 6. The database's first deploy, its parameters and the service's TLS ------------------------------------

    @Test
    void theDatabaseIsCreatedWithItsNameAndRequiresTls() {
        Template data = template(stacks.data());
        data.hasResourceProperties("AWS::RDS::DBInstance", Match.objectLike(Map.of(
                "DBName", "backend", "DBParameterGroupName", Map.of("Ref", Match.stringLikeRegexp("Parameters.*")),
                "EnableCloudwatchLogsExports", List.of("error", "slowquery"))));
        data.hasResourceProperties("AWS::RDS::DBParameterGroup", Map.of("Family", "mysql8.4",
                "Description", Match.anyValue(), "Tags", Match.anyValue(), "Parameters", Map.of(
                        "require_secure_transport", "1", "slow_query_log", "1", "long_query_time", "1",
                        "log_output", "FILE")));
        for (String log : List.of("/error", "/slowquery")) {
            data.hasResourceProperties("Custom::LogRetention", Match.objectLike(Map.of("RetentionInDays", 30,
                    "LogGroupName", Map.of("Fn::Join", List.of("", List.of("/aws/rds/instance/",
                            Map.of("Ref", Match.stringLikeRegexp("Database.*")), log))))));
        }
        template(synth(Map.of("databaseName", "orders")).data()).hasResourceProperties("AWS::RDS::DBInstance",
                Match.objectLike(Map.of("DBName", "orders")));
        assertThrows(IllegalArgumentException.class, () -> settings(Map.of("databaseName", "1-bad")));
    }

    @Test
    void instancesAreSizedByTheMemoryBudgetAndTheImagesHeap() throws java.io.IOException {
        // The budget's heap is the image's: a change to -Xmx in the Containerfile must revisit the sizes.
        String containerfile = java.nio.file.Files.readString(java.nio.file.Path.of("..", "Containerfile"));
        assertTrue(containerfile.contains("-Xms" + MemoryBudget.HEAP_MIB + "m -Xmx" + MemoryBudget.HEAP_MIB + "m"),
                "the Containerfile's JVM_ARGS fix the heap at " + MemoryBudget.HEAP_MIB + " MiB");
        assertEquals(608, MemoryBudget.neededMib());
        assertEquals(2048, MemoryBudget.ecsTaskMib(), "the smallest Fargate size for 1 vCPU");
        assertEquals("2 GB", MemoryBudget.appRunnerMemory(), "the smallest App Runner size for 1 vCPU");
        template(stacks.ecs()).hasResourceProperties("AWS::ECS::TaskDefinition", Match.objectLike(Map.of(
                "Cpu", "1024", "Memory", "2048")));
        template(stacks.appRunner()).hasResourceProperties("AWS::AppRunner::Service", Match.objectLike(Map.of(
                "InstanceConfiguration", Match.objectLike(Map.of("Cpu", "1 vCPU", "Memory", "2 GB")))));
    }

    @Test
    void theServiceVerifiesTheDatabasesCertificate() {
        List<Map<String, String>> tls = List.of(Map.of("Name", "DB_SSL_MODE", "Value", "VERIFY_IDENTITY"),
                Map.of("Name", "DB_SSL_TRUSTSTORE", "Value", "/opt/backend/rds-ca.p12"));
        template(stacks.ecs()).hasResourceProperties("AWS::ECS::TaskDefinition", Match.objectLike(Map.of(
                "ContainerDefinitions", List.of(Match.objectLike(Map.of(
                        "Environment", Match.arrayWith(new ArrayList<>(tls))))))));
        template(stacks.appRunner()).hasResourceProperties("AWS::AppRunner::Service", Match.objectLike(Map.of(
                "SourceConfiguration", Match.objectLike(Map.of("ImageRepository", Match.objectLike(Map.of(
                        "ImageConfiguration", Match.objectLike(Map.of("RuntimeEnvironmentVariables",
                                Match.arrayWith(new ArrayList<>(tls)))))))))));
    }

    @Test
    void theDatabaseIsMultiAzEncryptedBackedUpAndProtected() {
        Template data = template(stacks.data());
        data.hasResourceProperties("AWS::RDS::DBInstance", Match.objectLike(Map.of(
                "Engine", "mysql",
                "EngineVersion", Match.stringLikeRegexp("8\\.4\\..*"),
                "MultiAZ", true,
                "StorageEncrypted", true,
                "KmsKeyId", Match.anyValue(),
                "BackupRetentionPeriod", 7,
                "DeletionProtection", true,
                "PubliclyAccessible", false,
                "DBInstanceClass", "db.t4g.large")));
        data.hasResourceProperties("AWS::RDS::DBInstance", Match.objectLike(Map.of(
                "PreferredBackupWindow", "03:00-04:00", "PreferredMaintenanceWindow", "sun:04:30-sun:05:30")));
        data.hasResourceProperties("AWS::KMS::Key", Map.of("EnableKeyRotation", true, "KeyPolicy", Match.anyValue(),
                "Description", Match.anyValue(), "Tags", Match.anyValue()));
    }

    // ---- 7. The connection budget ---------------------------------------------------------------------------------

    @Test
    void theConnectionBudgetCountsEveryTarget() {
        assertEquals(200, new ConnectionBudget(10, 10, 1, "db.t4g.medium").check().needed());
        // Two targets against one database double it: 400 does not fit db.t4g.medium (about 276).
        IllegalArgumentException doubled = assertThrows(IllegalArgumentException.class,
                () -> new ConnectionBudget(10, 10, 2, "db.t4g.medium").check());
        assertTrue(doubled.getMessage().contains("400"), doubled.getMessage());
        assertEquals(400, new ConnectionBudget(10, 10, 2, "db.t4g.large").check().needed());
        // The app refuses to synthesize a deployment that does not fit, and counts the targets it deploys.
        assertNotNull(synth(Map.of()).data());
        assertThrows(IllegalArgumentException.class, () -> synth(Map.of("targets", "apprunner,ecs")));
        assertThrows(IllegalArgumentException.class, () -> synth(Map.of("dbPoolMax", "50")));
    }

    // ---- 8. Alarms -----------------------------------------------------------------------------------------------

    @Test
    void cloudWatchMayUseTheAlarmTopicsKey() {
        template(stacks.monitoring()).hasResourceProperties("AWS::KMS::Key", Match.objectLike(Map.of("KeyPolicy",
                Match.objectLike(Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Effect", "Allow", "Principal", Map.of("Service", "cloudwatch.amazonaws.com"),
                        "Action", List.of("kms:Decrypt", "kms:GenerateDataKey*"))))))))));
    }

    @Test
    void theAlarmsGoToOneTopicForEachTarget() {
        Template monitoring = template(stacks.monitoring());
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
            assertTrue(alarms.contains(metric), metric);
        }
        monitoring.resourcePropertiesCountIs("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                "Threshold", 1, "Metrics", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Expression", "IF(requests > 0, 100 * errors / requests, 0)")))))), 2);
        monitoring.allResourcesProperties("AWS::CloudWatch::Alarm", Map.of("AlarmActions",
                List.of(Map.of("Ref", Match.stringLikeRegexp("Alarms.*")))));
        monitoring.hasResourceProperties("AWS::SNS::Topic", Map.of("TopicName", "backend-alarms",
                "KmsMasterKeyId", Match.anyValue()));
    }

    // ---- 9. ECS scaling ------------------------------------------------------------------------------------------

    @Test
    void autoScalingAloneOwnsTheEcsTaskCount() {
        Template ecs = template(stacks.ecs());
        // A DesiredCount would reset a scaled-out service at every cdk deploy.
        Map<String, Object> service = only(ecs.findResources("AWS::ECS::Service"));
        assertFalse(properties(service).containsKey("DesiredCount"), properties(service).toString());
        ecs.hasResourceProperties("AWS::ApplicationAutoScaling::ScalableTarget", Match.objectLike(Map.of(
                "MinCapacity", 2, "MaxCapacity", 10, "ScalableDimension", "ecs:service:DesiredCount")));
        ecs.hasResourceProperties("AWS::ApplicationAutoScaling::ScalingPolicy", Match.objectLike(Map.of(
                "PolicyType", "TargetTrackingScaling")));
    }

    // ---- 10. App Runner's first create ---------------------------------------------------------------------------

    @Test
    void appRunnerIsCreatedAfterItsAccessRoleMayPull() {
        Template appRunner = template(stacks.appRunner());
        String accessPolicy = only(appRunner.findResources("AWS::IAM::Policy", Match.objectLike(Map.of(
                "Properties", Match.objectLike(Map.of("Roles", List.of(Map.of("Ref",
                        Match.stringLikeRegexp("EcrAccessRole.*")))))))).keySet());
        appRunner.hasResource("AWS::AppRunner::Service", Match.objectLike(Map.of("DependsOn",
                Match.arrayWith(List.of(accessPolicy)))));
    }

    // ---- 11. Stack outputs ---------------------------------------------------------------------------------------

    @Test
    void theOutputsAreTheContractsNames() {
        assertEquals(Set.of("RepositoryUri"), outputs(stacks.registry()));
        assertEquals(Set.of("DatabaseEndpoint", "DatabasePort", "DatabaseName", "DatabaseSecretArn",
                "VaultSecurityGroupId"), outputs(stacks.data()));
        assertEquals(Set.of("ClusterName", "ServiceName", "ServiceUrl", "LoadBalancerDnsName", "TaskRoleArn"),
                outputs(stacks.ecs()));
        assertEquals(Set.of("ServiceArn", "ServiceUrl", "InstanceRoleArn"), outputs(stacks.appRunner()));
        assertEquals(Set.of("DeployRoleArn"), outputs(stacks.pipeline()));
        template(stacks.data()).hasOutput("DatabaseName", Map.of("Value", "backend"));
        template(stacks.ecs()).hasOutput("ServiceUrl", Map.of("Value", Map.of("Fn::Join", List.of("",
                List.of("https://", Map.of("Fn::GetAtt", List.of(logicalId(template(stacks.ecs()),
                        "AWS::ElasticLoadBalancingV2::LoadBalancer", null), "DNSName")))))));
        template(stacks.appRunner()).hasOutput("ServiceUrl", Map.of("Value", Map.of("Fn::Join", List.of("",
                List.of("https://", Map.of("Fn::GetAtt", List.of(logicalId(template(stacks.appRunner()),
                        "AWS::AppRunner::Service", null), "ServiceUrl")))))));
    }

    /** The stack's own outputs, without the ExportsOutput... ones the CDK adds for cross-stack references. */
    private static Set<String> outputs(Stack stack) {
        Set<String> names = new TreeSet<>(template(stack).findOutputs("*").keySet());
        names.removeIf(name -> name.startsWith("ExportsOutput"));
        return names;
    }

    // ---- 12. cdk-nag ---------------------------------------------------------------------------------------------

    @Test
    void cdkNagFindsNothingInAnyVariant() {
        List<BackendApp.Stacks> variants = List.of(stacks,
                synth(Map.of("vpcId", "vpc-0abc", "vpcCidr", "172.31.0.0/16", "availabilityZones", "eu-west-1a",
                        "privateSubnetIds", "subnet-p1", "publicSubnetIds", "subnet-u1")),
                synth(Map.of("vaultNetwork", "peered", "vaultCidr", "10.1.0.0/16")),
                synth(Map.of("vaultNetwork", "internet", "vaultAddress", "https://vault.example.com:8200",
                        "targets", "apprunner", "vaultCaCertParameter", "/backend/vault-ca")));
        for (BackendApp.Stacks variant : variants) {
            for (Stack stack : variant.all()) {
                List<String> findings = new ArrayList<>();
                Annotations.fromStack(stack).findError("*", Match.stringLikeRegexp("AwsSolutions-.*"))
                        .forEach(e -> findings.add(String.valueOf(e.getEntry().getData())));
                Annotations.fromStack(stack).findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*"))
                        .forEach(w -> findings.add(String.valueOf(w.getEntry().getData())));
                assertEquals(List.of(), findings, stack.getStackName());
            }
        }
    }

    @Test
    void everySuppressionNamesAResourceNotAStack() {
        int suppressed = 0;
        for (Stack stack : stacks.all()) {
            Map<String, Object> json = template(stack).toJSON();
            Object metadata = json.get("Metadata");
            assertFalse(metadata instanceof Map<?, ?> m && m.containsKey("cdk_nag"),
                    stack.getStackName() + " has stack-wide cdk-nag suppressions: " + metadata);
            for (Object resource : ((Map<?, ?>) json.get("Resources")).values()) {
                if (((Map<?, ?>) resource).get("Metadata") instanceof Map<?, ?> m && m.containsKey("cdk_nag")) {
                    suppressed++;
                }
            }
        }
        assertTrue(suppressed > 0, "the resource-scoped suppressions are found where this test looks");
        // The log-retention function's role, in the stacks that have one, carries its own two.
        for (Stack stack : List.of(stacks.data(), stacks.monitoring())) {
            Template t = template(stack);
            t.hasResource("AWS::IAM::Role", Match.objectLike(Map.of("Metadata", Map.of("cdk_nag", Map.of(
                    "rules_to_suppress", List.of(Match.objectLike(Map.of("id", "AwsSolutions-IAM4"))))))));
            t.hasResource("AWS::IAM::Policy", Match.objectLike(Map.of("Metadata", Map.of("cdk_nag", Map.of(
                    "rules_to_suppress", List.of(Match.objectLike(Map.of("id", "AwsSolutions-IAM5"))))))));
        }
    }

    // ---- The rest of the plan ------------------------------------------------------------------------------------

    @Test
    void theDefaultNetworkKeepsItsPlan() {
        Template network = template(stacks.network());
        network.hasResourceProperties("AWS::EC2::VPC", Match.objectLike(Map.of("CidrBlock", "10.0.0.0/16")));
        network.resourceCountIs("AWS::EC2::Subnet", 6);
        for (String cidr : NetworkStack.subnets(Settings.DEFAULT_VPC_CIDR, 1)) {
            network.hasResourceProperties("AWS::EC2::Subnet", Map.of("CidrBlock", cidr, "MapPublicIpOnLaunch", true));
        }
        for (String cidr : NetworkStack.subnets(Settings.DEFAULT_VPC_CIDR, 4)) {
            network.hasResourceProperties("AWS::EC2::Subnet", Map.of("CidrBlock", cidr, "MapPublicIpOnLaunch", false));
        }
        assertEquals(List.of("10.0.4.0/24", "10.0.5.0/24", "10.0.6.0/24"),
                NetworkStack.subnets(Settings.DEFAULT_VPC_CIDR, 4));
        assertEquals(List.of("172.16.9.0/24", "172.16.10.0/24", "172.16.11.0/24"),
                NetworkStack.subnets("172.16.8.0/21", 1));
        network.resourceCountIs("AWS::EC2::NatGateway", 1);
        network.hasResourceProperties("AWS::EC2::FlowLog", Map.of("TrafficType", "ALL"));
        network.hasResourceProperties("AWS::Logs::LogGroup", Map.of("RetentionInDays", 14));
    }

    @Test
    void theRegistryScansAndNeverOverwritesImages() {
        Template registry = template(stacks.registry());
        registry.hasResourceProperties("AWS::ECR::Repository", Map.of(
                "ImageScanningConfiguration", Map.of("ScanOnPush", true),
                "ImageTagMutability", "IMMUTABLE",
                "LifecyclePolicy", Match.objectLike(Map.of("LifecyclePolicyText",
                        Match.stringLikeRegexp(".*untagged.*"))),
                "RepositoryName", "backend",
                "Tags", Match.anyValue()));
        registry.hasResource("AWS::ECR::Repository", Map.of("DeletionPolicy", "Retain",
                "UpdateReplacePolicy", "Retain", "Properties", Match.anyValue()));
    }

    @Test
    void theServiceReachesOnlyTheDatabaseVaultAndHttps() {
        Template data = template(stacks.data());
        Map<String, Object> connector = Map.of("Fn::GetAtt", List.of(logicalId(data, "AWS::EC2::SecurityGroup",
                "The service (ECS tasks or App Runner VPC connector)"), "GroupId"));
        data.hasResourceProperties("AWS::EC2::SecurityGroup", Match.objectLike(Map.of(
                "GroupDescription", "The service (ECS tasks or App Runner VPC connector)",
                "SecurityGroupEgress", List.of(Match.objectLike(Map.of("CidrIp", "0.0.0.0/0", "FromPort", 443,
                        "ToPort", 443))))));
        data.resourcePropertiesCountIs("AWS::EC2::SecurityGroupEgress", Match.objectLike(Map.of(
                "GroupId", connector)), 2);
        data.hasResourceProperties("AWS::EC2::SecurityGroupEgress", Match.objectLike(Map.of(
                "GroupId", connector, "FromPort", 3306, "ToPort", 3306)));
        // Nothing is reachable by address range in the default mode: every ingress names a security group.
        data.allResourcesProperties("AWS::EC2::SecurityGroupIngress", Map.of(
                "SourceSecurityGroupId", Match.anyValue()));
        data.resourcePropertiesCountIs("AWS::EC2::SecurityGroupIngress", Match.objectLike(Map.of("FromPort", 3306)), 2);
    }

    @Test
    void ecsRunsTheImageBehindAnHttpsLoadBalancer() {
        Template ecs = template(stacks.ecs());
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
                                Map.of("Name", "VAULT_AUTH_METHOD", "Value", "aws")))))))));
        ecs.hasResourceProperties("AWS::ElasticLoadBalancingV2::TargetGroup", Match.objectLike(Map.of(
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
        // The load balancer reaches the tasks' group on the service port and nothing else.
        ecs.hasResourceProperties("AWS::EC2::SecurityGroupIngress", Match.objectLike(Map.of(
                "FromPort", 9080, "ToPort", 9080, "SourceSecurityGroupId", Match.anyValue())));
        // ECS waits stopTimeout after SIGTERM before SIGKILL; Liberty's quiesce takes up to 30 s.
        assertTrue(EcsStack.STOP_TIMEOUT_SECONDS > 30);
    }

    @Test
    void ecsSplitsTheTaskRoleFromTheExecutionRole() {
        Template ecs = template(stacks.ecs());
        ecs.resourcePropertiesCountIs("AWS::IAM::Role", trustedBy("ecs-tasks.amazonaws.com"), 2);
        ecs.hasResourceProperties("AWS::IAM::Role", Match.objectLike(Map.of("RoleName", "backend-ecs-task")));
        // The task role has no policy: Vault's AWS auth needs none. Only the execution role pulls and logs.
        String policies = ecs.findResources("AWS::IAM::Policy").toString();
        assertTrue(policies.contains("ecr:BatchGetImage"), policies);
        assertFalse(policies.contains("TaskRole"), "the task role has no policy");
    }

    @Test
    void appRunnerScalesTracesAndUsesTheVpc() {
        Template appRunner = template(stacks.appRunner());
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
                                                        "Value", "http://localhost:4317"))))))))),
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

    @Test
    void noSecretIsInTheServicesEnvironment() {
        for (var pair : AppRunnerStack.runtimeEnvironment(settings(Map.of("vaultCaCert", CA_PEM)))) {
            assertFalse(pair.getName().matches(".*(PASSWORD|SECRET_ID|TOKEN).*"), pair.getName());
        }
    }

    @Test
    void logsAreKeptForAMonthOrTwoWeeks() {
        // App Runner creates its log groups: the stack only sets their retention, never creates them.
        Template monitoring = template(stacks.monitoring());
        monitoring.resourceCountIs("AWS::Logs::LogGroup", 0);
        monitoring.hasResourceProperties("Custom::LogRetention", Match.objectLike(Map.of("RetentionInDays", 30,
                "LogGroupName", Match.objectLike(Map.of("Fn::Join", Match.arrayWith(List.of(Match.arrayWith(
                        List.of("/application")))))))));
        monitoring.hasResourceProperties("Custom::LogRetention", Match.objectLike(Map.of("RetentionInDays", 14)));
        template(stacks.ecs()).hasResourceProperties("AWS::Logs::LogGroup", Map.of(
                "LogGroupName", "/ecs/backend", "RetentionInDays", 30));
        template(stacks.ecs()).hasResourceProperties("AWS::S3::Bucket", Match.objectLike(Map.of(
                "LifecycleConfiguration", Map.of("Rules", List.of(Match.objectLike(Map.of(
                        "ExpirationInDays", 14, "Status", "Enabled")))))));
    }

    @Test
    void everythingCarriesTheCostTag() {
        Map<String, Object> tagged = Map.of("Tags", Match.arrayWith(List.of(Map.of("Key", "Project",
                "Value", "backend"))));
        template(stacks.network()).allResourcesProperties("AWS::EC2::VPC", tagged);
        template(stacks.network()).allResourcesProperties("AWS::EC2::Subnet", tagged);
        template(stacks.registry()).allResourcesProperties("AWS::ECR::Repository", tagged);
        template(stacks.data()).allResourcesProperties("AWS::RDS::DBInstance", tagged);
        template(stacks.ecs()).allResourcesProperties("AWS::ECS::Service", tagged);
        template(stacks.ecs()).allResourcesProperties("AWS::ElasticLoadBalancingV2::LoadBalancer", tagged);
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    /** A role whose trust policy names this service principal. */
    private static Map<String, Object> trustedBy(String service) {
        Map<String, Object> statement = Map.of("Principal", Map.of("Service", service));
        return Map.of("AssumeRolePolicyDocument",
                Match.objectLike(Map.of("Statement", List.of(Match.objectLike(statement)))));
    }

    private static <T> T only(Map<String, T> found) {
        assertEquals(1, found.size(), found.keySet().toString());
        return found.values().iterator().next();
    }

    private static String only(Set<String> found) {
        assertEquals(1, found.size(), found.toString());
        return found.iterator().next();
    }

    private static Map<?, ?> properties(Map<String, Object> resource) {
        return (Map<?, ?>) resource.get("Properties");
    }

    /** The logical id of the one resource of this type (with this GroupDescription, if given). */
    private static String logicalId(Template template, String type, String description) {
        Map<String, Map<String, Object>> found = description == null ? template.findResources(type)
                : template.findResources(type, Match.objectLike(Map.of("Properties", Match.objectLike(Map.of(
                        "GroupDescription", description)))));
        return only(found.keySet());
    }

    /**
     * Just enough of CloudFormation's intrinsic functions to evaluate the image reference the way CloudFormation
     * would, with the SSM parameter and the registry's exports given.
     */
    static final class Cfn {

        private Cfn() {
        }

        static String json(Object node) {
            return new ObjectMapper().valueToTree(node).toString();
        }

        /** The expression (JSON) with every SSM parameter set to {@code parameterValue}. */
        static String evaluate(String expression, String parameterValue) {
            try {
                Object node = new ObjectMapper().readValue(expression, Object.class);
                return (String) eval(node, parameterValue);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }

        private static Object eval(Object node, String parameterValue) {
            if (node instanceof String || node instanceof Number) {
                return node.toString();
            }
            if (node instanceof List<?> list) {
                return list.stream().map(item -> eval(item, parameterValue)).toList();
            }
            Map<?, ?> function = (Map<?, ?>) node;
            assertEquals(1, function.size(), function.toString());
            var entry = function.entrySet().iterator().next();
            List<?> args = entry.getValue() instanceof List<?> l ? l : List.of(entry.getValue());
            return switch ((String) entry.getKey()) {
                case "Ref" -> switch ((String) args.get(0)) {
                    case "AWS::URLSuffix" -> "amazonaws.com";
                    case "AWS::Partition" -> "aws";
                    case "AWS::Region" -> REGION;
                    case "AWS::AccountId" -> ACCOUNT;
                    default -> {
                        assertTrue(((String) args.get(0)).startsWith("SsmParameterValue"), args.toString());
                        yield parameterValue;
                    }
                };
                // The registry's exports: its repository's ARN and name.
                case "Fn::ImportValue" -> {
                    String export = (String) args.get(0);
                    assertTrue(export.startsWith("backend-registry:ExportsOutput"), export);
                    yield export.contains("Arn") ? "arn:aws:ecr:" + REGION + ":" + ACCOUNT + ":repository/backend"
                            : "backend";
                }
                case "Fn::Join" -> String.join((String) args.get(0), strings(eval(args.get(1), parameterValue)));
                case "Fn::Split" -> List.of(((String) eval(args.get(1), parameterValue))
                        .split(Pattern.quote((String) args.get(0)), -1));
                case "Fn::Select" -> strings(eval(args.get(1), parameterValue))
                        .get(Integer.parseInt(eval(args.get(0), parameterValue).toString()));
                default -> throw new AssertionError("not evaluated here: " + entry.getKey());
            };
        }

        private static List<String> strings(Object value) {
            List<String> out = new ArrayList<>();
            for (Object item : (List<?>) value) {
                if (item instanceof List<?> nested) {
                    throw new AssertionError("nested list " + nested);
                }
                out.add((String) item);
            }
            return out;
        }
    }
}
