package it.com.acme.backend.support;

import java.time.Instant;

/** A user as the API returns it. */
public record UserDto(long id, String name, String email, Instant createdAt, Instant updatedAt) {
}
