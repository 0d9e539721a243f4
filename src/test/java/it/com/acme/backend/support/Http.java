package it.com.acme.backend.support;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

/** Raw HTTP for what a typed client cannot send. */
public final class Http {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Http() {
    }

    public static HttpResponse<String> send(URI base, String method, String path, Map<String, String> headers,
                                            HttpRequest.BodyPublisher body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .method(method, body);
        headers.forEach(request::header);
        try {
            return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("request failed: " + method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Without credentials. */
    public static HttpResponse<String> get(URI base, String path) {
        return send(base, "GET", path, Map.of(), HttpRequest.BodyPublishers.noBody());
    }

    /** With this bearer token. */
    public static HttpResponse<String> get(URI base, String path, String token) {
        return send(base, "GET", path, bearer(token), HttpRequest.BodyPublishers.noBody());
    }

    /** The Authorization header for a bearer token. */
    public static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    /** These headers plus the Authorization header for a bearer token. */
    public static Map<String, String> bearer(String token, Map<String, String> headers) {
        Map<String, String> all = new HashMap<>(headers);
        all.put("Authorization", "Bearer " + token);
        return all;
    }

    /**
     * {@code /metrics} as a scraper reaches it through the platform's TLS-terminating proxy: Liberty serves it to
     * HTTPS requests only, and trusts the forwarding headers from a private address such as loopback.
     */
    public static HttpResponse<String> metrics(URI base, Map<String, String> credentials) {
        Map<String, String> headers = new HashMap<>(credentials);
        headers.put("X-Forwarded-For", "10.0.0.1");
        headers.put("X-Forwarded-Proto", "https");
        return send(base, "GET", "/metrics", headers, HttpRequest.BodyPublishers.noBody());
    }

    public static JsonObject json(String body) {
        try (JsonReader reader = Json.createReader(new StringReader(body))) {
            return reader.readObject();
        }
    }
}
