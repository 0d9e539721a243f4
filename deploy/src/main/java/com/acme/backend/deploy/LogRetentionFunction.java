package com.acme.backend.deploy;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import software.amazon.awscdk.Stack;

/**
 * The CDK's log-retention function: a singleton Lambda function per stack (construct id below) that
 * {@code LogRetention} and {@code cloudwatchLogsRetention} use to set the retention of log groups that a service
 * creates itself (RDS's, App Runner's). Its role trips two cdk-nag rules; the suppressions are attached to that
 * role's two resources by path, never to the whole stack, and cdk-nag refuses a path that matches nothing.
 */
final class LogRetentionFunction {

    /** The id the CDK gives the singleton (aws-cdk-lib aws-logs/lib/log-retention). */
    static final String CONSTRUCT_ID = "LogRetentionaae0aa3c5b4d4f87b02d85b201efdd8a";

    private LogRetentionFunction() {}

    /** @param whatFor which log groups the function manages in this stack, for the suppression reasons */
    static void suppress(Stack stack, String whatFor) {
        String role = "/" + stack.getNode().getPath() + "/" + CONSTRUCT_ID + "/ServiceRole";
        NagSuppressions.addResourceSuppressionsByPath(
                stack,
                role + "/Resource",
                List.of(NagPackSuppression.builder()
                        .id("AwsSolutions-IAM4")
                        .reason("The CDK's log-retention function uses AWSLambdaBasicExecutionRole"
                                + " to write its own logs.")
                        .build()));
        NagSuppressions.addResourceSuppressionsByPath(
                stack,
                role + "/DefaultPolicy/Resource",
                List.of(NagPackSuppression.builder()
                        .id("AwsSolutions-IAM5")
                        .reason("The CDK's log-retention function sets" + " the retention of " + whatFor
                                + "; its policy takes the group names as a wildcard.")
                        .build()));
    }
}
