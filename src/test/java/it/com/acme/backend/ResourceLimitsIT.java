package it.com.acme.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import it.com.acme.backend.support.Http;
import it.com.acme.backend.support.RawHttp;
import it.com.acme.backend.support.Servers;
import it.com.acme.backend.support.Tokens;

/**
 * The limits that keep one client from holding the server's resources (server.xml's httpOptions, the body limit):
 * headers at most 100, each at most 16 KiB; a body that stalls for longer than the 10 s read timeout ends in a
 * closed connection (Liberty has no whole-request deadline); none of it answered with a 5xx.
 */
class ResourceLimitsIT {

    private static final URI BASE = Servers.mysql();
    /** server.xml's HTTP_READ_TIMEOUT default. */
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

    @BeforeAll
    static void ready() {
        Servers.awaitReady(BASE);
    }

    private static String get(String extraHeaders) {
        return "GET /api/health/live HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n" + extraHeaders + "\r\n";
    }

    @Test
    void anOversizedHeaderIsRefusedNotServed() throws Exception {
        try (RawHttp http = RawHttp.open(BASE, Duration.ofSeconds(15))) {
            RawHttp.Answer answer = http.send(get("X-Big: " + "a".repeat(20 * 1024) + "\r\n")).answer();
            assertTrue(answer.closedWithoutAnswer() || (answer.status() >= 400 && answer.status() < 500),
                    "a 20 KiB header: " + answer.status());
        }
        try (RawHttp http = RawHttp.open(BASE, Duration.ofSeconds(15))) {
            assertEquals(200, http.send(get("X-Fits: " + "a".repeat(8 * 1024) + "\r\n")).answer().status(),
                    "an 8 KiB header is fine");
        }
    }

    @Test
    void tooManyHeadersAreRefusedNotServed() throws Exception {
        StringBuilder headers = new StringBuilder();
        for (int i = 0; i < 150; i++) {
            headers.append("X-H").append(i).append(": v\r\n");
        }
        try (RawHttp http = RawHttp.open(BASE, Duration.ofSeconds(15))) {
            RawHttp.Answer answer = http.send(get(headers.toString())).answer();
            assertTrue(answer.closedWithoutAnswer() || (answer.status() >= 400 && answer.status() < 500),
                    "150 headers: " + answer.status());
        }
    }

    @Test
    void aStalledBodyEndsInAClosedConnectionWithinTheReadTimeout() throws Exception {
        String body = "{\"name\":\"Slow\",\"email\":\"slow@example.com\"}";
        try (RawHttp http = RawHttp.open(BASE, READ_TIMEOUT.multipliedBy(3))) {
            http.send("POST /api/users HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + Tokens.caller()
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n"
                    + body.substring(0, 10));
            RawHttp.Answer answer = http.answer();
            System.out.println("[limits] stalled body: status " + answer.status() + " after " + answer.took().toMillis()
                    + " ms");
            assertTrue(answer.took().compareTo(READ_TIMEOUT.plusSeconds(5)) < 0, "cut off after " + answer.took());
            assertTrue(answer.took().compareTo(READ_TIMEOUT.minusSeconds(1)) > 0, "not before the timeout: "
                    + answer.took());
            assertTrue(answer.status() < 500, "no 5xx for a client's stall: " + answer.text());
        }
        // Meanwhile and afterwards the server serves everyone else.
        assertEquals(200, Http.get(BASE, "/api/health/ready").statusCode());
    }

    @Test
    void aSlowButSteadyBodyIsServed() throws Exception {
        String body = "{\"name\":\"Steady\",\"email\":\"steady-" + System.nanoTime() + "@example.com\"}";
        try (RawHttp http = RawHttp.open(BASE, Duration.ofSeconds(30))) {
            http.send("POST /api/users HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nAuthorization: Bearer "
                    + Tokens.caller() + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length()
                    + "\r\n\r\n");
            // Each pause is shorter than the read timeout: the whole body takes longer than it.
            for (int i = 0; i < body.length(); i += 12) {
                http.send(body.substring(i, Math.min(body.length(), i + 12)));
                Thread.sleep(2500);
            }
            assertEquals(201, http.answer().status());
        }
    }
}
