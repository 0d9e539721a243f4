package com.acme.backend.deploy;

import java.util.List;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ecr.LifecycleRule;
import software.amazon.awscdk.services.ecr.Repository;
import software.amazon.awscdk.services.ecr.TagMutability;
import software.amazon.awscdk.services.ecr.TagStatus;
import software.constructs.Construct;

/**
 * The image registry: immutable tags (a commit's image never changes, so a rollback redeploys exactly what ran),
 * untagged images expire after 7 days and at most 50 are kept. Retained when the stack is deleted: running services
 * still pull from it.
 * <p>
 * Scanning: ECR basic scanning on push, which checks the image's operating-system packages against the CVE database
 * and not the application's own libraries (Maven dependencies); enhanced scanning through Amazon Inspector covers
 * those and is enabled per registry, not per repository
 * (https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-scanning.html). release.sh waits for the scan and
 * refuses an image with a CRITICAL finding.
 */
public class RegistryStack extends Stack {

    private final Repository repository;

    public RegistryStack(Construct scope, String id, StackProps props, Settings settings) {
        super(scope, id, props);
        repository = Repository.Builder.create(this, "Images")
                .repositoryName(settings.serviceName())
                .imageScanOnPush(true)
                .imageTagMutability(TagMutability.IMMUTABLE)
                .lifecycleRules(List.of(
                        LifecycleRule.builder()
                                .rulePriority(1)
                                .description("untagged images go after 7 days")
                                .tagStatus(TagStatus.UNTAGGED)
                                .maxImageAge(Duration.days(7))
                                .build(),
                        LifecycleRule.builder()
                                .rulePriority(2)
                                .description("keep the last 50 images")
                                .tagStatus(TagStatus.ANY)
                                .maxImageCount(50)
                                .build()))
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        CfnOutput.Builder.create(this, "RepositoryUri")
                .value(repository.getRepositoryUri())
                .build();
    }

    public Repository repository() {
        return repository;
    }
}
