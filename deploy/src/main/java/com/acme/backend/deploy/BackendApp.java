package com.acme.backend.deploy;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;

/** The CDK app: every stack, tagged for cost allocation, and checked by cdk-nag's AWS Solutions rules. */
public final class BackendApp {

    private BackendApp() {
    }

    /** The stacks of one app, for {@code main} and the tests. */
    public record Stacks(NetworkStack network, RegistryStack registry, DataStack data, AppRunnerStack appRunner,
                         MonitoringStack monitoring, PipelineStack pipeline) {
    }

    public static Stacks build(App app) {
        Settings settings = Settings.from(app.getNode());
        StackProps props = StackProps.builder()
                .env(Environment.builder().account(settings.account()).region(settings.region()).build())
                .build();
        NetworkStack network = new NetworkStack(app, settings.serviceName() + "-network", props);
        RegistryStack registry = new RegistryStack(app, settings.serviceName() + "-registry", props, settings);
        DataStack data = new DataStack(app, settings.serviceName() + "-data", props, settings, network.vpc());
        AppRunnerStack appRunner = new AppRunnerStack(app, settings.serviceName() + "-apprunner", props, settings,
                network.vpc(), data.connector(), registry.repository());
        MonitoringStack monitoring = new MonitoringStack(app, settings.serviceName() + "-monitoring", props, settings,
                appRunner.service());
        PipelineStack pipeline = new PipelineStack(app, settings.serviceName() + "-pipeline", props, settings,
                registry.repository(), appRunner.service());
        Tags.of(app).add("Project", "backend");
        Aspects.of(app).add(AwsSolutionsChecks.Builder.create().verbose(true).build());
        return new Stacks(network, registry, data, appRunner, monitoring, pipeline);
    }

    public static void main(String[] args) {
        App app = new App();
        build(app);
        app.synth();
    }
}
