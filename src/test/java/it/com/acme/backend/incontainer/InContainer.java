package it.com.acme.backend.incontainer;

import com.acme.backend.db.Migrations;
import com.mysql.cj.jdbc.MysqlDataSource;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.hamcrest.Matcher;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * What the in-container tests share: the deployment (client side) and, inside the server, the database fixture's
 * administrator connection and the secrets file the it-arq server reads.
 */
final class InContainer {

    /** The archive's name: its module name is what src/test/liberty/it-arq/arquillian/web-bnd.xml binds. */
    static final String ARCHIVE = "backend-incontainer.war";

    /** How long a new deployment may take to migrate the schema: a loaded 2-core machine, a fresh schema. */
    private static final Duration MIGRATION = Duration.ofSeconds(60);

    private InContainer() {}

    /**
     * The WAR the build packaged, unchanged, plus the test class, this helper and Awaitility. Deployed as it is, it
     * keeps its own web.xml, beans.xml, persistence.xml and microprofile-config.properties.
     */
    static WebArchive deployment(Class<?> testClass) {
        File war = new File(System.getProperty("it.war", "target/backend.war"));
        return ShrinkWrap.create(ZipImporter.class, ARCHIVE)
                .importFrom(war)
                .as(WebArchive.class)
                .addClasses(testClass, InContainer.class)
                .addAsLibraries(jarOf(Awaitility.class), jarOf(Matcher.class));
    }

    private static File jarOf(Class<?> type) {
        try {
            return new File(
                    type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Waits (bounded, on the test's thread) until the application has migrated its schema: each test class is a
     * new deployment, and the application migrates in the background after it starts, so a test that touches the
     * tables would otherwise race the migration on the fixture's fresh schema.
     */
    static void awaitMigrated(Migrations migrations) {
        Awaitility.await()
                .pollInSameThread()
                .atMost(MIGRATION)
                .until(() -> migrations.state().migrated());
    }

    /** What the database fixture wrote for the tests (the server gets its path from arquillian.xml). */
    static Properties fixture() {
        Path file = Path.of(System.getProperty("it.database.properties"));
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        } catch (IOException e) {
            throw new AssertionError("the database fixture did not write " + file, e);
        }
        return properties;
    }

    /** The test schema of the it-arq server, as its administrator: sees only what was committed. */
    static Connection admin() throws SQLException {
        Properties fixture = fixture();
        String url = fixture.getProperty("admin.url")
                .replace("/" + fixture.getProperty("schema") + "?", "/" + fixture.getProperty("arq.schema") + "?");
        MysqlDataSource ds = new MysqlDataSource();
        ds.setURL(url);
        ds.setUser(fixture.getProperty("admin.user"));
        ds.setPassword(fixture.getProperty("admin.password"));
        return ds.getConnection();
    }

    /** The it-arq server's secrets file as it is now. */
    static String secrets() throws IOException {
        return Files.readString(secretsFile());
    }

    /** {@code content} with each key of {@code changes} set to its value (replaced in place, or added). */
    static String withValues(String content, Map<String, String> changes) {
        StringBuilder result = new StringBuilder();
        Map<String, String> pending = new LinkedHashMap<>(changes);
        for (String line : content.split("\n")) {
            int equals = line.indexOf('=');
            String key = equals > 0 && !line.startsWith("#") ? line.substring(0, equals) : null;
            if (key != null && pending.containsKey(key)) {
                result.append(key).append("=\"").append(pending.remove(key)).append("\"\n");
            } else {
                result.append(line).append('\n');
            }
        }
        pending.forEach(
                (key, value) -> result.append(key).append("=\"").append(value).append("\"\n"));
        return result.toString();
    }

    /** Renders the secrets file as Vault Agent does: a temporary file in the same folder, then a rename over it. */
    static void renderSecrets(String content) throws IOException {
        Path file = secretsFile();
        Path temporary = file.resolveSibling(".app.env." + UUID.randomUUID());
        Files.writeString(temporary, content);
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static Path secretsFile() {
        return Path.of(fixture().getProperty("arq.secrets.file"));
    }
}
