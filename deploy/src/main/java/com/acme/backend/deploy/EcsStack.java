package com.acme.backend.deploy;

import java.util.List;
import java.util.Map;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ec2.CfnSecurityGroupIngress;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SecurityGroupImportOptions;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ecr.IRepository;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerDefinition;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.ContainerInsights;
import software.amazon.awscdk.services.ecs.CpuArchitecture;
import software.amazon.awscdk.services.ecs.DeploymentCircuitBreaker;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.ecs.HealthCheck;
import software.amazon.awscdk.services.ecs.LogDriver;
import software.amazon.awscdk.services.ecs.OperatingSystemFamily;
import software.amazon.awscdk.services.ecs.PortMapping;
import software.amazon.awscdk.services.ecs.RuntimePlatform;
import software.amazon.awscdk.services.ecs.ScalableTaskCount;
import software.amazon.awscdk.services.ecs.Secret;
import software.amazon.awscdk.services.applicationautoscaling.EnableScalingProps;
import software.amazon.awscdk.services.ecs.RequestCountScalingProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.AddApplicationTargetsProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationListener;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationLoadBalancer;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationProtocol;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationTargetGroup;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerCertificate;
import software.amazon.awscdk.services.elasticloadbalancingv2.SslPolicy;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.ssm.StringParameter;
import software.constructs.Construct;

/**
 * The service on ECS Fargate behind an internet-facing Application Load Balancer: the default target.
 * <p>
 * Probes. The load balancer's target group checks {@code /api/health/started}: 503 until every readiness check has
 * been UP together once (schema current, secrets read, database answered), 200 from then on while liveness is UP. A
 * release that never becomes ready (wrong Vault path, bad database credentials) therefore never takes traffic, and
 * the deployment circuit breaker rolls it back. The container's own health check stays on liveness
 * ({@code /api/health/live}). The trade-off: on ECS one target-group check both routes traffic and makes ECS replace
 * the task, so a readiness check there would get every task replaced during a database or Vault outage longer than a
 * few checks, and replacements could not start while Vault is down. With the startup probe, a task that loses its
 * database after start keeps receiving traffic and answers fast 503s with Retry-After, as every task would, since
 * they share the database; nothing restarts, and it serves again as soon as the database is back.
 * <p>
 * Timing (the health-check grace period, {@link #HEALTH_CHECK_GRACE_SECONDS}): see there. On scale-in and deploys
 * ECS first deregisters a task (the load balancer drains it for 30 s), then sends SIGTERM and waits
 * {@code stopTimeout} (60 s, longer than Liberty's 30 s quiesce) before SIGKILL.
 * <p>
 * Scaling: 2 to {@code maxInstances} tasks on requests per target. The service sets no {@code desiredCount}: with
 * it, every later {@code cdk deploy} would reset a scaled-out service to that count. On the first create ECS starts
 * the service with 1 task (CloudFormation's default when DesiredCount is absent,
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ecs-service.html), and
 * registering the scalable target with a minimum of 2 raises it to 2 (RegisterScalableTarget moves the current
 * capacity into the range,
 * https://docs.aws.amazon.com/autoscaling/application/APIReference/API_RegisterScalableTarget.html).
 * <p>
 * Roles are split: the execution role lets ECS pull the image, write logs and read the Vault CA parameter if one is
 * set; the task role is the identity the service runs as, which Vault's AWS auth recognises, and has no permissions
 * of its own.
 */
public class EcsStack extends Stack {

