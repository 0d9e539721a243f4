package it.com.acme.backend.support;

import java.net.URI;
import java.util.concurrent.TimeUnit;

import org.eclipse.microprofile.rest.client.RestClientBuilder;

/** Where the servers under test listen, and typed clients for them. */
public final class Servers {

    private Servers() {
    }

    /** The server on MySQL (through the fault proxy). */
    public static URI mysql() {
        return URI.create(System.getProperty("it.base.url", "http://localhost:9180"));
    }

    /** The server on the embedded database. */
    public static URI embedded() {
        return URI.create(System.getProperty("it.embedded.base.url", "http://localhost:9181"));
    }

    public static UsersApi users(URI base) {
        return RestClientBuilder.newBuilder()
                .baseUri(base)
                .connectTimeout(5, TimeUnit.SECONDS)
                .readTimeout(30, TimeUnit.SECONDS)
                // Failures are answers the tests inspect, not exceptions.
                .property("microprofile.rest.client.disable.default.mapper", true)
                .build(UsersApi.class);
    }
}
