package com.acme.backend.db;

import java.util.Locale;
import java.util.Optional;

/**
 * The databases the service can run on. {@code DB_KIND} chooses one at start: server.xml binds the application's
 * data source to {@code jdbc/<kind>}, so it must come from the environment (or a system property), not from a
 * file only the application reads, and a change needs a restart.
 */
public enum DatabaseKind {
    /** H2 in files under the server's output folder: the default, needs nothing installed. */
    EMBEDDED,
    /** MySQL 8 (Amazon RDS in production) or a MySQL-compatible server such as MariaDB. */
    MYSQL;

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<DatabaseKind> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        // Exact: server.xml binds jdbc/${DB_KIND} as written, so "MySQL" would name no data source.
        for (DatabaseKind kind : values()) {
            if (kind.configName().equals(value)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
