package it.com.acme.backend.incontainer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.acme.backend.db.Migrations;
import com.acme.backend.idempotency.control.IdempotencyPurge;
import com.acme.backend.idempotency.control.IdempotentRequests;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The purge of expired idempotency keys, called directly rather than waited for: every claim older than the
 * retention goes, over more than one batch, and a claim inside the retention stays. IdempotencyIT watches the
 * scheduled purge from outside.
 */
@ExtendWith(ArquillianExtension.class)
class IdempotencyPurgeArqIT {

    private static final String ACTOR = "arq-purge";
    /** More than one of the purge's batches (1000 rows each). */
    private static final int EXPIRED = 1005;

    @Deployment
    static WebArchive deployment() {
        return InContainer.deployment(IdempotencyPurgeArqIT.class);
    }

    @Inject
    IdempotencyPurge purge;

    @Inject
    Migrations migrations;

    @BeforeEach
    void schemaMigrated() {
        InContainer.awaitMigrated(migrations);
    }

    @Test
    void expiredKeysGoInBatchesAndKeysWithinTheRetentionStay() throws SQLException {
        long now = System.currentTimeMillis();
        long retention = IdempotentRequests.RETENTION.toMillis();
        long expired = now - retention - Duration.ofMinutes(5).toMillis();
        long fresh = now - retention + Duration.ofMinutes(30).toMillis();
        try (Connection admin = InContainer.admin()) {
            execute(admin, "DELETE FROM idempotency_keys WHERE actor = ?", ACTOR);
            try (PreparedStatement insert = admin.prepareStatement("INSERT INTO idempotency_keys "
                    + "(actor, idem_key, fingerprint, resource_id, created_at) VALUES (?, ?, ?, NULL, ?)")) {
                for (int i = 0; i < EXPIRED + 2; i++) {
                    insert.setString(1, ACTOR);
                    insert.setString(2, (i < EXPIRED ? "expired-" : "fresh-") + i);
                    insert.setString(3, "0".repeat(64));
                    insert.setLong(4, i < EXPIRED ? expired : fresh);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        }

        purge.purgeExpired();

        try (Connection admin = InContainer.admin()) {
            assertEquals(0, count(admin, "idem_key LIKE 'expired-%'"), "expired claims left");
            assertEquals(2, count(admin, "idem_key LIKE 'fresh-%'"), "claims within the retention");
        }
    }

    private static int count(Connection admin, String condition) throws SQLException {
        try (PreparedStatement sql =
                admin.prepareStatement("SELECT COUNT(*) FROM idempotency_keys WHERE actor = ? AND " + condition)) {
            sql.setString(1, ACTOR);
            try (ResultSet result = sql.executeQuery()) {
                result.next();
                return result.getInt(1);
            }
        }
    }

    private static void execute(Connection admin, String statement, String parameter) throws SQLException {
        try (PreparedStatement sql = admin.prepareStatement(statement)) {
            sql.setString(1, parameter);
            sql.executeUpdate();
        }
    }
}
