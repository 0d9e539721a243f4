/**
 * The typed client of the users API for consumers: {@link com.acme.backend.client.UsersClient} (a MicroProfile
 * Rest Client), its data types, and {@link com.acme.backend.client.ProblemExceptionMapper}, which turns the API's
 * RFC 9457 problems into typed exceptions carrying the parsed {@link com.acme.backend.client.ProblemDetails}.
 */
package com.acme.backend.client;
