package com.acme.backend.deploy;

import java.util.Map;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.RemovalPolicy;
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
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.sns.Topic;
import software.constructs.Construct;

/**
 * The alarms of the seed's section 5.1 on the App Runner service, sent to one SNS topic: CPU over 80% and memory
 * over 80% for 5 minutes, 5xx over 1% of requests, p99 latency over 2 s. And the service's log groups, created
 * here so that they carry the retention of section 5.2: 30 days for the application's, 14 for App Runner's own.
 */
public class MonitoringStack extends Stack {

    private static final Duration PERIOD = Duration.minutes(5);

    private final Topic alarms;

    public MonitoringStack(Construct scope, String id, StackProps props, Settings settings, CfnService service) {
        super(scope, id, props);
        Key key = Key.Builder.create(this, "AlarmTopicKey").enableKeyRotation(true)
                .description("Encrypts the " + settings.serviceName() + " alarm topic").build();
        alarms = Topic.Builder.create(this, "Alarms").topicName(settings.serviceName() + "-alarms")
                .masterKey(key).enforceSsl(true).build();
        Map<String, String> dimensions = Map.of("ServiceName", settings.serviceName(),
                "ServiceID", service.getAttrServiceId());

        alarm("Cpu", "CPU above 80% for 5 minutes", appRunner("CPUUtilization", "Average", dimensions), 80);
        alarm("Memory", "Memory above 80% for 5 minutes", appRunner("MemoryUtilization", "Average", dimensions), 80);
        alarm("ServerErrors", "5xx above 1% of requests", MathExpression.Builder.create()
                .expression("IF(requests > 0, 100 * errors / requests, 0)")
                .usingMetrics(Map.of("errors", appRunner("5xxStatusResponses", "Sum", dimensions),
                        "requests", appRunner("Requests", "Sum", dimensions)))
                .period(PERIOD).label("5xx %").build(), 1);
        alarm("Latency", "p99 latency above 2 s", appRunner("RequestLatency", "p99", dimensions), 2000);

        String logPrefix = Fn.join("", java.util.List.of("/aws/apprunner/", settings.serviceName(), "/",
                service.getAttrServiceId()));
        LogGroup.Builder.create(this, "ApplicationLogs").logGroupName(logPrefix + "/application")
                .retention(RetentionDays.ONE_MONTH).removalPolicy(RemovalPolicy.RETAIN).build();
        LogGroup.Builder.create(this, "ServiceLogs").logGroupName(logPrefix + "/service")
                .retention(RetentionDays.TWO_WEEKS).removalPolicy(RemovalPolicy.RETAIN).build();
    }

    private static Metric appRunner(String name, String statistic, Map<String, String> dimensions) {
        return Metric.Builder.create().namespace("AWS/AppRunner").metricName(name).statistic(statistic)
                .dimensionsMap(dimensions).period(PERIOD).build();
    }

    private void alarm(String id, String description, IMetric metric, double threshold) {
        Alarm.Builder.create(this, id).alarmDescription(description).metric(metric).threshold(threshold)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD).evaluationPeriods(1)
                .treatMissingData(TreatMissingData.NOT_BREACHING).build()
                .addAlarmAction(new SnsAction(alarms));
    }

    public Topic alarms() {
        return alarms;
    }
}
