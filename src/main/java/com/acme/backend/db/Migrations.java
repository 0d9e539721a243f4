package com.acme.backend.db;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

import javax.sql.DataSource;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.Config;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

import com.acme.backend.db.pool.CredentialDecision;
import com.acme.backend.db.pool.DatabaseSettings;
import com.mysql.cj.jdbc.MysqlDataSource;

/**
 * Brings the schema up to date with Flyway. Several instances may start at once (App Runner scales out): Flyway's
 * database lock lets one migrate while the others wait. Until a migration has succeeded, readiness is DOWN and the
 * API answers 503 ({@code platform.SchemaGate}). Only the start-up retry loop ({@link DatabaseStartup}) migrates; readiness
 * may {@link #wake} that loop but never runs Flyway on its own thread.
 */
@ApplicationScoped
public class Migrations {

    private static final Logger LOG = Logger.getLogger(Migrations.class.getName());

    /** Longest a single migration statement or lock wait may take (Flyway's connections only). */
    static final int MIGRATION_NETWORK_TIMEOUT_MS = 15 * 60 * 1000;

    /** The newest migration shipped (V{n}__ in db/migration/h2 and mysql); SchemaVersionTest keeps it in step. */
    static final int SCHEMA_VERSION = 3;

    /** What readiness and diagnostics show about the schema. */
    public record State(boolean migrated, int attempts, Optional<String> schemaVersion, Optional<String> lastError) {
        static State initial() {
            return new State(false, 0, Optional.empty(), Optional.empty());
        }
    }

    @Resource(lookup = DatabaseConfig.DATA_SOURCE)
    DataSource dataSource;

    private final AtomicReference<State> state = new AtomicReference<>(State.initial());
    private final ReentrantLock running = new ReentrantLock();
    private volatile Runnable retryLoop = () -> { };

    public State state() {
        return state.get();
    }

    /** The start-up retry loop registers how to wake it (public: called through the bean's client proxy). */
    public void wakeWith(Runnable wake) {
        retryLoop = wake;
    }

    /**
     * Asks the start-up retry loop to try now rather than at its next back-off, if the schema is not migrated yet:
     * for a caller that found the database answering. Returns at once; the migration runs on the loop's thread.
     */
    public void wake() {
        if (!state.get().migrated()) {
            retryLoop.run();
        }
    }

    /**
     * Runs the pending migrations unless another attempt is running; returns whether the schema is now current.
     * Safe to call again after a failure, and cheap once migrated.
     */
    public boolean migrate() {
        if (state.get().migrated()) {
            return true;
        }
        if (!running.tryLock()) {
            return false;
        }
        try {
            return attempt();
        } finally {
            running.unlock();
        }
    }

    private boolean attempt() {
        State before = state.get();
        if (before.migrated()) {
            return true;
        }
        Optional<String> current = currentVersion();
        if (current.isPresent()) {
            // Up to date: no need to load Flyway and scan for migrations, which takes about a second at start-up.
            state.set(new State(true, before.attempts() + 1, current, Optional.empty()));
            LOG.info(() -> "BKND0003I: Database schema is at version " + current.get() + " (0 migration(s) applied now).");
            return true;
        }
        try {
            MigrateResult result = Flyway.configure(Migrations.class.getClassLoader())
                    .dataSource(forFlyway())
                    .locations(migrationLocation())
                    .failOnMissingLocations(true)
                    .load()
                    .migrate();
            String version = Optional.ofNullable(result.targetSchemaVersion)
                    .orElse(Optional.ofNullable(result.initialSchemaVersion).orElse("none"));
            state.set(new State(true, before.attempts() + 1, Optional.of(version), Optional.empty()));
            LOG.info(() -> "BKND0003I: Database schema is at version " + version + " (" + result.migrationsExecuted
                    + " migration(s) applied now).");
            return true;
        } catch (RuntimeException | SQLException e) {
            String reason = DatabaseFailures.describe(e);
            state.set(new State(false, before.attempts() + 1, Optional.empty(), Optional.of(reason)));
            if (DatabaseFailures.isUnavailable(e)) {
                // Without the exception: it says no more than the reason, at length, on every retry.
                LOG.log(Level.WARNING, "BKND0004W: Database migration attempt {0} failed: {1}. Retrying.",
                        new Object[] {before.attempts() + 1, reason});
            } else {
                LOG.log(Level.SEVERE, "BKND0005E: Database migration attempt " + (before.attempts() + 1)
                        + " failed: " + reason + ". Retrying.", e);
            }
            return false;
        }
    }

    /**
     * Flyway's own connections. On MySQL, an unpooled data source with the settings the pool uses (those
     * {@link CredentialDecision} has in use, else the configuration's; TLS included) but a network timeout of
     * {@value #MIGRATION_NETWORK_TIMEOUT_MS} ms: the pool's socket timeout (DB_SOCKET_TIMEOUT_MS, 10 s) suits API
     * queries, while Flyway waits up to 10 s per try for its MySQL lock while another instance migrates, and a
     * migration's DDL may run for minutes. On the embedded H2 (in-process, no socket), the pool itself.
     */
    private DataSource forFlyway() throws SQLException {
        if (DatabaseConfig.kind() != DatabaseKind.MYSQL) {
            return dataSource;
        }
        Config config = DatabaseConfig.config();
        return unpooled(CredentialDecision.shared().inUse()
                .orElseGet(() -> DatabaseSettings.read(key -> config.getOptionalValue(key, String.class))));
    }

    static MysqlDataSource unpooled(DatabaseSettings settings) throws SQLException {
        MysqlDataSource flyway = settings.configure(new MysqlDataSource());
        flyway.setSocketTimeout(MIGRATION_NETWORK_TIMEOUT_MS);
        return flyway;
    }

    /**
     * The schema's version when Flyway's history shows every migration this build ships (or a newer one, from a
     * newer instance during a deploy) applied without failure; empty when Flyway has work to do or should decide
     * (no history yet, a failed migration, a version scheme this check does not know, or no database).
     */
    private Optional<String> currentVersion() {
        try (Connection connection = dataSource.getConnection()) {
            String quote = connection.getMetaData().getIdentifierQuoteString().trim();
            try (Statement sql = connection.createStatement();
                 ResultSet rows = sql.executeQuery("SELECT " + quote + "version" + quote + ", " + quote
                         + "success" + quote + " FROM " + quote + "flyway_schema_history" + quote)) {
                int newest = 0;
                while (rows.next()) {
                    if (!rows.getBoolean(2)) {
                        return Optional.empty();
                    }
                    String version = rows.getString(1);
                    if (version != null) {
                        newest = Math.max(newest, Integer.parseInt(version));
                    }
                }
                return newest >= SCHEMA_VERSION ? Optional.of(Integer.toString(newest)) : Optional.empty();
            }
        } catch (SQLException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    // Per-vendor folders where the DDL differs; chosen by the database actually connected, not by DB_KIND.
    private String migrationLocation() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
            return "classpath:db/migration/" + (product.contains("h2") ? "h2" : "mysql");
        }
    }
}
