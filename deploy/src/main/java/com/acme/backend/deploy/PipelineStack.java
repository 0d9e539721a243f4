package com.acme.backend.deploy;

import java.util.List;
import java.util.Map;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.apprunner.CfnService;
import software.amazon.awscdk.services.ecr.IRepository;
import software.amazon.awscdk.services.iam.FederatedPrincipal;
import software.amazon.awscdk.services.iam.OpenIdConnectProvider;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.constructs.Construct;

/**
 * What the GitHub Actions pipeline may do (seed section 4.2, without long-lived keys): GitHub's OIDC provider and a
 * deploy role that only this repository's main branch can assume, allowed to push images to this repository,
 * record the deployed tag in the service's SSM parameter, and deploy, update and watch this one App Runner service.
 */
public class PipelineStack extends Stack {

    static final String GITHUB_ISSUER = "token.actions.githubusercontent.com";

    private final Role deployRole;

    public PipelineStack(Construct scope, String id, StackProps props, Settings settings, IRepository repository,
                         CfnService service) {
        super(scope, id, props);
        OpenIdConnectProvider github = OpenIdConnectProvider.Builder.create(this, "GitHub")
                .url("https://" + GITHUB_ISSUER)
                .clientIds(List.of("sts.amazonaws.com"))
                .build();
        deployRole = Role.Builder.create(this, "DeployRole")
                .roleName(settings.serviceName() + "-github-deploy")
                .description("GitHub Actions on " + settings.githubRepository() + "@main deploys "
                        + settings.serviceName())
                .maxSessionDuration(Duration.hours(1))
                .assumedBy(new FederatedPrincipal(github.getOpenIdConnectProviderArn(), Map.of(
                        "StringEquals", Map.of(
                                GITHUB_ISSUER + ":aud", "sts.amazonaws.com",
                                GITHUB_ISSUER + ":sub", "repo:" + settings.githubRepository() + ":ref:refs/heads/main")),
                        "sts:AssumeRoleWithWebIdentity"))
                .build();
        repository.grantPullPush(deployRole);
        deployRole.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("apprunner:StartDeployment", "apprunner:UpdateService", "apprunner:DescribeService",
                        "apprunner:ListOperations"))
                .resources(List.of(service.getAttrServiceArn()))
                .build());
        deployRole.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("ssm:PutParameter", "ssm:GetParameter"))
                .resources(List.of(Stack.of(this).formatArn(software.amazon.awscdk.ArnComponents.builder()
                        .service("ssm").resource("parameter").resourceName(settings.imageTagParameter().substring(1))
                        .build())))
                .build());
        NagSuppressions.addResourceSuppressions(deployRole, List.of(NagPackSuppression.builder()
                .id("AwsSolutions-IAM5").reason("ecr:GetAuthorizationToken, granted with the push to this one"
                        + " repository, takes no resource-level restriction.").build()), true);
    }

    public Role deployRole() {
        return deployRole;
    }
}
