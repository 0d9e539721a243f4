package it.com.acme.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.Test;

import it.com.acme.backend.support.Http;
import it.com.acme.backend.support.Problems;
import it.com.acme.backend.support.ServerReady;
import it.com.acme.backend.support.Servers;
import it.com.acme.backend.support.Tokens;

/** Secure defaults on API responses and error pages; HSTS behind a TLS-terminating proxy; TRACE refused. */
@ServerReady
class SecurityHeadersIT {

    private static final URI BASE = Servers.mysql();

    private static void assertSecureDefaults(HttpResponse<String> response) {
        assertEquals("nosniff", response.headers().firstValue("X-Content-Type-Options").orElse(null));
        assertEquals("no-referrer", response.headers().firstValue("Referrer-Policy").orElse(null));
        assertTrue(response.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'none'"));
        assertTrue(response.headers().firstValue("X-Powered-By").isEmpty(), "no X-Powered-By");
        assertTrue(response.headers().firstValue("Server").isEmpty(), "no Server header");
    }

    @Test
    void apiResponsesCarryTheHeadersAndUserDataIsNotCached() {
        HttpResponse<String> users = Http.get(BASE, "/api/users?limit=1", Tokens.caller());
        assertSecureDefaults(users);
        assertEquals("no-store", users.headers().firstValue("Cache-Control").orElse(null));
        assertTrue(users.headers().firstValue("Strict-Transport-Security").isEmpty(), "no HSTS over plain HTTP");
        assertSecureDefaults(Http.get(BASE, "/api/health/live"));
        assertSecureDefaults(Http.get(BASE, "/nowhere"));
        assertSecureDefaults(Http.get(BASE, "/api/users/nobody", Tokens.caller()));
        assertSecureDefaults(Http.get(BASE, "/api/users"));
    }

    @Test
    void hstsWhenTheProxySaysHttps() {
        HttpResponse<String> response = Http.send(BASE, "GET", "/api/health/live", Map.of("X-Forwarded-Proto", "https"),
                BodyPublishers.noBody());
        assertTrue(response.headers().firstValue("Strict-Transport-Security").orElse("").startsWith("max-age="));
    }

    @Test
    void traceIsRefused() {
        HttpResponse<String> response = Http.send(BASE, "TRACE", "/api/users", Map.of("X-Secret-Probe", "echo-me"),
                BodyPublishers.noBody());
        // Liberty refuses it (403, empty body) or it reaches the API, which does not define it (405 problem).
        assertTrue(response.statusCode() == 403 || response.statusCode() == 405, "status " + response.statusCode());
        assertTrue(!response.body().contains("echo-me"), "the request is not echoed");
        Problems.assertNoLeak(response.body());
    }
}
