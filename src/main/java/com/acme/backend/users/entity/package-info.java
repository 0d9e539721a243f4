/** The persisted user: table {@code users}, created by the Flyway migrations in {@code db/migration}. */
package com.acme.backend.users.entity;
