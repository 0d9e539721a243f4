package it.com.acme.backend.support;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URI;

/** One named check of a MicroProfile Health response. */
public final class HealthChecks {

    private HealthChecks() {}

    /** The check called {@code name} in the response of {@code path} (e.g. /api/health/ready), asked anonymously. */
    public static JsonObject check(URI base, String path, String name) {
        return find(Http.get(base, path).body(), path, name);
    }

    /** The check called {@code name} in the full diagnostics, {@code /api/health}, asked with the ops role. */
    public static JsonObject diagnostics(URI base, String name) {
        return find(Http.get(base, "/api/health", Tokens.caller()).body(), "/api/health", name);
    }

    private static JsonObject find(String body, String path, String name) {
        return Http.json(body).getJsonArray("checks").stream()
                .map(JsonValue::asJsonObject)
                .filter(c -> c.getString("name").equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no check " + name + " in " + path));
    }
}
