package com.acme.backend.deploy;

import java.util.List;

import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ec2.CfnSubnet;
import software.amazon.awscdk.services.ec2.FlowLogDestination;
import software.amazon.awscdk.services.ec2.FlowLogOptions;
import software.amazon.awscdk.services.ec2.FlowLogTrafficType;
import software.amazon.awscdk.services.ec2.ISubnet;
import software.amazon.awscdk.services.ec2.IpAddresses;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * The network of the seed's section 3.1: VPC 10.0.0.0/16 over three availability zones, public subnets
 * 10.0.1-3.0/24 (NAT gateway, load balancer), private subnets 10.0.4-6.0/24 (App Runner's VPC connector, ECS tasks,
 * RDS), one NAT gateway, and flow logs of all traffic kept 14 days.
 */
public class NetworkStack extends Stack {

    static final List<String> PUBLIC_CIDRS = List.of("10.0.1.0/24", "10.0.2.0/24", "10.0.3.0/24");
    static final List<String> PRIVATE_CIDRS = List.of("10.0.4.0/24", "10.0.5.0/24", "10.0.6.0/24");

    private final Vpc vpc;

    public NetworkStack(Construct scope, String id, StackProps props) {
        super(scope, id, props);
        LogGroup flowLogs = LogGroup.Builder.create(this, "FlowLogs")
                .retention(RetentionDays.TWO_WEEKS)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        vpc = Vpc.Builder.create(this, "Vpc")
                .ipAddresses(IpAddresses.cidr("10.0.0.0/16"))
                .maxAzs(3)
                .natGateways(1)
                .subnetConfiguration(List.of(
                        SubnetConfiguration.builder().name("public").subnetType(SubnetType.PUBLIC).cidrMask(24).build(),
                        SubnetConfiguration.builder().name("private").subnetType(SubnetType.PRIVATE_WITH_EGRESS)
                                .cidrMask(24).build()))
                .flowLogs(java.util.Map.of("all", FlowLogOptions.builder()
                        .destination(FlowLogDestination.toCloudWatchLogs(flowLogs))
                        .trafficType(FlowLogTrafficType.ALL)
                        .build()))
                .build();
        // The CDK would number the subnets from 10.0.0.0; the seed's plan starts at 10.0.1.0.
        pin(vpc.getPublicSubnets(), PUBLIC_CIDRS);
        pin(vpc.getPrivateSubnets(), PRIVATE_CIDRS);
    }

    private static void pin(List<ISubnet> subnets, List<String> cidrs) {
        for (int i = 0; i < subnets.size(); i++) {
            ((CfnSubnet) subnets.get(i).getNode().getDefaultChild()).setCidrBlock(cidrs.get(i));
        }
    }

    public Vpc vpc() {
        return vpc;
    }
}
