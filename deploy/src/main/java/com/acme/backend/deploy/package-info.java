/**
 * The service's AWS infrastructure as CDK stacks, one class each, parameterised by {@link
 * com.acme.backend.deploy.Settings} (CDK context): network, registry, data (security groups and RDS), the two
 * targets for the same image (App Runner, ECS Fargate), monitoring, and the GitHub deploy role.
 */
package com.acme.backend.deploy;
