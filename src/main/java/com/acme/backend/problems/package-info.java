/**
 * Error responses as RFC 9457 problem details ({@code application/problem+json}): the problem types the API
 * answers with, the problem document, the exception that carries one, and the problem responses of the OpenAPI
 * document. A leaf: it knows nothing of requests, databases or features. Features throw a
 * {@code ProblemException}; {@code platform} renders problems and adds the request id; {@code db} says which
 * problem a database failure is.
 */
package com.acme.backend.problems;
