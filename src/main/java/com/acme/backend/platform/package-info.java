/**
 * HTTP plumbing shared by every resource: the JAX-RS application under {@code /api}, request ids, CORS, security
 * headers, the request body size limit, strict reading of JSON request bodies, the schema gate (503 until the
 * schema is migrated), and the exception mappers and error page that answer every failure, inside JAX-RS or not,
 * as a problem carrying the request id, without stack traces or exception class names. Depends on
 * {@code problems} (what it renders) and {@code db} (what a database failure answers, whether the schema is ready,
 * counting database errors).
 */
package com.acme.backend.platform;
