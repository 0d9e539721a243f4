package com.acme.backend.deploy;

import java.util.List;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.apprunner.CfnAutoScalingConfiguration;
import software.amazon.awscdk.services.apprunner.CfnObservabilityConfiguration;
import software.amazon.awscdk.services.apprunner.CfnService;
import software.amazon.awscdk.services.apprunner.CfnVpcConnector;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ecr.IRepository;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.ssm.IStringParameter;
import software.amazon.awscdk.services.ssm.StringParameter;
import software.constructs.Construct;

/**
 * The service on App Runner, for accounts that already use it (closed to new customers since 30 April 2026,
 * https://docs.aws.amazon.com/apprunner/latest/dg/apprunner-availability-change.html): the image from ECR at the tag or
 * digest the pipeline last released ({@link ImageReference}), a VPC connector in the private subnets with the
 * connector security group, auto scaling 1 to {@code maxInstances} instances at 100 concurrent requests each, and
 * X-Ray tracing (the service exports its spans over OTLP to the collector App Runner runs beside it; X-Ray accepts
 * W3C trace ids).
 * <p>
 * The health check probes {@code /api/health/started}: 503 until every readiness check has been UP together once
 * (schema current, secrets read, database answered), then 200 for as long as liveness is UP. App Runner has one
 * health check, which both decides whether a deployment's new instances may take traffic and replaces instances
 * that fail later. With the startup probe a release that never becomes ready (wrong Vault path, bad credentials)
 * never takes traffic and App Runner keeps the previous version, while a database outage after start restarts
 * nothing (each instance answers 503 with Retry-After until the database is back). Liveness alone, as before, let
 * such a release take all traffic; readiness would replace every instance during a database outage.
 * <p>
 * Timing ({@link #HEALTH_UNHEALTHY_THRESHOLD}): App Runner has no start-up grace period (aws/apprunner-roadmap#102
 * and #216 are open requests for one), so the consecutive failures it tolerates must cover a healthy start.
 */
public class AppRunnerStack extends Stack {

    /** App Runner's tracing runs an OpenTelemetry collector next to each instance, listening here (OTLP/gRPC). */
    static final String OTLP_ENDPOINT = "http://localhost:4317";
    static final String HEALTH_PATH = "/api/health/started";
    static final int HEALTH_INTERVAL_SECONDS = 10;
    static final int HEALTH_TIMEOUT_SECONDS = 5;
    static final int HEALTH_HEALTHY_THRESHOLD = 1;
    /**
     * Consecutive failed checks before App Runner decides an instance is unhealthy (1-20, like the interval's 1-20 s:
     * https://docs.aws.amazon.com/apprunner/latest/api/API_HealthCheckConfiguration.html; the settings are described
     * at https://docs.aws.amazon.com/apprunner/latest/dg/manage-configure-healthcheck.html). The worst healthy start:
     * up to VAULT_RENDER_TIMEOUT = 60 s for Vault Agent's first render, then up to 60 s for Liberty's cold start on
     * 1 vCPU until /api/health/started answers 200, then up to one interval (10 s) until the next check, which passes
     * (healthy threshold 1): 60 + 60 + 10 = 130 s. 18 failures 10 s apart tolerate 180 s, as much as the ECS target's
     * grace period; the cost is that an instance whose liveness fails after start is replaced after 3 minutes.
     */
    static final int HEALTH_UNHEALTHY_THRESHOLD = 18;

    private final CfnService service;
    private final Role instanceRole;
    private final Role accessRole;

