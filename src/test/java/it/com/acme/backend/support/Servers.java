package it.com.acme.backend.support;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import jakarta.ws.rs.client.ClientRequestFilter;

import org.awaitility.Awaitility;
import org.eclipse.microprofile.rest.client.RestClientBuilder;

import com.acme.backend.client.UsersClient;

/** Where the servers under test listen, and typed clients for them. */
public final class Servers {

    private Servers() {
    }

    /** The server on MySQL (through the fault proxy). */
    public static URI mysql() {
        return URI.create(System.getProperty("it.base.url", "http://localhost:9180"));
    }

    /** A server with DB_KIND=mysql and no database settings at all. */
    public static URI unconfigured() {
        return URI.create(System.getProperty("it.unconfigured.base.url", "http://localhost:9182"));
    }

    /** The server on the embedded database. */
    public static URI embedded() {
        return URI.create(System.getProperty("it.embedded.base.url", "http://localhost:9181"));
    }

    /** Waits until the server reports live (a server that cannot get ready still serves answers). */
    public static void awaitLive(URI base) {
        Awaitility.await("liveness of " + base).atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .until(() -> Http.get(base, "/api/health/live").statusCode() == 200);
    }

    /** Waits until the server reports ready: its schema is migrated in the background after start. */
    public static void awaitReady(URI base) {
        Awaitility.await("readiness of " + base).atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .until(() -> Http.get(base, "/api/health/ready").statusCode() == 200);
    }

    /** The consumers' typed client (client/), sending this bearer token (none if null). */
    public static UsersClient client(URI base, String token) {
        RestClientBuilder builder = RestClientBuilder.newBuilder();
        if (token != null) {
            builder.register((ClientRequestFilter) request ->
                    request.getHeaders().putSingle("Authorization", "Bearer " + token));
        }
        return builder.baseUri(base).connectTimeout(5, TimeUnit.SECONDS).readTimeout(30, TimeUnit.SECONDS)
                .build(UsersClient.class);
    }

    /** A raw-wire client (answers are {@code Response}s) that sends no credentials. */
    public static UsersApi users(URI base) {
        return users(base, null);
    }

    /** A typed client that sends this bearer token (none if null). */
    public static UsersApi users(URI base, String token) {
        RestClientBuilder builder = RestClientBuilder.newBuilder();
        if (token != null) {
            builder.register((ClientRequestFilter) request ->
                    request.getHeaders().putSingle("Authorization", "Bearer " + token));
        }
        return builder
                .baseUri(base)
                .connectTimeout(5, TimeUnit.SECONDS)
                .readTimeout(30, TimeUnit.SECONDS)
                // Failures are answers the tests inspect, not exceptions.
                .property("microprofile.rest.client.disable.default.mapper", true)
                .build(UsersApi.class);
    }
}
