/**
 * The service's AWS infrastructure as CDK stacks, one class each, parameterised by {@link
 * com.acme.backend.deploy.Settings} (CDK context). So far: the network and the image registry.
 */
package com.acme.backend.deploy;
