package com.acme.backend.client;

import java.time.Instant;

/** A user as the API returns it. */
public record User(long id, String name, String email, Instant createdAt, Instant updatedAt) {}
