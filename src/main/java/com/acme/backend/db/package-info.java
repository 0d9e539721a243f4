/**
 * The database connection: which database the service uses ({@code DB_KIND}), the application's side of a
 * credential rotation ({@link com.acme.backend.db.CredentialRotation}: it offers new settings to the pool's
 * {@link com.acme.backend.db.pool.CredentialDecision}, purges the pool when they are accepted, and reports),
 * schema migrations with Flyway, the bounded probe that readiness uses, and what a database failure means
 * ({@code DatabaseFailures}, counted by {@code DatabaseErrors}, answered as {@code DatabaseProblems}). Depends on
 * {@code config} and {@code problems}; HTTP filters and health checks that use it live in {@code platform} and
 * {@code health}.
 * <p>
 * Migrations run only in the start-up retry loop ({@link com.acme.backend.db.DatabaseStartup}: back-off from
 * 0.5 s doubling to 30 s), on Flyway's own unpooled connections with a 15-minute network timeout. Readiness never
 * migrates; a probe that finds the database answering before the schema is migrated wakes the loop.
 * <p>
 * How long readiness may lag a database's recovery: the probe ({@link com.acme.backend.db.DatabaseProbe}) reuses
 * an answer for 1 s and waits at most {@code HEALTH_DB_TIMEOUT_MS} (2 s) for a new one, and a new connection
 * gives up after {@code DB_CONNECT_TIMEOUT_MS} (2 s). Once the schema is migrated, readiness is UP at the first
 * probe after the database answers again: within about 1 s of the recovery plus one query, 3 s at most, plus the
 * platform's probe period. Before the first migration, that probe also wakes the retry loop, and readiness is UP
 * once the migration (with an up-to-date schema, one query on Flyway's history) is done; with no probe at all,
 * the loop's own back-off bounds it at 30 s.
 */
package com.acme.backend.db;
