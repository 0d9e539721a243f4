package com.acme.backend.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Migrations skips Flyway when the schema is at its SCHEMA_VERSION: that constant must be the newest migration. */
class SchemaVersionTest {

    private static final Pattern VERSIONED = Pattern.compile("V(\\d+)__.*\\.sql");

    @Test
    void theConstantIsTheNewestMigrationOfEveryVendor() throws IOException {
        for (String vendor : new String[] {"h2", "mysql"}) {
            try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/migration", vendor))) {
                int newest = files.map(f -> VERSIONED.matcher(f.getFileName().toString()))
                        .filter(Matcher::matches)
                        .mapToInt(m -> Integer.parseInt(m.group(1)))
                        .max()
                        .orElse(0);
                assertEquals(newest, Migrations.SCHEMA_VERSION, vendor + ": raise Migrations.SCHEMA_VERSION");
            }
        }
    }
}
