package it.com.acme.backend;

import static it.com.acme.backend.support.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

import it.com.acme.backend.support.Http;
import it.com.acme.backend.support.ServerReady;
import it.com.acme.backend.support.Servers;
import it.com.acme.backend.support.Tokens;

/**
 * Failures that a typed client cannot provoke or that arise outside the users resource: every one is a problem
 * without internals, including those the web container produces.
 */
@ServerReady
class ErrorResponsesIT {

    private static final URI BASE = Servers.mysql();
    private static final Map<String, String> JSON =
            Http.bearer(Tokens.caller(), Map.of("Content-Type", "application/json"));

    @Test
    void invalidUtf8Is400() {
        byte[] body = "{\"name\":\"bad XY\",\"email\":\"x@example.com\"}".getBytes(StandardCharsets.UTF_8);
        body[13] = (byte) 0xC3; // a lead byte followed by an ASCII byte: malformed, but valid JSON if decoded leniently
        body[14] = (byte) 0x28;
        HttpResponse<String> response = Http.send(BASE, "POST", "/api/users", JSON, BodyPublishers.ofByteArray(body));
        assertEquals("The request body is not valid UTF-8.",
                assertProblem(response, 400, "urn:problem:validation").getString("detail"));
    }

    @Test
    void trailingDataAfterTheObjectIs400() {
        String body = "{\"name\":\"T\",\"email\":\"trailing-" + System.nanoTime() + "@example.com\"} {\"x\":1}";
        assertProblem(Http.send(BASE, "POST", "/api/users", JSON, BodyPublishers.ofString(body)), 400,
                "urn:problem:validation");
    }

    @Test
    void chunkedSmallObjectWithPaddingOverLimitIs413() {
        byte[] body = ("{\"name\":\"P\",\"email\":\"padded-" + System.nanoTime() + "@example.com\"}"
                + " ".repeat(70 * 1024)).getBytes(StandardCharsets.UTF_8);
        assertProblem(Http.send(BASE, "POST", "/api/users", JSON,
                BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))), 413, "urn:problem:payload-too-large");
    }

    @Test
    void notJsonIs415() {
        assertProblem(Http.send(BASE, "POST", "/api/users", Http.bearer(Tokens.caller(), Map.of("Content-Type", "text/plain")),
                BodyPublishers.ofString("name=x")), 415, "urn:problem:unsupported-media-type");
        assertProblem(Http.send(BASE, "PUT", "/api/users/1", Http.bearer(Tokens.caller(), Map.of("Content-Type", "application/xml")),
                BodyPublishers.ofString("<user/>")), 415, "urn:problem:unsupported-media-type");
    }

    @Test
    void bodyOverLimitIs413ByContentLength() {
        String big = "{\"name\":\"" + "x".repeat(70 * 1024) + "\",\"email\":\"big@example.com\"}";
        assertProblem(Http.send(BASE, "POST", "/api/users", JSON, BodyPublishers.ofString(big)), 413,
                "urn:problem:payload-too-large");
    }

    @Test
    void chunkedBodyOverLimitIs413() {
        byte[] big = ("{\"name\":\"" + "x".repeat(70 * 1024) + "\",\"email\":\"big@example.com\"}")
                .getBytes(StandardCharsets.UTF_8);
        // A stream of unknown length is sent chunked, without Content-Length.
        HttpResponse<String> response = Http.send(BASE, "POST", "/api/users", JSON,
                BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)));
        assertProblem(response, 413, "urn:problem:payload-too-large");
    }

    @Test
    void bodyJustUnderLimitIsAccepted() {
        String name = "x".repeat(100);
        String padding = " ".repeat(60 * 1024);
        String body = "{\"name\":\"" + name + "\"," + padding + "\"email\":\"under-" + System.nanoTime()
                + "@example.com\"}";
        assertEquals(201, Http.send(BASE, "POST", "/api/users", JSON, BodyPublishers.ofString(body)).statusCode());
    }

    @Test
    void wrongMethodIs405WithAllow() {
        HttpResponse<String> response = Http.send(BASE, "PATCH", "/api/users/1", JSON, BodyPublishers.ofString("{}"));
        assertProblem(response, 405, "urn:problem:method-not-allowed");
        String allow = response.headers().firstValue("Allow").orElse("");
        assertTrue(allow.contains("GET") && allow.contains("PUT") && allow.contains("DELETE"), allow);
    }

    @Test
    void unacceptableAcceptIs406() {
        HttpResponse<String> response = Http.send(BASE, "GET", "/api/users", Http.bearer(Tokens.caller(), Map.of("Accept", "text/html")),
                BodyPublishers.noBody());
        assertProblem(response, 406, "urn:problem:not-acceptable");
    }

    @Test
    void unknownPathsAre404Problems() {
        assertProblem(Http.get(BASE, "/api/nothing-here"), 404, "urn:problem:not-found");
        assertProblem(Http.get(BASE, "/nothing-here"), 404, "urn:problem:not-found");
        assertProblem(Http.get(BASE, "/"), 404, "urn:problem:not-found");
        assertProblem(Http.get(BASE, "/WEB-INF/web.xml"), 404, "urn:problem:not-found");
    }

    @Test
    void problemInstanceIsTheRequestPath() {
        HttpResponse<String> response = Http.get(BASE, "/api/users/424242424", Tokens.caller());
        assertEquals("/api/users/424242424",
                assertProblem(response, 404, "urn:problem:not-found").getString("instance"));
    }
}
