/**
 * Error responses as RFC 9457 problem details ({@code application/problem+json}): the problem types the API
 * answers with, the exception that carries one, and the mappers and error page that turn every failure, inside
 * JAX-RS or not, into a problem without stack traces or exception class names.
 */
package com.acme.backend.problems;
