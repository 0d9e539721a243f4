package it.com.acme.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import it.com.acme.backend.support.Http;
import it.com.acme.backend.support.RawHttp;
import it.com.acme.backend.support.ServerReady;
import it.com.acme.backend.support.Servers;
import it.com.acme.backend.support.Tokens;

/**
 * The limits that keep one client from holding the server's resources (server.xml's httpOptions, the body limit):
 * headers at most 100, each at most 16 KiB; a small body that has not fully arrived when the 10 s read timeout
 * ends is answered 400 and its connection closed, whether it stalled or trickled; none of it answered with a 5xx.
 */
@ServerReady
class ResourceLimitsIT {

    private static final URI BASE = Servers.mysql();
    /** server.xml's HTTP_READ_TIMEOUT default. */
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

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

    /** A body of fixed length: how it splits into pieces must not depend on the value of a counter. */
    private static String userBody(String label) {
        return "{\"name\":\"" + label + "\",\"email\":\"" + label.toLowerCase(java.util.Locale.ROOT) + "-"
                + UUID.randomUUID() + "@example.com\"}";
    }

    private static String postHead(String body) {
        return "POST /api/users HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nAuthorization: Bearer "
                + Tokens.caller() + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length()
                + "\r\n\r\n";
    }

    @Test
    void aStalledBodyEndsInAClosedConnectionWithinTheReadTimeout() throws Exception {
        String body = userBody("Stalled");
        try (RawHttp http = RawHttp.open(BASE, READ_TIMEOUT.multipliedBy(3))) {
            http.send(postHead(body) + body.substring(0, 10));
            RawHttp.Answer answer = http.answer();
            System.out.println("[limits] stalled body: status " + answer.status() + " after " + answer.took().toMillis()
                    + " ms");
            assertCutOffAtTheReadTimeout(answer);
        }
        // Meanwhile and afterwards the server serves everyone else.
        assertEquals(200, Http.get(BASE, "/api/health/ready").statusCode());
    }

    /**
     * Liberty reads a body this small in one read, so the read timeout bounds the whole body: a client that keeps
     * sending a byte now and then cannot hold a thread for longer than that.
     */
    @Test
    void aSmallBodyTricklingPastTheReadTimeoutIsCutOff() throws Exception {
        String body = userBody("Trickle");
        try (RawHttp http = RawHttp.open(BASE, READ_TIMEOUT.multipliedBy(3))) {
            http.send(postHead(body)).trickle(body, body.length(), Duration.ofMillis(700));
            RawHttp.Answer answer = http.answer();
            System.out.println("[limits] trickled body (" + body.length() + " bytes, one every 700 ms): status "
                    + answer.status() + " after " + answer.took().toMillis() + " ms");
            assertCutOffAtTheReadTimeout(answer);
        }
    }

    private static void assertCutOffAtTheReadTimeout(RawHttp.Answer answer) {
        assertTrue(answer.took().compareTo(READ_TIMEOUT.plusSeconds(5)) < 0, "cut off after " + answer.took());
        assertTrue(answer.took().compareTo(READ_TIMEOUT.minusSeconds(1)) > 0, "not before the timeout: "
                + answer.took());
        assertTrue(answer.status() < 500, "no 5xx for a client's stall: " + answer.text());
    }

    /** A slow client whose body arrives within the read timeout is served, however the body is split. */
    @Test
    void aSlowBodyThatArrivesWithinTheReadTimeoutIsServed() throws Exception {
        String body = userBody("Steady");
        try (RawHttp http = RawHttp.open(BASE, READ_TIMEOUT.multipliedBy(3))) {
            // Four pieces, the last 6 s after the headers: well inside the 10 s, even on a loaded machine.
            RawHttp.Answer answer = http.send(postHead(body)).trickle(body, 4, Duration.ofSeconds(2)).answer();
            assertEquals(201, answer.status(), answer.text());
        }
    }
}
