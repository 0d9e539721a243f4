package com.acme.backend.client;

import java.time.Instant;
import java.util.List;

/**
 * One entry of a user's audit trail: who ({@code actor}) did what ({@code action}: CREATED, REPLACED, DELETED) to
 * which fields, and when. Field names only, never their values.
 */
public record UserChange(long id, long userId, String action, List<String> fields, String actor, Instant at) {}
