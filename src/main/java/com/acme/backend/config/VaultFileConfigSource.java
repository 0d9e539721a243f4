package com.acme.backend.config;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * The secrets file as a MicroProfile ConfigSource (registered in META-INF/services). Lookups read the current
 * snapshot of {@link VaultSecrets}: no I/O, and a reload is seen by the next lookup. A key is found under its
 * own name and under the usual environment-variable mapping ({@code db.password} finds {@code DB_PASSWORD}).
 * Ordinal {@value #DEFAULT_ORDINAL}, below environment variables (300) and above microprofile-config.properties
 * (100), unless the file sets {@code config_ordinal}.
 * <p>
 * The ordinal is read once, when the source is constructed: a {@code Config} sorts its sources once, when it is
 * built, and never asks again, so a {@code config_ordinal} rendered later would be reported here without ever
 * taking effect. A changed {@code config_ordinal} therefore needs an application restart; values, unlike the
 * ordinal, are read at use time.
 */
public class VaultFileConfigSource implements ConfigSource {

    public static final int DEFAULT_ORDINAL = 275;

    private final VaultSecrets secrets;
    private final int ordinal;

    public VaultFileConfigSource() {
        this(VaultSecrets.instance());
    }

    VaultFileConfigSource(VaultSecrets secrets) {
        this.secrets = secrets;
        this.ordinal = ordinal(secrets.snapshot().values().get(CONFIG_ORDINAL));
    }

    @Override
    public String getName() {
        return "VaultFileConfigSource[" + secrets.file() + "]";
    }

    /** Fixed at construction, see the class comment. */
    @Override
    public int getOrdinal() {
        return ordinal;
    }

    private static int ordinal(String configured) {
        if (configured != null) {
            try {
                return Integer.parseInt(configured.trim());
            } catch (NumberFormatException e) {
                // fall back to the default
            }
        }
        return DEFAULT_ORDINAL;
    }

    @Override
    public Set<String> getPropertyNames() {
        return secrets.snapshot().values().keySet();
    }

    @Override
    public Map<String, String> getProperties() {
        return secrets.snapshot().values();
    }

    @Override
    public String getValue(String propertyName) {
        Map<String, String> values = secrets.snapshot().values();
        String value = values.get(propertyName);
        if (value != null) {
            return value;
        }
        String sanitized = sanitize(propertyName);
        value = values.get(sanitized);
        return value != null ? value : values.get(sanitized.toUpperCase(Locale.ROOT));
    }

    // As the environment-variable source maps names: every character other than a letter, digit or _ becomes _.
    private static String sanitize(String name) {
        StringBuilder result = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            result.append(c < 128 && (Character.isLetterOrDigit(c) || c == '_') ? c : '_');
        }
        return result.toString();
    }
}
