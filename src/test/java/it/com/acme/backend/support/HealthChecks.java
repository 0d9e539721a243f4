package it.com.acme.backend.support;

import java.net.URI;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/** One named check of a MicroProfile Health response. */
public final class HealthChecks {

    private HealthChecks() {
    }

    /** The check called {@code name} in the response of {@code path} (e.g. /api/health/ready). */
    public static JsonObject check(URI base, String path, String name) {
        return Http.json(Http.get(base, path).body()).getJsonArray("checks").stream().map(JsonValue::asJsonObject)
                .filter(c -> c.getString("name").equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no check " + name + " in " + path));
    }
}
