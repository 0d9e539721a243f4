package com.acme.backend.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The synthesized stacks, as CloudFormation, against the seed's tables; and cdk-nag without findings. */
class StacksTest {

    private static BackendApp.Stacks stacks;

    @BeforeAll
    static void synthesize() {
        App app = App.Builder.create().context(Map.of("account", "123456789012", "region", "eu-west-1")).build();
        stacks = BackendApp.build(app);
        app.synth();
    }

    @Test
    void theNetworkIsTheSeedsPlan() {
        Template network = Template.fromStack(stacks.network());
        network.hasResourceProperties("AWS::EC2::VPC", Map.of("CidrBlock", "10.0.0.0/16"));
        network.resourceCountIs("AWS::EC2::Subnet", 6);
        for (String cidr : NetworkStack.PUBLIC_CIDRS) {
            network.hasResourceProperties("AWS::EC2::Subnet", Map.of("CidrBlock", cidr, "MapPublicIpOnLaunch", true));
        }
        for (String cidr : NetworkStack.PRIVATE_CIDRS) {
            network.hasResourceProperties("AWS::EC2::Subnet", Map.of("CidrBlock", cidr, "MapPublicIpOnLaunch", false));
        }
        network.resourceCountIs("AWS::EC2::NatGateway", 1);
        network.hasResourceProperties("AWS::EC2::FlowLog", Map.of("TrafficType", "ALL"));
        network.hasResourceProperties("AWS::Logs::LogGroup", Map.of("RetentionInDays", 14));
    }

    @Test
    void theRegistryScansAndNeverOverwritesImages() {
        Template registry = Template.fromStack(stacks.registry());
        registry.hasResourceProperties("AWS::ECR::Repository", Map.of(
                "ImageScanningConfiguration", Map.of("ScanOnPush", true),
                "ImageTagMutability", "IMMUTABLE",
                "LifecyclePolicy", Match.objectLike(Map.of("LifecyclePolicyText",
                        Match.stringLikeRegexp(".*untagged.*")))));
        registry.hasResource("AWS::ECR::Repository", Map.of("DeletionPolicy", "Retain"));
    }

    @Test
    void everythingCarriesTheCostTag() {
        Map<String, Object> tagged = Map.of("Tags", Match.arrayWith(List.of(Map.of("Key", "Project", "Value", "backend"))));
        Template.fromStack(stacks.network()).allResourcesProperties("AWS::EC2::VPC", tagged);
        Template.fromStack(stacks.network()).allResourcesProperties("AWS::EC2::Subnet", tagged);
        Template.fromStack(stacks.registry()).allResourcesProperties("AWS::ECR::Repository", tagged);
    }

    @Test
    void cdkNagFindsNothing() {
        for (Stack stack : List.of(stacks.network(), stacks.registry())) {
            List<String> errors = Annotations.fromStack(stack)
                    .findError("*", Match.stringLikeRegexp("AwsSolutions-.*")).stream()
                    .map(e -> String.valueOf(e.getEntry().getData())).toList();
            assertEquals(List.of(), errors, stack.getStackName() + " errors");
            List<String> warnings = Annotations.fromStack(stack)
                    .findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*")).stream()
                    .map(w -> String.valueOf(w.getEntry().getData())).toList();
            assertEquals(List.of(), warnings, stack.getStackName() + " warnings");
        }
    }
}
