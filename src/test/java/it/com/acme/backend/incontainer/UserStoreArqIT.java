package it.com.acme.backend.incontainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.acme.backend.db.Migrations;
import com.acme.backend.idempotency.control.IdempotencyKey;
import com.acme.backend.users.control.EmailTakenException;
import com.acme.backend.users.control.UserDraft;
import com.acme.backend.users.control.UserStore;
import com.acme.backend.users.entity.User;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * UserStore's transaction boundaries, checked on what the database committed (the fixture's administrator reads
 * through a connection of its own): a write commits the user and its change record together, and a write that
 * fails leaves nothing behind, neither the user nor an idempotency key's claim.
 */
@ExtendWith(ArquillianExtension.class)
class UserStoreArqIT {

    @Deployment
    static WebArchive deployment() {
        return InContainer.deployment(UserStoreArqIT.class);
    }

    @Inject
    UserStore users;

    @Inject
    Migrations migrations;

    @BeforeEach
    void schemaMigrated() {
        InContainer.awaitMigrated(migrations);
    }

    @Test
    void theChangeRecordCommitsWithTheUser() throws SQLException {
        String email = uniqueEmail();
        User user = users.create(new UserDraft("Arq Commit", email), "arq-actor");

        assertEquals(List.of(email), committed("SELECT email FROM users WHERE id = ?", user.getId()));
        assertEquals(
                List.of("CREATED arq-actor"),
                committed("SELECT CONCAT(action, ' ', actor) FROM user_changes WHERE user_id = ?", user.getId()));
    }

    @Test
    void aChangeRecordThatCannotBeWrittenTakesTheUserWithIt() throws SQLException {
        String email = uniqueEmail();
        // Longer than user_changes.actor (254): the user's insert succeeds, the change record's fails at commit.
        String actor = "a".repeat(300);

        assertThrows(RuntimeException.class, () -> users.create(new UserDraft("Arq Rollback", email), actor));

        assertEquals(List.of(), committed("SELECT id FROM users WHERE email = ?", email));
    }

    @Test
    void aCreateThatFailsLeavesNoClaimOfItsIdempotencyKey() throws SQLException {
        String email = uniqueEmail();
        users.create(new UserDraft("Arq Taken", email), "arq-actor");
        IdempotencyKey key = IdempotencyKey.parse("arq-" + UUID.randomUUID()).orElseThrow();

        // The key's claim is written first, then the user's insert fails on the taken email.
        assertThrows(
                EmailTakenException.class,
                () -> users.create(new UserDraft("Arq Again", email), "arq-actor", Optional.of(key)));

        assertEquals(List.of(), committed("SELECT id FROM idempotency_keys WHERE idem_key = ?", key.value()));
        assertEquals(List.of(email), committed("SELECT email FROM users WHERE email = ?", email));
    }

    private static String uniqueEmail() {
        return "arq-" + UUID.randomUUID() + "@example.com";
    }

    /** The first column of each committed row the query finds. */
    private static List<String> committed(String query, Object parameter) throws SQLException {
        try (Connection admin = InContainer.admin();
                PreparedStatement sql = admin.prepareStatement(query)) {
            sql.setObject(1, parameter);
            List<String> values = new ArrayList<>();
            try (ResultSet result = sql.executeQuery()) {
                while (result.next()) {
                    values.add(result.getString(1));
                }
            }
            return values;
        }
    }
}
