package com.acme.backend.deploy;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.apprunner.CfnService;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.logs.LogRetention;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.sns.Topic;
import software.constructs.Construct;

/**
 * The alarms for each target the service runs on, sent to one KMS-encrypted SNS topic: CPU over 80% and memory over
 * 80% for 5 minutes, 5xx over 1% of requests, p99 latency over 2 s (docs/operations.md, "Alarms", says what each
 * means and what to do). And, for App Runner, the retention of the log groups App Runner creates itself: 30 days for
 * the application's, 14 for App Runner's own. (The ECS target's log group is created with its retention in
 * {@link EcsStack}.)
 */
public class MonitoringStack extends Stack {

    private static final Duration PERIOD = Duration.minutes(5);

    private final Topic alarms;

    /** @param appRunner the App Runner service, or null; @param ecs the ECS target, or null */
    public MonitoringStack(
            Construct scope, String id, StackProps props, Settings settings, CfnService appRunner, EcsStack ecs) {
        super(scope, id, props);
        Key key = Key.Builder.create(this, "AlarmTopicKey")
                .enableKeyRotation(true)
                .description("Encrypts the " + settings.serviceName() + " alarm topic")
                .build();
        // CloudWatch publishes the alarm notifications and must use the topic's key to do so; without this grant the
        // alarms fire and nothing is delivered
        // (https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services). The
        // key serves this topic only.
        key.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("CloudWatchAlarmsPublish")
                .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
                .actions(List.of("kms:Decrypt", "kms:GenerateDataKey*"))
                .resources(List.of("*"))
                .build());
        alarms = Topic.Builder.create(this, "Alarms")
                .topicName(settings.serviceName() + "-alarms")
                .masterKey(key)
                .enforceSsl(true)
                .build();
        if (appRunner != null) {
            appRunnerAlarms(settings, appRunner);
        }
        if (ecs != null) {
            ecsAlarms(ecs);
        }
    }

    private void appRunnerAlarms(Settings settings, CfnService service) {
        Map<String, String> dimensions =
                Map.of("ServiceName", settings.serviceName(), "ServiceID", service.getAttrServiceId());
        alarm(
                "AppRunnerCpu",
                "App Runner: CPU above 80% for 5 minutes",
                metric("AWS/AppRunner", "CPUUtilization", "Average", dimensions),
                80);
        alarm(
                "AppRunnerMemory",
                "App Runner: memory above 80% for 5 minutes",
                metric("AWS/AppRunner", "MemoryUtilization", "Average", dimensions),
                80);
        alarm(
                "AppRunnerServerErrors",
                "App Runner: 5xx above 1% of requests",
                percent(
                        metric("AWS/AppRunner", "5xxStatusResponses", "Sum", dimensions),
                        metric("AWS/AppRunner", "Requests", "Sum", dimensions)),
                1);
        alarm(
                "AppRunnerLatency",
                "App Runner: p99 latency above 2 s",
                metric("AWS/AppRunner", "RequestLatency", "p99", dimensions),
                2000);

        // App Runner creates these groups itself, with no expiry; LogRetention sets the retention whether or not
        // they exist yet, where a LogGroup resource would collide with App Runner's.
        String prefix =
                Fn.join("", List.of("/aws/apprunner/", settings.serviceName(), "/", service.getAttrServiceId()));
        LogRetention application = LogRetention.Builder.create(this, "ApplicationLogRetention")
                .logGroupName(prefix + "/application")
                .retention(RetentionDays.ONE_MONTH)
                .build();
        LogRetention system = LogRetention.Builder.create(this, "ServiceLogRetention")
                .logGroupName(prefix + "/service")
                .retention(RetentionDays.TWO_WEEKS)
                .build();
        LogRetentionFunction.suppress(
                this, "the log groups App Runner creates, whose names hold the service id it" + " chooses at creation");
        application.getNode().addDependency(service);
        system.getNode().addDependency(service);
    }

    private void ecsAlarms(EcsStack ecs) {
        alarm(
                "EcsCpu",
                "ECS: CPU above 80% for 5 minutes",
                ecs.service()
                        .metricCpuUtilization(software.amazon.awscdk.services.cloudwatch.MetricOptions.builder()
                                .period(PERIOD)
                                .build()),
                80);
        alarm(
                "EcsMemory",
                "ECS: memory above 80% for 5 minutes",
                ecs.service()
                        .metricMemoryUtilization(software.amazon.awscdk.services.cloudwatch.MetricOptions.builder()
                                .period(PERIOD)
                                .build()),
                80);
        Map<String, String> balancer = Map.of("LoadBalancer", ecs.loadBalancer().getLoadBalancerFullName());
        alarm(
                "EcsServerErrors",
                "ECS: 5xx above 1% of requests",
                percent(
                        metric("AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", "Sum", balancer),
                        metric("AWS/ApplicationELB", "RequestCount", "Sum", balancer)),
                1);
        alarm(
                "EcsLatency",
                "ECS: p99 latency above 2 s",
                metric("AWS/ApplicationELB", "TargetResponseTime", "p99", balancer),
                2);
    }

    private static MathExpression percent(IMetric errors, IMetric requests) {
        return MathExpression.Builder.create()
                .expression("IF(requests > 0, 100 * errors / requests, 0)")
                .usingMetrics(Map.of("errors", errors, "requests", requests))
                .period(PERIOD)
                .label("5xx %")
                .build();
    }

    private static Metric metric(String namespace, String name, String statistic, Map<String, String> dimensions) {
        return Metric.Builder.create()
                .namespace(namespace)
                .metricName(name)
                .statistic(statistic)
                .dimensionsMap(dimensions)
                .period(PERIOD)
                .build();
    }

    private void alarm(String id, String description, IMetric metric, double threshold) {
        Alarm.Builder.create(this, id)
                .alarmDescription(description)
                .metric(metric)
                .threshold(threshold)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .evaluationPeriods(1)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build()
                .addAlarmAction(new SnsAction(alarms));
    }

    public Topic alarms() {
        return alarms;
    }
}
