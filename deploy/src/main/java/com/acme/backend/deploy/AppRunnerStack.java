package com.acme.backend.deploy;

import java.util.List;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
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
import software.amazon.awscdk.services.ssm.StringParameter;
import software.constructs.Construct;

/**
 * The service on App Runner (seed sections 3.5-3.8, 5.3): the image from ECR at the tag the pipeline last deployed
 * (read from an SSM parameter, so a later {@code cdk deploy} never rolls the service back to an older image), a VPC
 * connector in the private subnets with the connector security group, the health check on the liveness probe,
 * auto scaling 1-10 instances at 100 concurrent requests each, and X-Ray tracing (the service exports its spans over
 * OTLP to the collector App Runner runs beside it; X-Ray accepts W3C trace ids).
 * <p>
 * The health check probes {@code /api/health/live}, not readiness: App Runner has one health check and replaces
 * instances that fail it, so a database outage seen by a readiness check would take every instance down at once.
 * Readiness is the pipeline's smoke test after each deployment.
 */
public class AppRunnerStack extends Stack {

    /** App Runner's tracing runs an OpenTelemetry collector next to each instance, listening here (OTLP/gRPC). */
    static final String OTLP_ENDPOINT = "http://localhost:4317";

    private final CfnService service;

    public AppRunnerStack(Construct scope, String id, StackProps props, Settings settings, IVpc vpc,
                          ISecurityGroup connectorGroup, IRepository repository) {
        super(scope, id, props);

        // Runs the instances. Vault's AWS auth only needs the role to sign sts:GetCallerIdentity, which takes no
        // permission; the rest is X-Ray for the traces.
        // Named, so Vault's AWS auth role can be bound to it before the first deploy.
        Role instanceRole = Role.Builder.create(this, "InstanceRole")
                .roleName(settings.serviceName() + "-apprunner-instance")
                .assumedBy(new ServicePrincipal("tasks.apprunner.amazonaws.com"))
                .description("The " + settings.serviceName() + " instances: Vault IAM login and X-Ray only")
                .build();
        instanceRole.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules",
                        "xray:GetSamplingTargets"))
                .resources(List.of("*")).build());
        // Pulls the image.
        Role accessRole = Role.Builder.create(this, "EcrAccessRole")
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

        String tag = StringParameter.valueForStringParameter(this, settings.imageTagParameter());
        service = CfnService.Builder.create(this, "Service")
                .serviceName(settings.serviceName())
                .sourceConfiguration(CfnService.SourceConfigurationProperty.builder()
                        .autoDeploymentsEnabled(false)
                        .authenticationConfiguration(CfnService.AuthenticationConfigurationProperty.builder()
                                .accessRoleArn(accessRole.getRoleArn()).build())
                        .imageRepository(CfnService.ImageRepositoryProperty.builder()
                                .imageRepositoryType("ECR")
                                .imageIdentifier(repository.getRepositoryUri() + ":" + tag)
                                .imageConfiguration(CfnService.ImageConfigurationProperty.builder()
                                        .port(ServiceEnvironment.PORT)
                                        .runtimeEnvironmentVariables(runtimeEnvironment(settings))
                                        .build())
                                .build())
                        .build())
                .instanceConfiguration(CfnService.InstanceConfigurationProperty.builder()
                        .cpu("1 vCPU").memory("2 GB").instanceRoleArn(instanceRole.getRoleArn()).build())
                .healthCheckConfiguration(CfnService.HealthCheckConfigurationProperty.builder()
                        .protocol("HTTP").path("/api/health/live")
                        .interval(10).timeout(5).healthyThreshold(1).unhealthyThreshold(5).build())
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

    public CfnService service() {
        return service;
    }
}
