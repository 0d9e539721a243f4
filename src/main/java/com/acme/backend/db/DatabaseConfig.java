package com.acme.backend.db;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import com.acme.backend.db.pool.DatabaseSettings;

/** The database kind and the description of the database in use, read from MicroProfile Config when needed. */
public final class DatabaseConfig {

    /** The application's data source: a resource reference that server.xml binds to {@code jdbc/<DB_KIND>}. */
    public static final String DATA_SOURCE = "java:comp/env/jdbc/backend";

    private DatabaseConfig() {
    }

    /** The configuration of this application, whatever the calling thread's context class loader. */
    public static Config config() {
        return ConfigProvider.getConfig(DatabaseConfig.class.getClassLoader());
    }

    /**
     * @throws DatabaseSettings.InvalidSettingsException when {@code DB_KIND} names no supported database
     */
    public static DatabaseKind kind() {
        String raw = config().getOptionalValue("DB_KIND", String.class).orElse("embedded");
        return DatabaseKind.parse(raw).orElseThrow(
                () -> new DatabaseSettings.InvalidSettingsException("DB_KIND must be 'embedded' or 'mysql'"));
    }

    /**
     * Which database is in use, safe for logs and health output.
     *
     * @throws DatabaseSettings.InvalidSettingsException when the settings are incomplete
     */
    public static String describe() {
        if (kind() == DatabaseKind.EMBEDDED) {
            return "embedded H2 in the server's output folder";
        }
        Config config = config();
        return DatabaseSettings.read(key -> config.getOptionalValue(key, String.class)).describe();
    }
}
