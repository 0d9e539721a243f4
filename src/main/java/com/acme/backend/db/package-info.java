/**
 * The database connection: which database the service uses ({@code DB_KIND}), the application-defined data
 * source whose physical connections read their settings from MicroProfile Config each time one is opened (so
 * settings can change without restarting the application), schema migrations with Flyway, and the bounded probe
 * that readiness uses.
 */
package com.acme.backend.db;
