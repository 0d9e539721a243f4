package com.acme.backend.deploy;

import java.util.List;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
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
 * The same image on ECS Fargate behind an Application Load Balancer, for accounts that cannot use App Runner.
 * <p>
 * Two health checks with two jobs: the load balancer sends traffic only to tasks whose readiness probe passes
 * ({@code /api/health/ready}: database and secrets usable), while ECS replaces only tasks whose liveness probe fails
 * ({@code /api/health/live}), so a database outage takes tasks out of rotation without killing them all. A
 * deployment whose tasks never become healthy is rolled back by the circuit breaker. On scale-in and deploys ECS
 * first deregisters a task (the load balancer drains it for 30 s), then sends SIGTERM and waits {@code stopTimeout}
 * (60 s, longer than Liberty's 30 s quiesce) before SIGKILL.
 * <p>
 * Roles are split: the execution role lets ECS pull the image and write logs; the task role is the identity the
 * service runs as, which Vault's AWS auth recognises, and has no permissions of its own.
 */
public class EcsStack extends Stack {

    static final String CONTAINER = "service";
    static final int STOP_TIMEOUT_SECONDS = 60;
    static final int DEREGISTRATION_DELAY_SECONDS = 30;
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
                .cpu(1024).memoryLimitMiB(2048)
                .runtimePlatform(RuntimePlatform.builder().cpuArchitecture(CpuArchitecture.X86_64)
                        .operatingSystemFamily(OperatingSystemFamily.LINUX).build())
                .taskRole(taskRole)
                .build();
        LogGroup logs = LogGroup.Builder.create(this, "ApplicationLogs")
                .logGroupName("/ecs/" + settings.serviceName())
                .retention(RetentionDays.ONE_MONTH).removalPolicy(RemovalPolicy.RETAIN).build();
        String tag = StringParameter.valueForStringParameter(this, settings.imageTagParameter());
        ContainerDefinition container = taskDefinition.addContainer(CONTAINER, ContainerDefinitionOptions.builder()
                .image(ContainerImage.fromEcrRepository(repository, tag))
                .environment(ServiceEnvironment.of(settings, null))
                .portMappings(List.of(PortMapping.builder().containerPort(Integer.parseInt(ServiceEnvironment.PORT))
                        .build()))
                .logging(LogDriver.awsLogs(AwsLogDriverProps.builder().logGroup(logs).streamPrefix("service")
                        .build()))
                .healthCheck(HealthCheck.builder().command(List.of("CMD-SHELL", "bash -c \"" + LIVENESS_COMMAND
                                + "\""))
                        .interval(Duration.seconds(10)).timeout(Duration.seconds(5)).retries(5)
                        .startPeriod(Duration.seconds(60)).build())
                .stopTimeout(Duration.seconds(STOP_TIMEOUT_SECONDS))
                .readonlyRootFilesystem(false)
                .build());

        service = FargateService.Builder.create(this, "Service")
                .serviceName(settings.serviceName())
                .cluster(cluster)
                .taskDefinition(taskDefinition)
                .desiredCount(2)
                .minHealthyPercent(100).maxHealthyPercent(200)
                .circuitBreaker(DeploymentCircuitBreaker.builder().enable(true).rollback(true).build())
                .healthCheckGracePeriod(Duration.seconds(120))
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
                        .path("/api/health/ready").healthyHttpCodes("200")
                        .interval(Duration.seconds(10)).timeout(Duration.seconds(5))
                        .healthyThresholdCount(2).unhealthyThresholdCount(3).build())
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
