/**
 * HTTP plumbing shared by every resource: the JAX-RS application under {@code /api}, the request body size
 * limit, and strict reading of JSON request bodies (UTF-8 only, objects only) into problems on failure.
 */
package com.acme.backend.platform;