    public AppRunnerStack(Construct scope, String id, StackProps props, Settings settings, IVpc vpc,
                          ISecurityGroup connectorGroup, IRepository repository) {
        super(scope, id, props);

        // Runs the instances. Vault's AWS auth only needs the role to sign sts:GetCallerIdentity, which takes no
        // permission; the rest is X-Ray for the traces, and reading the Vault CA parameter if one is set.
        // Named, so Vault's AWS auth role can be bound to it before the first deploy.
        instanceRole = Role.Builder.create(this, "InstanceRole")
                .roleName(settings.serviceName() + "-apprunner-instance")
                .assumedBy(new ServicePrincipal("tasks.apprunner.amazonaws.com"))
                .description("The " + settings.serviceName() + " instances: Vault IAM login and X-Ray only")
                .build();
        instanceRole.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules",
                        "xray:GetSamplingTargets"))
                .resources(List.of("*")).build());
        // Pulls the image.
        accessRole = Role.Builder.create(this, "EcrAccessRole")
                .assumedBy(new ServicePrincipal("build.apprunner.amazonaws.com"))
                .description("App Runner pulls the " + settings.serviceName() + " image")
                .build();
        repository.grantPull(accessRole);

        CfnVpcConnector connector = CfnVpcConnector.Builder.create(this, "VpcConnector")
                .subnets(vpc.getPrivateSubnets().stream().map(s -> s.getSubnetId()).toList())
                .securityGroups(List.of(connectorGroup.getSecurityGroupId()))
                .build();
        CfnAutoScalingConfiguration scaling = CfnAutoScalingConfiguration.Builder.create(this, "Scaling")
                .autoScalingConfigurationName(settings.serviceName() + "-scaling")
                .minSize(1).maxSize(settings.maxInstances()).maxConcurrency(100)
                .build();
        CfnObservabilityConfiguration observability = CfnObservabilityConfiguration.Builder.create(this, "Tracing")
                .observabilityConfigurationName(settings.serviceName() + "-tracing")
                .traceConfiguration(CfnObservabilityConfiguration.TraceConfigurationProperty.builder()
                        .vendor("AWSXRAY").build())
                .build();

        service = CfnService.Builder.create(this, "Service")
                .serviceName(settings.serviceName())
                .sourceConfiguration(CfnService.SourceConfigurationProperty.builder()
                        .autoDeploymentsEnabled(false)
                        .authenticationConfiguration(CfnService.AuthenticationConfigurationProperty.builder()
                                .accessRoleArn(accessRole.getRoleArn()).build())
                        .imageRepository(CfnService.ImageRepositoryProperty.builder()
                                .imageRepositoryType("ECR")
                                .imageIdentifier(ImageReference.of(this, repository, settings.imageTagParameter()))
                                .imageConfiguration(CfnService.ImageConfigurationProperty.builder()
                                        .port(ServiceEnvironment.PORT)
                                        .runtimeEnvironmentVariables(runtimeEnvironment(settings))
                                        .runtimeEnvironmentSecrets(runtimeSecrets(settings))
                                        .build())
                                .build())
                        .build())
                .instanceConfiguration(CfnService.InstanceConfigurationProperty.builder()
                        // Sized by MemoryBudget: heap + non-heap + Vault Agent, in App Runner's sizes.
                        .cpu(MemoryBudget.appRunnerCpu()).memory(MemoryBudget.appRunnerMemory())
                        .instanceRoleArn(instanceRole.getRoleArn()).build())
                .healthCheckConfiguration(CfnService.HealthCheckConfigurationProperty.builder()
                        .protocol("HTTP").path(HEALTH_PATH)
                        .interval(HEALTH_INTERVAL_SECONDS).timeout(HEALTH_TIMEOUT_SECONDS)
                        .healthyThreshold(HEALTH_HEALTHY_THRESHOLD).unhealthyThreshold(HEALTH_UNHEALTHY_THRESHOLD)
                        .build())
                .autoScalingConfigurationArn(scaling.getAttrAutoScalingConfigurationArn())
                .networkConfiguration(CfnService.NetworkConfigurationProperty.builder()
                        .egressConfiguration(CfnService.EgressConfigurationProperty.builder()
                                .egressType("VPC").vpcConnectorArn(connector.getAttrVpcConnectorArn()).build())
                        .build())
                .observabilityConfiguration(CfnService.ServiceObservabilityConfigurationProperty.builder()
                        .observabilityEnabled(true)
                        .observabilityConfigurationArn(observability.getAttrObservabilityConfigurationArn())
                        .build())
                .build();
        // App Runner checks at create time that the access role can pull the image. The pull permission is the
        // role's DefaultPolicy, a resource of its own that nothing in the service references; without this
        // dependency CloudFormation may create the service before the policy is attached, and the first create fails.
        service.getNode().addDependency(accessRole);
        // Likewise the instance role's policy, which reads the Vault CA parameter at instance start.
        service.getNode().addDependency(instanceRole);

        CfnOutput.Builder.create(this, "ServiceArn").value(service.getAttrServiceArn()).build();
        CfnOutput.Builder.create(this, "ServiceUrl").value("https://" + service.getAttrServiceUrl()).build();
        CfnOutput.Builder.create(this, "InstanceRoleArn").value(instanceRole.getRoleArn())
                .description("Bind Vault's AWS auth role to this ARN").build();

        NagSuppressions.addResourceSuppressions(instanceRole, List.of(NagPackSuppression.builder()
                .id("AwsSolutions-IAM5").reason("X-Ray's write and sampling actions take no resource-level"
                        + " restriction.").build()), true);
        NagSuppressions.addResourceSuppressions(accessRole, List.of(NagPackSuppression.builder()
                .id("AwsSolutions-IAM5").reason("ecr:GetAuthorizationToken, granted with the pull of this one"
                        + " repository, takes no resource-level restriction.").build()), true);
    }

    /** The environment as App Runner's name/value pairs. (Not "environment": jsii reserves the name.) */
    static List<CfnService.KeyValuePairProperty> runtimeEnvironment(Settings settings) {
        return ServiceEnvironment.of(settings, OTLP_ENDPOINT).entrySet().stream()
                .map(e -> CfnService.KeyValuePairProperty.builder().name(e.getKey()).value(e.getValue()).build())
                .toList();
    }

    /**
     * VAULT_CACERT_PEM from the SSM parameter named by vaultCaCertParameter, if set, by its ARN. App Runner reads it
     * with the instance role, so that role gets read access to this one parameter
     * (https://docs.aws.amazon.com/apprunner/latest/dg/env-variable.html).
     */
    private List<CfnService.KeyValuePairProperty> runtimeSecrets(Settings settings) {
        String name = settings.vault().caCertParameter();
        if (name == null) {
            return null;
        }
        IStringParameter parameter = StringParameter.fromStringParameterName(this, "VaultCaCert", name);
        parameter.grantRead(instanceRole);
        return List.of(CfnService.KeyValuePairProperty.builder().name(ServiceEnvironment.VAULT_CACERT_PEM)
                .value(parameter.getParameterArn()).build());
    }

    public CfnService service() {
        return service;
    }

    /** The role App Runner pulls the image with; release.sh passes it back in UpdateService. */
    public Role accessRole() {
        return accessRole;
    }

    public Role instanceRole() {
        return instanceRole;
    }
}
