package it.com.acme.backend.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** Direct access to the test database, bypassing the service and the fault proxy, as its administrator. */
public final class TestDatabase {

    private TestDatabase() {
    }

    public static Connection connect() throws SQLException {
        Properties p = properties();
        return DriverManager.getConnection(p.getProperty("admin.url"), p.getProperty("admin.user"),
                p.getProperty("admin.password"));
    }

    /** The password the service uses, so tests can prove it never shows. */
    public static String applicationPassword() {
        return properties().getProperty("app.password");
    }

    /** The secrets file the server on MySQL reads its credentials from. */
    public static Path secretsFile() {
        return Path.of(properties().getProperty("secrets.file"));
    }

    public static String applicationUser() {
        return properties().getProperty("app.user");
    }

    /** What the fixture wrote for the tests (it-database.properties). */
    static Properties properties() {
        Path file = Path.of(System.getProperty("it.database.properties", "target/it-database.properties"));
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        } catch (IOException e) {
            throw new AssertionError("the database fixture did not write " + file, e);
        }
        return properties;
    }
}
