package it.com.acme.backend.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** The secrets file of the server on MySQL, read and written the way Vault Agent renders it. */
public final class SecretsFile {

    private SecretsFile() {}

    /** The current keys and values (the fixture and {@link #render} write every value double-quoted). */
    public static Map<String, String> read() throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : Files.readAllLines(TestDatabase.secretsFile())) {
            int equals = line.indexOf('=');
            if (equals > 0 && !line.startsWith("#")) {
                String value = line.substring(equals + 1);
                values.put(
                        line.substring(0, equals),
                        value.startsWith("\"") ? value.substring(1, value.length() - 1) : value);
            }
        }
        return values;
    }

    /** Writes a temporary file in the same folder, then renames it over the target, as Vault Agent does. */
    public static void render(Map<String, String> values) throws IOException {
        Path file = TestDatabase.secretsFile();
        Path temporary = file.resolveSibling(".app.env." + UUID.randomUUID());
        StringBuilder content = new StringBuilder();
        values.forEach(
                (key, value) -> content.append(key).append("=\"").append(value).append("\"\n"));
        Files.writeString(temporary, content);
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Renders the current values with {@code key} set to {@code value} (removed when null). */
    public static void renderWith(String key, String value) throws IOException {
        Map<String, String> values = read();
        if (value == null) {
            values.remove(key);
        } else {
            values.put(key, value);
        }
        render(values);
    }
}
