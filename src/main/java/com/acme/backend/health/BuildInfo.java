package com.acme.backend.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;

/** The application's version (from the build) and when this instance started. */
@ApplicationScoped
public class BuildInfo {

    private final Instant started = Instant.now();
    private final String version = readVersion();

    // Created at application start, so that started() is the start, not the first health request.
    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        // creation is the point
    }

    public String version() {
        return version;
    }

    public Instant started() {
        return started;
    }

    public Duration uptime() {
        return Duration.between(started, Instant.now());
    }

    private static String readVersion() {
        Properties properties = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("/META-INF/backend-build.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            // the version is informative only
        }
        return properties.getProperty("version", "unknown");
    }
}
