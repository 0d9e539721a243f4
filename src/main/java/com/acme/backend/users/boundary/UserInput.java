package com.acme.backend.users.boundary;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of {@code POST} and {@code PUT /api/users}, for the OpenAPI document only: the resource reads bodies
 * strictly itself (see {@code platform.JsonBodies} and {@code UserDraft}).
 */
@Schema(name = "UserInput", description = "A user to create or the new state of one. Other members are ignored.")
public record UserInput(
        @Schema(
                required = true,
                minLength = 1,
                maxLength = 100,
                description = "Trimmed; 1 to 100 characters.",
                examples = "Ada Lovelace")
        String name,

        @Schema(
                required = true,
                maxLength = 254,
                format = "email",
                description = "Trimmed and lower-cased; unique, case-insensitively.",
                examples = "ada@example.com")
        String email) {}
