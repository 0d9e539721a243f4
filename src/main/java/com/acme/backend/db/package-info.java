/**
 * The database connection: which database the service uses ({@code DB_KIND}), the application-defined data
 * source whose physical connections read their settings from MicroProfile Config each time one is opened (so
 * settings can change without restarting the application), schema migrations with Flyway, and the bounded probe
 * that readiness uses; and what a database failure means ({@code DatabaseFailures}, counted by
 * {@code DatabaseErrors}, answered as {@code DatabaseProblems}). Depends on {@code config} and {@code problems};
 * HTTP filters and health checks that use it live in {@code platform} and {@code health}.
 */
package com.acme.backend.db;
