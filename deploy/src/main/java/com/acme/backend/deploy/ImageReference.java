package com.acme.backend.deploy;

import java.util.List;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.services.ecr.IRepository;
import software.amazon.awscdk.services.ssm.StringParameter;
import software.constructs.Construct;

/**
 * The image a target runs: the repository at the tag or digest the pipeline last released, read from the
 * {@code /<service>/image-tag} SSM parameter at deploy time (so a later {@code cdk deploy} never rolls the service
 * back to an older image).
 * <p>
 * The parameter holds a tag ({@code 0123abc...}, a commit) or a digest ({@code sha256:<64 hex>}); the image reference
 * is {@code <repo>:<tag>} or {@code <repo>@sha256:<hex>}. The value is only known to CloudFormation, so the CDK's
 * {@code repositoryUriForTagOrDigest} cannot choose the separator at synth time. A CloudFormation condition cannot
 * either: inside {@code Fn::Equals} a condition may use only {@code Ref}, {@code Fn::FindInMap} and other condition
 * functions, so it can compare the whole value but not test its prefix
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-conditions.html).
 * The template therefore rewrites the text instead, with {@code Fn::Split} and {@code Fn::Join}, which resource
 * properties accept over a parameter
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-split.html):
 * {@code ":" + value} has its {@code ":sha256:"} replaced by {@code "@sha256:"}, then follows the repository URI. An
 * image tag cannot contain {@code ':'} (release.sh checks {@code [A-Za-z0-9_][A-Za-z0-9_.-]*}), so a tag is never
 * rewritten. ECS takes either form, and so does App Runner's ImageIdentifier
 * (https://docs.aws.amazon.com/apprunner/latest/api/API_ImageRepository.html, its pattern).
 */
final class ImageReference {

    static final String DIGEST_PREFIX = "sha256:";

    private ImageReference() {}

    /** {@code <repository URI>:<tag>} or {@code <repository URI>@sha256:<hex>}, resolved by CloudFormation. */
    static String of(Construct scope, IRepository repository, String parameterName) {
        String value = StringParameter.valueForStringParameter(scope, parameterName);
        String suffix = Fn.join("@" + DIGEST_PREFIX, Fn.split(":" + DIGEST_PREFIX, Fn.join("", List.of(":", value))));
        return Fn.join("", List.of(repository.getRepositoryUri(), suffix));
    }
}