    static final String CONTAINER = "service";
    static final int STOP_TIMEOUT_SECONDS = 60;
    static final int DEREGISTRATION_DELAY_SECONDS = 30;
    /** What the load balancer probes: see the class comment. */
    static final String TARGET_HEALTH_PATH = "/api/health/started";
    static final int TARGET_INTERVAL_SECONDS = 10;
    static final int TARGET_HEALTHY_THRESHOLD = 2;
    static final int TARGET_UNHEALTHY_THRESHOLD = 3;
    /**
     * How long ECS ignores failing health checks of a new task
     * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html, healthCheckGracePeriodSeconds:
     * the load balancer's and the container's). The worst healthy start: the entrypoint waits up to
     * VAULT_RENDER_TIMEOUT = 60 s for Vault Agent's first render, then Liberty starts in up to 60 s cold on 1 vCPU and
     * /api/health/started turns 200; the next target-group check comes within one interval (10 s) and the target is
     * healthy after 2 passing checks (2 x 10 s): 60 + 60 + 10 + 20 = 150 s, plus 30 s for the image pull and the
     * container start, which may count against it = 180 s.
     */
    static final int HEALTH_CHECK_GRACE_SECONDS = 180;
    /**
     * The container's liveness check ignores failures for this long after the container starts: first render (60 s)
     * + Liberty's cold start (60 s); after it, 5 failures 10 s apart mark it unhealthy. ECS allows 0-300 s
     * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_HealthCheck.html).
     */
    static final int LIVENESS_START_PERIOD_SECONDS = 120;
    /** The image has no curl: bash's /dev/tcp asks the liveness probe and expects a 200 status line. */
    static final String LIVENESS_COMMAND = "exec 3<>/dev/tcp/127.0.0.1/" + ServiceEnvironment.PORT
            + " && printf 'GET /api/health/live HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n' >&3"
            + " && head -n 1 <&3 | grep -q ' 200 '";

    private final FargateService service;
    private final ApplicationLoadBalancer loadBalancer;
    private final ApplicationTargetGroup targetGroup;
    private final FargateTaskDefinition taskDefinition;

    public EcsStack(Construct scope, String id, StackProps props, Settings settings, IVpc vpc,
                    ISecurityGroup serviceGroup, IRepository repository) {
        super(scope, id, props);
        // The data stack's group, imported read-only: the rule that lets the load balancer in lives here, so the
        // data stack does not depend on this one.
        ISecurityGroup tasksGroup = SecurityGroup.fromSecurityGroupId(this, "ServiceGroup",
                serviceGroup.getSecurityGroupId(), SecurityGroupImportOptions.builder().mutable(false).build());
        Cluster cluster = Cluster.Builder.create(this, "Cluster").clusterName(settings.serviceName()).vpc(vpc)
                .containerInsightsV2(ContainerInsights.ENABLED).build();

        // Named, so Vault's AWS auth role can be bound to it before the first deploy.
        Role taskRole = Role.Builder.create(this, "TaskRole")
                .roleName(settings.serviceName() + "-ecs-task")
                .assumedBy(new ServicePrincipal("ecs-tasks.amazonaws.com"))
                .description("The " + settings.serviceName() + " tasks' identity: Vault IAM login, no AWS permissions")
                .build();
        taskDefinition = FargateTaskDefinition.Builder.create(this, "Task")
                .family(settings.serviceName())
                // Sized by MemoryBudget: heap + non-heap + Vault Agent, in Fargate's sizes.
                .cpu(MemoryBudget.CPU_UNITS).memoryLimitMiB(MemoryBudget.ecsTaskMib())
                .runtimePlatform(RuntimePlatform.builder().cpuArchitecture(CpuArchitecture.X86_64)
                        .operatingSystemFamily(OperatingSystemFamily.LINUX).build())
                .taskRole(taskRole)
                .build();
        LogGroup logs = LogGroup.Builder.create(this, "ApplicationLogs")
                .logGroupName("/ecs/" + settings.serviceName())
                .retention(RetentionDays.ONE_MONTH).removalPolicy(RemovalPolicy.RETAIN).build();
        // The image by tag or digest (ImageReference); ECS pulls it with the execution role.
        repository.grantPull(taskDefinition.obtainExecutionRole());
        ContainerDefinition container = taskDefinition.addContainer(CONTAINER, ContainerDefinitionOptions.builder()
                .image(ContainerImage.fromRegistry(ImageReference.of(this, repository, settings.imageTagParameter())))
                .environment(ServiceEnvironment.of(settings, null))
                .secrets(secrets(settings))
                .portMappings(List.of(PortMapping.builder().containerPort(Integer.parseInt(ServiceEnvironment.PORT))
                        .build()))
                .logging(LogDriver.awsLogs(AwsLogDriverProps.builder().logGroup(logs).streamPrefix("service")
                        .build()))
                .healthCheck(HealthCheck.builder().command(List.of("CMD-SHELL", "bash -c \"" + LIVENESS_COMMAND
                                + "\""))
                        .interval(Duration.seconds(10)).timeout(Duration.seconds(5)).retries(5)
                        .startPeriod(Duration.seconds(LIVENESS_START_PERIOD_SECONDS)).build())
                .stopTimeout(Duration.seconds(STOP_TIMEOUT_SECONDS))
                .readonlyRootFilesystem(false)
                .build());

        service = FargateService.Builder.create(this, "Service")
                .serviceName(settings.serviceName())
                .cluster(cluster)
                .taskDefinition(taskDefinition)
                // No desiredCount: auto scaling owns the count (class comment).
                .minHealthyPercent(100).maxHealthyPercent(200)
                .circuitBreaker(DeploymentCircuitBreaker.builder().enable(true).rollback(true).build())
                .healthCheckGracePeriod(Duration.seconds(HEALTH_CHECK_GRACE_SECONDS))
                .vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build())
                .securityGroups(List.of(tasksGroup))
                .assignPublicIp(false)
                .build();

