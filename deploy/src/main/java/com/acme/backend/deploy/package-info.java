/**
 * The service's AWS infrastructure as CDK stacks, one class each, parameterised by {@link
 * com.acme.backend.deploy.Settings} (CDK context): network (a new VPC or an imported one), registry, data (security
 * groups for each place Vault may run, and RDS), the targets for the same image (ECS Fargate by default, App Runner
 * for accounts that already use it), monitoring, and the GitHub deploy role. deploy/README.md describes them.
 */
package com.acme.backend.deploy;
