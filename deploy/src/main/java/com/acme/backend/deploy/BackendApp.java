package com.acme.backend.deploy;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;

/** The CDK app: every stack, tagged for cost allocation, and checked by cdk-nag's AWS Solutions rules. */
public final class BackendApp {

    private BackendApp() {}

    /** The stacks of one app, for {@code main} and the tests; a target that is not deployed is null. */
    public record Stacks(
            NetworkStack network,
            RegistryStack registry,
            DataStack data,
            AppRunnerStack appRunner,
            EcsStack ecs,
            MonitoringStack monitoring,
            PipelineStack pipeline) {

        /** Every stack that exists, in deployment order. */
        public List<Stack> all() {
            return Stream.of(network, registry, data, ecs, appRunner, monitoring, pipeline)
                    .filter(Objects::nonNull)
                    .map(Stack.class::cast)
                    .toList();
        }
    }

    public static Stacks build(App app) {
        Settings settings = Settings.from(app.getNode());
        StackProps props = StackProps.builder()
                .env(Environment.builder()
                        .account(settings.account())
                        .region(settings.region())
                        .build())
                .build();
        String name = settings.serviceName();
        NetworkStack network = new NetworkStack(app, name + "-network", props, settings);
        RegistryStack registry = new RegistryStack(app, name + "-registry", props, settings);
        DataStack data = new DataStack(app, name + "-data", props, settings, network.vpc());
        EcsStack ecs = settings.runsOn(Settings.Target.ECS)
                ? new EcsStack(
                        app, name + "-ecs", props, settings, network.vpc(), data.connector(), registry.repository())
                : null;
        AppRunnerStack appRunner = settings.runsOn(Settings.Target.APPRUNNER)
                ? new AppRunnerStack(
                        app,
                        name + "-apprunner",
                        props,
                        settings,
                        network.vpc(),
                        data.connector(),
                        registry.repository())
                : null;
        MonitoringStack monitoring = new MonitoringStack(
                app, name + "-monitoring", props, settings, appRunner == null ? null : appRunner.service(), ecs);
        PipelineStack pipeline =
                new PipelineStack(app, name + "-pipeline", props, settings, registry.repository(), appRunner, ecs);
        Tags.of(app).add("Project", "backend");
        Aspects.of(app).add(AwsSolutionsChecks.Builder.create().verbose(true).build());
        return new Stacks(network, registry, data, appRunner, ecs, monitoring, pipeline);
    }

    public static void main(String[] args) {
        App app = new App();
        build(app);
        app.synth();
    }
}
