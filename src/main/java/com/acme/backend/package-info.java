/**
 * The backend service: a users REST API for serverless containers on Open Liberty. Each sub-package has one job,
 * and the packages depend one way (no cycles; {@code ArchitectureTest} lists every allowed edge, and
 * docs/extending.md draws the graph):
 * <ul>
 * <li>{@code problems}: the RFC 9457 error model; depends on nothing;</li>
 * <li>{@code config}: the secrets file as a MicroProfile ConfigSource; depends on nothing;</li>
 * <li>{@code db}: the database (settings, migrations, probe, failures); on {@code config} and {@code problems};</li>
 * <li>{@code db.pool}: the connection factory in a server library; on {@code db}'s settings only;</li>
 * <li>{@code platform}: HTTP plumbing (the JAX-RS application, filters, exception mappers); on {@code db} and
 * {@code problems};</li>
 * <li>{@code security}: who may call what; on {@code config} and {@code problems};</li>
 * <li>{@code health}: every health check and {@code /api/health}; on {@code config}, {@code db},
 * {@code platform} and {@code security};</li>
 * <li>features, split into {@code boundary} (HTTP), {@code control} (logic, transactions) and {@code entity}
 * (data): {@code idempotency} on {@code db} and {@code problems}; {@code users} on {@code db},
 * {@code idempotency}, {@code platform}, {@code problems} and {@code security}.</li>
 * </ul>
 */
package com.acme.backend;
