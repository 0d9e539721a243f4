package com.acme.backend.users.boundary;

import com.acme.backend.users.entity.User;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A user as the API shows it. */
@Schema(name = "User", description = "A user.")
@JsonbPropertyOrder({"id", "name", "email", "createdAt", "updatedAt"})
public record UserView(long id, String name, String email, Instant createdAt, Instant updatedAt) {

    public static UserView of(User user) {
        return new UserView(user.getId(), user.getName(), user.getEmail(), user.getCreatedAt(), user.getUpdatedAt());
    }
}