        Bucket accessLogs = Bucket.Builder.create(this, "LoadBalancerLogs")
                .encryption(BucketEncryption.S3_MANAGED)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .enforceSsl(true)
                .lifecycleRules(List.of(LifecycleRule.builder().expiration(Duration.days(14)).build()))
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        SecurityGroup loadBalancerGroup = SecurityGroup.Builder.create(this, "LoadBalancerAccess").vpc(vpc)
                .allowAllOutbound(false).description("The public load balancer: HTTPS and HTTP (redirected)").build();
        loadBalancerGroup.addIngressRule(Peer.anyIpv4(), Port.tcp(443), "HTTPS from clients");
        loadBalancerGroup.addIngressRule(Peer.anyIpv4(), Port.tcp(80), "HTTP, redirected to HTTPS");
        loadBalancer = ApplicationLoadBalancer.Builder.create(this, "LoadBalancer")
                .vpc(vpc).internetFacing(true).securityGroup(loadBalancerGroup)
                .vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PUBLIC).build())
                .dropInvalidHeaderFields(true)
                .build();
        loadBalancer.logAccessLogs(accessLogs, "alb");
        loadBalancer.addRedirect();
        ApplicationListener https = loadBalancer.addListener("Https", software.amazon.awscdk.services
                .elasticloadbalancingv2.BaseApplicationListenerProps.builder()
                .port(443).protocol(ApplicationProtocol.HTTPS).sslPolicy(SslPolicy.RECOMMENDED_TLS)
                .certificates(List.of(ListenerCertificate.fromArn(settings.certificateArn())))
                .open(false)
                .build());
        targetGroup = https.addTargets("Tasks", AddApplicationTargetsProps.builder()
                .port(Integer.parseInt(ServiceEnvironment.PORT)).protocol(ApplicationProtocol.HTTP)
                .targets(List.of(service.loadBalancerTarget(software.amazon.awscdk.services.ecs
                        .LoadBalancerTargetOptions.builder().containerName(CONTAINER)
                        .containerPort(Integer.parseInt(ServiceEnvironment.PORT)).build())))
                .healthCheck(software.amazon.awscdk.services.elasticloadbalancingv2.HealthCheck.builder()
                        .path(TARGET_HEALTH_PATH).healthyHttpCodes("200")
                        .interval(Duration.seconds(TARGET_INTERVAL_SECONDS)).timeout(Duration.seconds(5))
                        .healthyThresholdCount(TARGET_HEALTHY_THRESHOLD)
                        .unhealthyThresholdCount(TARGET_UNHEALTHY_THRESHOLD).build())
                .deregistrationDelay(Duration.seconds(DEREGISTRATION_DELAY_SECONDS))
                .build());

        CfnSecurityGroupIngress.Builder.create(this, "LoadBalancerToTasks")
                .groupId(serviceGroup.getSecurityGroupId())
                .sourceSecurityGroupId(loadBalancerGroup.getSecurityGroupId())
                .ipProtocol("tcp").fromPort(Integer.parseInt(ServiceEnvironment.PORT))
                .toPort(Integer.parseInt(ServiceEnvironment.PORT))
                .description("from the load balancer").build();

        ScalableTaskCount scaling = service.autoScaleTaskCount(EnableScalingProps.builder()
                .minCapacity(2).maxCapacity(settings.maxInstances()).build());
        // App Runner scales at 100 concurrent requests per instance; the load balancer counts requests per target per
        // minute, so 6000 is that concurrency at about one-second requests.
        scaling.scaleOnRequestCount("Requests", RequestCountScalingProps.builder()
                .requestsPerTarget(100 * 60).targetGroup(targetGroup).build());

        CfnOutput.Builder.create(this, "ClusterName").value(cluster.getClusterName()).build();
        CfnOutput.Builder.create(this, "ServiceName").value(service.getServiceName()).build();
        CfnOutput.Builder.create(this, "ServiceUrl").value("https://" + loadBalancer.getLoadBalancerDnsName())
                .description("Point the certificate's domain at the load balancer (CNAME or Route 53 alias)").build();
        CfnOutput.Builder.create(this, "LoadBalancerDnsName").value(loadBalancer.getLoadBalancerDnsName()).build();
        CfnOutput.Builder.create(this, "TaskRoleArn").value(taskRole.getRoleArn())
                .description("Bind Vault's AWS auth role to this ARN").build();

        NagSuppressions.addResourceSuppressions(loadBalancerGroup, List.of(NagPackSuppression.builder()
                .id("AwsSolutions-EC23").reason("A public API: clients anywhere reach the load balancer on 443 (80 only"
                        + " redirects); the tasks stay private.").build()), true);
        NagSuppressions.addResourceSuppressions(accessLogs, List.of(NagPackSuppression.builder()
                .id("AwsSolutions-S1").reason("This bucket holds the load balancer's access logs; logging its own"
                        + " access would log the log writes.").build()), true);
        NagSuppressions.addResourceSuppressions(taskDefinition, List.of(NagPackSuppression.builder()
                .id("AwsSolutions-ECS2").reason("The environment holds addresses and names only; secrets come from"
                        + " Vault at run time and never pass through ECS.").build(),
                NagPackSuppression.builder().id("AwsSolutions-IAM5").reason("ecr:GetAuthorizationToken and the"
                        + " log stream actions CDK grants the execution role take no narrower resource.").build()),
                true);
    }

    /**
     * VAULT_CACERT_PEM from the SSM parameter named by vaultCaCertParameter, if set: ECS reads it at task start with
     * the execution role, which the CDK grants ssm:GetParameters on that parameter
     * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-ssm-paramstore.html).
     */
    private Map<String, Secret> secrets(Settings settings) {
        String parameter = settings.vault().caCertParameter();
        if (parameter == null) {
            return Map.of();
        }
        return Map.of(ServiceEnvironment.VAULT_CACERT_PEM, Secret.fromSsmParameter(
                StringParameter.fromStringParameterName(this, "VaultCaCert", parameter)));
    }

    public FargateService service() {
        return service;
    }

    public ApplicationLoadBalancer loadBalancer() {
        return loadBalancer;
    }

    public ApplicationTargetGroup targetGroup() {
        return targetGroup;
    }

    public FargateTaskDefinition taskDefinition() {
        return taskDefinition;
    }
}
