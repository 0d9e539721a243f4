package it.com.acme.backend.incontainer;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.acme.backend.config.VaultFileConfigSource;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigValue;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The secrets file as the application's own Config (Liberty's mpConfig) sees it: one source among Liberty's, at
 * ordinal 275, so the environment (300) and system properties (400) override it and it overrides
 * microprofile-config.properties (100). The fixture gives the it-arq server the same keys in several of them.
 */
@ExtendWith(ArquillianExtension.class)
class ConfigSourceArqIT {

    private static final Duration RELOAD = Duration.ofSeconds(10);

    @Deployment
    static WebArchive deployment() {
        return InContainer.deployment(ConfigSourceArqIT.class);
    }

    @Inject
    Config config;

    @Test
    void theSecretsFileRanksBelowTheEnvironmentAndSystemPropertiesAndAboveTheApplicationsProperties() {
        ConfigSource secrets = secretsSource();
        assertEquals(VaultFileConfigSource.DEFAULT_ORDINAL, secrets.getOrdinal());

        assertFrom(secrets, "ARQ_FILE_ONLY", "from the file");
        // The environment variables' mapping applies to the file too: a dotted lower-case name finds the key.
        assertFrom(secrets, "arq.file.only", "from the file");
        assertEquals("from the environment", config.getValue("ARQ_FILE_AND_ENV", String.class));
        assertEquals(300, config.getConfigValue("ARQ_FILE_AND_ENV").getSourceOrdinal());
        assertEquals("from-a-system-property", config.getValue("ARQ_FILE_AND_SYSPROP", String.class));
        assertEquals(400, config.getConfigValue("ARQ_FILE_AND_SYSPROP").getSourceOrdinal());
        // microprofile-config.properties in the WAR says "/"; the file wins.
        assertFrom(secrets, "mp.openapi.servers", "/from-the-file");

        // The Config asks its sources in that order.
        List<String> order = new ArrayList<>();
        config.getConfigSources().forEach(source -> order.add(source.getName()));
        int file = order.indexOf(secrets.getName());
        int environment =
                order.indexOf(config.getConfigValue("ARQ_FILE_AND_ENV").getSourceName());
        int properties = order.indexOf(sourceSaying("mp.openapi.servers", "/").getName());
        assertTrue(environment < file && file < properties, "sources in this order: " + order);
    }

    @Test
    void aRenderOfTheFileIsSeenByTheNextLookup() throws Exception {
        String before = InContainer.secrets();
        try {
            InContainer.renderSecrets(InContainer.withValues(before, Map.of("ARQ_FILE_ONLY", "rendered again")));
            await().atMost(RELOAD).until(() -> "rendered again".equals(config.getValue("ARQ_FILE_ONLY", String.class)));
        } finally {
            InContainer.renderSecrets(before);
            await().atMost(RELOAD).until(() -> "from the file".equals(config.getValue("ARQ_FILE_ONLY", String.class)));
        }
    }

    private void assertFrom(ConfigSource source, String key, String expected) {
        ConfigValue value = config.getConfigValue(key);
        assertEquals(expected, value.getValue(), key);
        assertEquals(source.getName(), value.getSourceName(), key);
    }

    private ConfigSource secretsSource() {
        for (ConfigSource source : config.getConfigSources()) {
            if (source instanceof VaultFileConfigSource) {
                return source;
            }
        }
        throw new AssertionError("no VaultFileConfigSource among " + config.getConfigSources());
    }

    private ConfigSource sourceSaying(String key, String value) {
        for (ConfigSource source : config.getConfigSources()) {
            if (value.equals(source.getValue(key))) {
                return source;
            }
        }
        throw new AssertionError("no source says " + key + "=" + value);
    }
}
