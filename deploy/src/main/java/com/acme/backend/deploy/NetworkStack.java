package com.acme.backend.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ec2.CfnSubnet;
import software.amazon.awscdk.services.ec2.FlowLogDestination;
import software.amazon.awscdk.services.ec2.FlowLogOptions;
import software.amazon.awscdk.services.ec2.FlowLogTrafficType;
import software.amazon.awscdk.services.ec2.ISubnet;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.IpAddresses;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ec2.VpcAttributes;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * The network the service joins.
 * <p>
 * A new VPC (the default): {@code vpcCidr} (10.0.0.0/16 unless set, so it can avoid a peered network's range) over
 * three availability zones, public subnets at the range's second to fourth /24 (10.0.1-3.0/24 by default: NAT
 * gateway, load balancer), private subnets at its fifth to seventh (10.0.4-6.0/24: ECS tasks, App Runner's VPC
 * connector, RDS), one NAT gateway, and flow logs of all traffic kept 14 days. DNS support and DNS host names are on
 * (the CDK's defaults), which a Route 53 private hosted zone for Vault's name needs.
 * <p>
 * An existing VPC ({@code vpcId}): imported from the ids given in context, with no lookup, so synthesis stays
 * offline; this stack then creates nothing, and the VPC's routing, NAT, flow logs and DNS stay its owner's.
 */
public class NetworkStack extends Stack {

    private final IVpc vpc;

    public NetworkStack(Construct scope, String id, StackProps props, Settings settings) {
        super(scope, id, props);
        Settings.Network network = settings.network();
        vpc = network.existing() ? imported(network) : created(network.cidr());
    }

    private IVpc imported(Settings.Network network) {
        return Vpc.fromVpcAttributes(
                this,
                "Vpc",
                VpcAttributes.builder()
                        .vpcId(network.vpcId())
                        .vpcCidrBlock(network.cidr())
                        .availabilityZones(network.availabilityZones())
                        .privateSubnetIds(network.privateSubnetIds())
                        .publicSubnetIds(network.publicSubnetIds().isEmpty() ? null : network.publicSubnetIds())
                        .build());
    }

    private Vpc created(String cidr) {
        LogGroup flowLogs = LogGroup.Builder.create(this, "FlowLogs")
                .retention(RetentionDays.TWO_WEEKS)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        Vpc created = Vpc.Builder.create(this, "Vpc")
                .ipAddresses(IpAddresses.cidr(cidr))
                .maxAzs(3)
                .natGateways(1)
                .subnetConfiguration(List.of(
                        SubnetConfiguration.builder()
                                .name("public")
                                .subnetType(SubnetType.PUBLIC)
                                .cidrMask(24)
                                .build(),
                        SubnetConfiguration.builder()
                                .name("private")
                                .subnetType(SubnetType.PRIVATE_WITH_EGRESS)
                                .cidrMask(24)
                                .build()))
                .flowLogs(Map.of(
                        "all",
                        FlowLogOptions.builder()
                                .destination(FlowLogDestination.toCloudWatchLogs(flowLogs))
                                .trafficType(FlowLogTrafficType.ALL)
                                .build()))
                .build();
        // The CDK would number the subnets from the range's first /24; the plan keeps that one free.
        pin(created.getPublicSubnets(), subnets(cidr, 1));
        pin(created.getPrivateSubnets(), subnets(cidr, 4));
        return created;
    }

    /** Three consecutive /24s of {@code vpcCidr}, starting at the {@code first}-th (0 is the range's first /24). */
    static List<String> subnets(String vpcCidr, int first) {
        String[] octets = vpcCidr.substring(0, vpcCidr.indexOf('/')).split("\\.");
        long base = 0;
        for (String octet : octets) {
            base = base << 8 | Long.parseLong(octet);
        }
        int prefix = Integer.parseInt(vpcCidr.substring(vpcCidr.indexOf('/') + 1));
        base &= 0xFFFFFFFFL << (32 - prefix) & 0xFFFFFFFFL;
        List<String> subnets = new ArrayList<>();
        for (int i = first; i < first + 3; i++) {
            long net = base + i * 256L;
            subnets.add(
                    (net >> 24 & 255) + "." + (net >> 16 & 255) + "." + (net >> 8 & 255) + "." + (net & 255) + "/24");
        }
        return subnets;
    }

    private static void pin(List<ISubnet> subnets, List<String> cidrs) {
        for (int i = 0; i < subnets.size(); i++) {
            ((CfnSubnet) subnets.get(i).getNode().getDefaultChild()).setCidrBlock(cidrs.get(i));
        }
    }

    public IVpc vpc() {
        return vpc;
    }
}
