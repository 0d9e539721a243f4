package com.acme.backend.users.boundary;

import com.acme.backend.users.entity.UserChange;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One entry of a user's audit trail as the API shows it. */
@Schema(name = "UserChange", description = "A change to a user: who, when, what (field names, never values).")
@JsonbPropertyOrder({"id", "userId", "action", "fields", "actor", "at"})
public record UserChangeView(
        long id,
        long userId,

        @Schema(enumeration = {"CREATED", "REPLACED", "DELETED"})
        String action,

        @Schema(description = "The fields the change set or changed: name, email.")
        List<String> fields,

        @Schema(description = "Who made it: the subject (sub) of the caller's token.")
        String actor,

        Instant at) {

    public static UserChangeView of(UserChange change) {
        return new UserChangeView(
                change.getId(),
                change.getUserId(),
                change.getAction().name(),
                change.getFields(),
                change.getActor(),
                change.getAt());
    }
}
