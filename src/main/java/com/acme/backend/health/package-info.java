/**
 * Every health check of the application, whatever it checks: application liveness, the database, the secrets
 * file ({@code config}), authentication ({@code auth}) and the start-up latch; and {@code /api/health}, which serves
 * them in the MicroProfile Health format beside Liberty's own {@code /health}. A check lives here, not with the
 * package it checks, so that those packages need not know about health: this package depends on {@code config},
 * {@code db} and {@code security} (what it checks) and {@code platform} (the API's OpenAPI constants), and nothing
 * depends on it.
 */
package com.acme.backend.health;
