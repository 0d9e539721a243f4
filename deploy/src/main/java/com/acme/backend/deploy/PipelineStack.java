package com.acme.backend.deploy;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ecr.IRepository;
import software.amazon.awscdk.services.iam.FederatedPrincipal;
import software.amazon.awscdk.services.iam.IOpenIdConnectProvider;
import software.amazon.awscdk.services.iam.OpenIdConnectProvider;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.constructs.Construct;

/**
 * What the GitHub Actions pipeline may do, without long-lived keys: GitHub's OIDC provider (created here, or imported
 * with {@code -c githubOidcProviderArn=...} since an account holds only one) and a deploy role that only this
 * repository's main branch can assume. The role may push images to this repository, look up an image by tag or
 * digest and its scan findings (release.sh waits for the scan on push and refuses a CRITICAL finding), record the
 * released tag or digest in the service's SSM parameter, read the outputs of this service's stacks, and deploy and
 * watch this service on each target: ECS's task definition family, service, and the two roles its tasks run with;
 * App Runner's service and the access role it pulls the image with.
 */
public class PipelineStack extends Stack {

    static final String GITHUB_ISSUER = "token.actions.githubusercontent.com";

    static final Duration MAX_SESSION = Duration.hours(2);

    private final Role deployRole;

    /** @param appRunner the App Runner service, or null; @param ecs the ECS target, or null */
    public PipelineStack(
            Construct scope,
            String id,
            StackProps props,
            Settings settings,
            IRepository repository,
            AppRunnerStack appRunner,
            EcsStack ecs) {
        super(scope, id, props);
        IOpenIdConnectProvider github = settings.githubOidcProviderArn() != null
                ? OpenIdConnectProvider.fromOpenIdConnectProviderArn(this, "GitHub", settings.githubOidcProviderArn())
                : OpenIdConnectProvider.Builder.create(this, "GitHub")
                        .url("https://" + GITHUB_ISSUER)
                        .clientIds(List.of("sts.amazonaws.com"))
                        .build();
        deployRole = Role.Builder.create(this, "DeployRole")
                .roleName(settings.serviceName() + "-github-deploy")
                .description(
                        "GitHub Actions on " + settings.githubRepository() + "@main deploys " + settings.serviceName())
                // deploy.yml asks for a session as long as its job may run (role-duration-seconds, 100 minutes):
                // STS refuses a longer one than the role allows, and the release would fail at its login.
                .maxSessionDuration(MAX_SESSION)
                .assumedBy(new FederatedPrincipal(
                        github.getOpenIdConnectProviderArn(),
                        Map.of(
                                "StringEquals",
                                Map.of(
                                        GITHUB_ISSUER + ":aud",
                                        "sts.amazonaws.com",
                                        GITHUB_ISSUER + ":sub",
                                        "repo:" + settings.githubRepository() + ":ref:refs/heads/main")),
                        "sts:AssumeRoleWithWebIdentity"))
                .build();
        repository.grantPullPush(deployRole);
        // A release or rollback checks that the tag or digest it is asked for exists, and waits for its scan.
        repository.grant(deployRole, "ecr:DescribeImages", "ecr:DescribeImageScanFindings");
        deployRole.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("ssm:PutParameter", "ssm:GetParameter"))
                .resources(List.of(formatArn(ArnComponents.builder()
                        .service("ssm")
                        .resource("parameter")
                        .resourceName(settings.imageTagParameter().substring(1))
                        .build())))
                .build());
        // The workflows read the stack outputs (cluster, service, URL) with aws cloudformation describe-stacks.
        deployRole.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("cloudformation:DescribeStacks"))
                .resources(List.of(formatArn(ArnComponents.builder()
                        .service("cloudformation")
                        .resource("stack")
                        .resourceName(settings.serviceName() + "-*/*")
                        .build())))
                .build());
        List<String> suppressed = new ArrayList<>(List.of(
                "ecr:GetAuthorizationToken, granted with the push to this"
                        + " one repository, takes no resource-level restriction.",
                "cloudformation:DescribeStacks is limited"
                        + " to this service's stacks, whose ARNs end in an id CloudFormation generates."));
        if (appRunner != null) {
            deployRole.addToPolicy(PolicyStatement.Builder.create()
                    .actions(List.of(
                            "apprunner:UpdateService",
                            "apprunner:StartDeployment",
                            "apprunner:DescribeService",
                            "apprunner:ListOperations"))
                    .resources(List.of(appRunner.service().getAttrServiceArn()))
                    .build());
            // UpdateService gets the whole source configuration back, access role included, which is passing the role.
            deployRole.addToPolicy(PolicyStatement.Builder.create()
                    .actions(List.of("iam:PassRole"))
                    .resources(List.of(appRunner.accessRole().getRoleArn()))
                    .conditions(Map.of("StringEquals", Map.of("iam:PassedToService", "apprunner.amazonaws.com")))
                    .build());
        }
        if (ecs != null) {
            deployRole.addToPolicy(PolicyStatement.Builder.create()
                    .actions(List.of("ecs:UpdateService", "ecs:DescribeServices"))
                    .resources(List.of(ecs.service().getServiceArn()))
                    .build());
            // Neither call takes a resource: a new revision's ARN does not exist before it is registered.
            deployRole.addToPolicy(PolicyStatement.Builder.create()
                    .actions(List.of("ecs:RegisterTaskDefinition", "ecs:DescribeTaskDefinition"))
                    .resources(List.of("*"))
                    .build());
            deployRole.addToPolicy(PolicyStatement.Builder.create()
                    .actions(List.of("iam:PassRole"))
                    .resources(List.of(
                            ecs.taskDefinition().getTaskRole().getRoleArn(),
                            ecs.taskDefinition().obtainExecutionRole().getRoleArn()))
                    .conditions(Map.of("StringEquals", Map.of("iam:PassedToService", "ecs-tasks.amazonaws.com")))
                    .build());
            suppressed.add("ecs:RegisterTaskDefinition and ecs:DescribeTaskDefinition take no resource-level"
                    + " restriction.");
        }
        NagSuppressions.addResourceSuppressions(
                deployRole,
                List.of(NagPackSuppression.builder()
                        .id("AwsSolutions-IAM5")
                        .reason(String.join(" ", suppressed))
                        .build()),
                true);
        CfnOutput.Builder.create(this, "DeployRoleArn")
                .value(deployRole.getRoleArn())
                .description("The role deploy.yml and rollback.yml assume (AWS_DEPLOY_ROLE_ARN)")
                .build();
    }

    public Role deployRole() {
        return deployRole;
    }
}
