package com.acme.backend.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VaultFileConfigSourceTest {

    @TempDir
    Path dir;

    private VaultFileConfigSource source(String content) throws IOException {
        Path file = dir.resolve("app.env");
        Files.writeString(file, content);
        VaultSecrets secrets = new VaultSecrets(file);
        secrets.reload();
        return new VaultFileConfigSource(secrets);
    }

    @Test
    void nameIncludesThePathAndOrdinalDefaultsTo275() throws IOException {
        VaultFileConfigSource source = source("A=1\n");
        assertEquals("VaultFileConfigSource[" + dir.resolve("app.env") + "]", source.getName());
        assertEquals(275, source.getOrdinal());
        assertEquals(420, source("config_ordinal=420\n").getOrdinal());
    }

    @Test
    void theOrdinalIsReadOnceAtConstructionBecauseTheConfigSortsItsSourcesOnce() throws IOException {
        Path file = dir.resolve("app.env");
        Files.writeString(file, "config_ordinal=420\n");
        VaultSecrets secrets = new VaultSecrets(file);
        secrets.reload();
        VaultFileConfigSource source = new VaultFileConfigSource(secrets);
        Files.writeString(file, "config_ordinal=500\nA=1\n");
        assertEquals(VaultSecrets.Outcome.CHANGED, secrets.reload());
        assertEquals("1", source.getValue("A"), "values are read at use time");
        assertEquals(420, source.getOrdinal(), "the ordinal is not");
        assertEquals(500, new VaultFileConfigSource(secrets).getOrdinal(), "a new Config's source sees the new one");
        assertEquals(275, source("config_ordinal=high\n").getOrdinal(), "not a number: the default");
    }

    @Test
    void findsKeysByTheirNameAndByTheEnvironmentMapping() throws IOException {
        VaultFileConfigSource source = source("DB_PASSWORD=secret\nfrontend.url=https://x\n");
        assertEquals("secret", source.getValue("DB_PASSWORD"));
        assertEquals("secret", source.getValue("db.password"));
        assertEquals("secret", source.getValue("db-password"));
        assertEquals("https://x", source.getValue("frontend.url"));
        assertNull(source.getValue("missing"));
    }

    @Test
    void aMissingFileIsAnEmptySource() {
        VaultSecrets secrets = new VaultSecrets(dir.resolve("absent.env"));
        assertEquals(VaultSecrets.Outcome.ABSENT, secrets.reload());
        assertEquals(0, new VaultFileConfigSource(secrets).getPropertyNames().size());
    }
}
