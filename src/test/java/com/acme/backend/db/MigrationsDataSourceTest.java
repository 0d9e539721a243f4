package com.acme.backend.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.mysql.cj.jdbc.MysqlDataSource;

import com.acme.backend.db.pool.DatabaseSettings;

/** Flyway's data source: unpooled, the pool's settings (TLS included), and a network timeout long enough for DDL. */
class MigrationsDataSourceTest {

    @Test
    void flywayConnectsWithThePoolsSettingsAndALongerNetworkTimeout() throws SQLException {
        Map<String, String> file = Map.of("DB_HOST", "db.example", "DB_PORT", "3307", "DB_NAME", "app", "DB_USER", "u",
                "DB_PASSWORD", "p", "DB_SSL_MODE", "VERIFY_IDENTITY", "DB_SSL_TRUSTSTORE", "/opt/backend/rds-ca.p12");
        DatabaseSettings settings = DatabaseSettings.read(key -> Optional.ofNullable(file.get(key)));
        MysqlDataSource flyway = Migrations.unpooled(settings);
        assertEquals(MysqlDataSource.class, flyway.getClass(), "a plain data source, not a pool");
        assertEquals("db.example", flyway.getServerName());
        assertEquals(3307, flyway.getPortNumber());
        assertEquals("u", flyway.getUser());
        assertEquals("VERIFY_IDENTITY", flyway.getSslMode());
        assertEquals(Path.of("/opt/backend/rds-ca.p12").toUri().toString(), flyway.getTrustCertificateKeyStoreUrl());
        assertEquals(settings.connectTimeoutMs(), flyway.getConnectTimeout());
        assertEquals(Migrations.MIGRATION_NETWORK_TIMEOUT_MS, flyway.getSocketTimeout());
    }
}
