package it.com.acme.backend.incontainer;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.transaction.UserTransaction;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A credential switch through the real connection manager: the secrets file is rendered with another database user,
 * and the application's jdbc/backend data source (Liberty's pool over the configured MySQL connection factory) then
 * logs in as that user, while the old user's physical connections are closed. HTTP cannot see which user a pooled
 * connection logged in as; CredentialRotationIT covers the same switch under load from outside.
 */
@ExtendWith(ArquillianExtension.class)
class CredentialSwitchArqIT {

    // Polled on the test's own thread: java:comp lookups need the application's thread context.
    private static final Duration SWITCH = Duration.ofSeconds(30);

    @Deployment
    static WebArchive deployment() {
        return InContainer.deployment(CredentialSwitchArqIT.class);
    }

    @Test
    void newPhysicalConnectionsLogInWithTheRenderedUserAndTheOldOnesAreClosed() throws Exception {
        Properties fixture = InContainer.fixture();
        String schema = fixture.getProperty("arq.schema");
        String firstUser = fixture.getProperty("arq.app.user");
        String secondUser = "backend_arq_" + Long.toHexString(System.nanoTime() & 0xffffff);
        String secondPassword = "pw-" + UUID.randomUUID();
        DataSource backend = backend();
        // The binding (jdbc/backend to jdbc/mysql) and the file's user, before anything changes.
        assertEquals(firstUser, currentUser(backend));

        String before = InContainer.secrets();
        createUser(secondUser, secondPassword, schema);
        try {
            InContainer.renderSecrets(
                    InContainer.withValues(before, Map.of("DB_USER", secondUser, "DB_PASSWORD", secondPassword)));
            await().pollInSameThread().atMost(SWITCH).until(() -> secondUser.equals(currentUser(backend)));
            // The pool was purged, not merely grown: no connection of the first user is left on this schema.
            await().pollInSameThread().atMost(SWITCH).until(() -> sessions(firstUser, schema) == 0);
            assertEquals(secondUser, currentUser(backend));
        } finally {
            InContainer.renderSecrets(before);
            await().pollInSameThread().atMost(SWITCH).until(() -> firstUser.equals(currentUser(backend)));
            dropUser(secondUser);
        }
    }

    private static DataSource backend() throws NamingException {
        return (DataSource) new InitialContext().lookup("java:comp/env/jdbc/backend");
    }

    /**
     * The user the database says a pooled connection logged in as. In a transaction of its own: a shareable
     * connection used outside one stays with the test's request until it ends, so the purge could not close it.
     */
    private static String currentUser(DataSource dataSource) throws Exception {
        UserTransaction transaction = (UserTransaction) new InitialContext().lookup("java:comp/UserTransaction");
        transaction.begin();
        try (Connection connection = dataSource.getConnection();
                Statement sql = connection.createStatement();
                ResultSet result = sql.executeQuery("SELECT CURRENT_USER()")) {
            result.next();
            String account = result.getString(1);
            return account.substring(0, account.indexOf('@'));
        } finally {
            transaction.commit();
        }
    }

    private static int sessions(String user, String schema) throws SQLException {
        try (Connection admin = InContainer.admin();
                PreparedStatement sql = admin.prepareStatement(
                        "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE USER = ? AND DB = ?")) {
            sql.setString(1, user);
            sql.setString(2, schema);
            try (ResultSet result = sql.executeQuery()) {
                result.next();
                return result.getInt(1);
            }
        }
    }

    // A TCP login from 127.0.0.1 matches 'u'@'localhost' before 'u'@'%': both must exist.
    private static void createUser(String user, String password, String schema) throws SQLException {
        try (Connection admin = InContainer.admin();
                Statement sql = admin.createStatement()) {
            for (String host : new String[] {"localhost", "%"}) {
                String account = "'" + user + "'@'" + host + "'";
                sql.execute("CREATE USER " + account + " IDENTIFIED BY '" + password + "'");
                sql.execute("GRANT ALL PRIVILEGES ON `" + schema + "`.* TO " + account);
            }
        }
    }

    private static void dropUser(String user) throws SQLException {
        try (Connection admin = InContainer.admin();
                Statement sql = admin.createStatement()) {
            for (String host : new String[] {"localhost", "%"}) {
                sql.execute("DROP USER IF EXISTS '" + user + "'@'" + host + "'");
            }
        }
    }
}
