package com.acme.backend.db.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.mysql.cj.jdbc.MysqlDataSource;

class DatabaseSettingsTest {

    private static final String PASSWORD = "pw-7f3a9c1e-distinctive";

    private static Map<String, String> complete() {
        Map<String, String> values = new HashMap<>();
        values.put("DB_HOST", " db.internal ");
        values.put("DB_NAME", "backend");
        values.put("DB_USER", "app");
        values.put("DB_PASSWORD", PASSWORD);
        return values;
    }

    private static DatabaseSettings read(Map<String, String> values) {
        return DatabaseSettings.read(key -> Optional.ofNullable(values.get(key)));
    }

    @Test
    void defaultsForPortAndTimeouts() {
        DatabaseSettings settings = read(complete());
        assertEquals("db.internal", settings.host());
        assertEquals(3306, settings.port());
        assertEquals(2000, settings.connectTimeoutMs());
        assertEquals(10000, settings.socketTimeoutMs());
        assertEquals("PREFERRED", settings.sslMode());
    }

    @Test
    void neitherDescriptionNorToStringShowsThePassword() {
        DatabaseSettings settings = read(complete());
        assertEquals("mysql db.internal:3306/backend", settings.describe());
        assertFalse(settings.toString().contains(PASSWORD), settings.toString());
    }

    @Test
    void missingHostIsAClearReason() {
        Map<String, String> values = complete();
        values.remove("DB_HOST");
        DatabaseSettings.InvalidSettingsException e =
                assertThrows(DatabaseSettings.InvalidSettingsException.class, () -> read(values));
        assertEquals("DB_HOST is not set (DB_KIND=mysql needs it)", e.getMessage());
    }

    @Test
    void malformedNumbersNameTheKeyNotTheValue() {
        Map<String, String> values = complete();
        values.put("DB_PORT", "33o6");
        assertEquals("DB_PORT is not a number",
                assertThrows(DatabaseSettings.InvalidSettingsException.class, () -> read(values)).getMessage());
        values.put("DB_PORT", "70000");
        assertEquals("DB_PORT must be between 1 and 65535",
                assertThrows(DatabaseSettings.InvalidSettingsException.class, () -> read(values)).getMessage());
    }

    @Test
    void connectionsAvoidRoundTripsTheDriverCanAnswerItself() throws Exception {
        MysqlDataSource ds = read(complete()).configure(new MysqlDataSource());
        assertTrue(ds.getUseLocalSessionState());
        assertTrue(ds.getUseLocalTransactionState());
        assertTrue(ds.getCacheServerConfiguration());
        assertFalse(ds.getMaintainTimeStats());
        assertTrue(ds.getCachePrepStmts());
        assertFalse(ds.getUseServerPrepStmts());
    }
}
