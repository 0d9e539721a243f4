package it.com.acme.backend;

import static it.com.acme.backend.support.Problems.assertProblem;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import it.com.acme.backend.support.Http;
import it.com.acme.backend.support.Race;
import it.com.acme.backend.support.RawHttp;
import it.com.acme.backend.support.ServerReady;
import it.com.acme.backend.support.Servers;
import it.com.acme.backend.support.TestDatabase;
import it.com.acme.backend.support.Tokens;

/**
 * {@code Idempotency-Key} on {@code POST /api/users}, against MySQL: a repeat creates nothing and answers with the
 * first request's user; a key is the caller's own; reuse for a different request is refused; concurrent repeats
 * create one user; keys older than 24 h are forgotten and purged.
 */
@ServerReady
class IdempotencyIT {

    private static final URI BASE = Servers.mysql();

    private static HttpResponse<String> create(String token, String key, String name, String email) {
        Map<String, String> headers = new TreeMap<>(Map.of("Content-Type", "application/json"));
        if (key != null) {
            headers.put("Idempotency-Key", key);
        }
        return Http.send(BASE, "POST", "/api/users", Http.bearer(token, headers), HttpRequest.BodyPublishers
                .ofString("{\"name\":\"" + name + "\",\"email\":\"" + email + "\"}"));
    }

    private static String email(String label) {
        return label + "-" + UUID.randomUUID() + "@example.com";
    }

    private static long usersWithEmail(String email) throws SQLException {
        return count("SELECT COUNT(*) FROM users WHERE email = ?", email);
    }

    private static long keyRows(String key) throws SQLException {
        return count("SELECT COUNT(*) FROM idempotency_keys WHERE idem_key = ?", key);
    }

    /** A count read directly in MySQL, not through the service. */
    private static long count(String sql, String value) throws SQLException {
        try (Connection db = TestDatabase.connect(); PreparedStatement count = db.prepareStatement(sql)) {
            count.setString(1, value);
            try (ResultSet row = count.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    @Test
    void aRepeatCreatesNothingAndAnswersWithTheFirstUser() throws Exception {
        String token = Tokens.withGroups("users.write");
        String key = UUID.randomUUID().toString();
        String email = email("idem");
        HttpResponse<String> first = create(token, key, "Idem", email);
        assertEquals(201, first.statusCode(), first.body());
        assertTrue(first.headers().firstValue("Idempotent-Replayed").isEmpty(), "the first answer is no replay");

        // Same request, different spacing and case: the same normalised user.
        HttpResponse<String> repeat = create(token, key, " Idem ", email.toUpperCase(Locale.ROOT));
        assertEquals(201, repeat.statusCode(), repeat.body());
        assertEquals("true", repeat.headers().firstValue("Idempotent-Replayed").orElse(""));
        assertEquals(first.headers().firstValue("Location"), repeat.headers().firstValue("Location"));
        assertEquals(first.headers().firstValue("ETag"), repeat.headers().firstValue("ETag"));
        assertEquals(Http.json(first.body()).getJsonNumber("id"), Http.json(repeat.body()).getJsonNumber("id"));
        assertEquals(1, usersWithEmail(email), "one user");

        // The audit trail shows one creation.
        long id = Http.json(first.body()).getJsonNumber("id").longValue();
        HttpResponse<String> changes = Http.get(BASE, "/api/users/" + id + "/changes", Tokens.caller());
        assertEquals(1, Http.json("{\"a\":" + changes.body() + "}").getJsonArray("a").size(), changes.body());
    }

    @Test
    void aKeyReusedForADifferentRequestIsRefusedAndCreatesNothing() throws Exception {
        String token = Tokens.withGroups("users.write");
        String key = UUID.randomUUID().toString();
        assertEquals(201, create(token, key, "First", email("first")).statusCode());
        String other = email("other");
        HttpResponse<String> reused = create(token, key, "Other", other);
        assertProblem(reused, 422, "urn:problem:idempotency-key-reused");
        assertFalse(reused.body().contains(key), "the problem does not repeat the key");
        assertEquals(0, usersWithEmail(other));
    }

    @Test
    void keysAreTheCallersOwn() throws Exception {
        String key = UUID.randomUUID().toString();
        HttpResponse<String> mine = create(Tokens.withGroups("users.write"), key, "Mine", email("mine"));
        HttpResponse<String> theirs = create(Tokens.withGroups("users.write"), key, "Theirs", email("theirs"));
        assertEquals(201, mine.statusCode());
        assertEquals(201, theirs.statusCode(), "another caller's same key is another request");
        assertTrue(theirs.headers().firstValue("Idempotent-Replayed").isEmpty());
        assertNotEquals(mine.headers().firstValue("Location"), theirs.headers().firstValue("Location"));
    }

    @Test
    void aFailedCreateDoesNotUseUpItsKey() throws Exception {
        String token = Tokens.withGroups("users.write");
        String taken = email("taken");
        assertEquals(201, create(Tokens.caller(), null, "Taken", taken).statusCode());
        String key = UUID.randomUUID().toString();
        assertProblem(create(token, key, "Late", taken), 409, "urn:problem:conflict");
        // The key's claim rolled back with the failed create: the same key works for the corrected request.
        assertProblem(create(token, key, "Late", taken), 409, "urn:problem:conflict");
        HttpResponse<String> corrected = create(token, key, "Late", email("late"));
        assertEquals(201, corrected.statusCode(), corrected.body());
    }

    @Test
    void badKeysAreRefusedBeforeAnythingIsCreated() throws Exception {
        String token = Tokens.withGroups("users.write");
        // Raw, so the header goes out exactly as written (HttpClient checks header values itself).
        for (String bad : new String[] {"", "a".repeat(256), "has space", "tab\there", "caf\u00e9"}) {
            String email = email("badkey");
            String body = "{\"name\":\"Bad key\",\"email\":\"" + email + "\"}";
            try (RawHttp http = RawHttp.open(BASE, Duration.ofSeconds(15))) {
                RawHttp.Answer answer = http.send("POST /api/users HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                        + "Authorization: Bearer " + token + "\r\nContent-Type: application/json\r\nIdempotency-Key: "
                        + bad + "\r\nContent-Length: " + body.length() + "\r\n\r\n" + body).answer();
                assertEquals(400, answer.status(), answer.text());
                assertTrue(answer.text().contains("urn:problem:validation"), answer.text());
                assertTrue(answer.text().contains("Idempotency-Key"), "names the header: " + answer.text());
            }
            assertEquals(0, usersWithEmail(email));
        }
    }

    @Test
    void aRepeatAfterTheUserWasDeletedIsAConflict() throws Exception {
        String token = Tokens.withGroups("users.write");
        String key = UUID.randomUUID().toString();
        String email = email("gone");
        HttpResponse<String> first = create(token, key, "Gone", email);
        assertEquals(201, first.statusCode());
        String location = first.headers().firstValue("Location").orElseThrow();
        assertEquals(204, Http.send(BASE, "DELETE", location, Http.bearer(token), HttpRequest.BodyPublishers.noBody())
                .statusCode());
        HttpResponse<String> repeat = create(token, key, "Gone", email);
        assertProblem(repeat, 409, "urn:problem:conflict");
        assertTrue(repeat.body().contains("deleted"), repeat.body());
        assertEquals(0, usersWithEmail(email), "not created again");
    }

    /** The same request from {@code racers} threads at once; the answers. */
    private static List<HttpResponse<String>> race(int racers, String token, String key, String email)
            throws Exception {
        return Race.run(racers, racer -> create(token, key, "Racer", email));
    }

    /** A 409 for a key in use says so and when to retry. */
    private static void assertInUse(HttpResponse<String> response) {
        assertProblem(response, 409, "urn:problem:idempotency-key-in-use");
        assertEquals("1", response.headers().firstValue("Retry-After").orElse(""), "Retry-After");
    }

    @Test
    void concurrentRepeatsCreateOneUser() throws Exception {
        String token = Tokens.withGroups("users.write");
        String key = UUID.randomUUID().toString();
        String email = email("idem-race");
        Map<Integer, Integer> statuses = new TreeMap<>();
        Set<String> locations = new HashSet<>();
        for (HttpResponse<String> response : race(16, token, key, email)) {
            statuses.merge(response.statusCode(), 1, Integer::sum);
            if (response.statusCode() == 201) {
                locations.add(response.headers().firstValue("Location").orElseThrow());
            } else {
                assertInUse(response);
            }
        }
        System.out.println("[idempotency] 16 concurrent repeats: " + statuses);
        assertEquals(1, locations.size(), "every 201 names the same user: " + locations);
        assertEquals(1, usersWithEmail(email), "one user");
        // A repeat after the race gets the answer.
        HttpResponse<String> after = create(token, key, "Racer", email);
        assertEquals(201, after.statusCode());
        assertEquals(locations.iterator().next(), after.headers().firstValue("Location").orElseThrow());
    }

    /**
     * The first request fails (the email is taken) while the others wait on its claim: when it rolls back, the
     * waiters compete again (on MySQL they may deadlock, and the database picks one to roll back). Every answer is
     * a 409 that says which, never a 503 or a 500.
     */
    @Test
    void concurrentRepeatsOfAFailingCreateAllGet409() throws Exception {
        String token = Tokens.withGroups("users.write");
        String email = email("idem-taken");
        assertEquals(201, create(Tokens.caller(), null, "Taken", email).statusCode());
        Map<String, Integer> types = new TreeMap<>();
        for (HttpResponse<String> response : race(16, token, UUID.randomUUID().toString(), email)) {
            assertEquals(409, response.statusCode(), response.body());
            String type = Http.json(response.body()).getString("type");
            types.merge(type, 1, Integer::sum);
            if (type.equals("urn:problem:idempotency-key-in-use")) {
                assertInUse(response);
            } else {
                assertProblem(response, 409, "urn:problem:conflict");
            }
        }
        System.out.println("[idempotency] 16 concurrent repeats of a create whose email is taken: " + types);
        assertEquals(1, usersWithEmail(email));
    }

    @Test
    void keysDifferInCase() throws Exception {
        String token = Tokens.withGroups("users.write");
        String key = "Key-" + UUID.randomUUID();
        assertEquals(201, create(token, key, "Upper", email("upper")).statusCode());
        HttpResponse<String> lower = create(token, key.toLowerCase(Locale.ROOT), "Lower", email("lower"));
        assertEquals(201, lower.statusCode(), "another key: " + lower.body());
        assertTrue(lower.headers().firstValue("Idempotent-Replayed").isEmpty());
    }

    @Test
    void anExpiredKeyServesANewRequest() throws Exception {
        String token = Tokens.withGroups("users.write");
        String key = UUID.randomUUID().toString();
        String first = email("expired");
        assertEquals(201, create(token, key, "Expired", first).statusCode());
        age(key);
        // Whether the purge or the lookup removes the expired claim first, the key is free: a new user, no 422.
        HttpResponse<String> again = create(token, key, "Fresh", email("fresh"));
        assertEquals(201, again.statusCode(), again.body());
        assertTrue(again.headers().firstValue("Idempotent-Replayed").isEmpty());
        assertEquals(1, usersWithEmail(first));
    }

    private static void age(String key) throws SQLException {
        try (Connection db = TestDatabase.connect();
             PreparedStatement age = db.prepareStatement(
                     "UPDATE idempotency_keys SET created_at = created_at - ? WHERE idem_key = ?")) {
            age.setLong(1, Duration.ofHours(25).toMillis());
            age.setString(2, key);
            assertEquals(1, age.executeUpdate());
        }
    }

    @Test
    void keysOlderThanADayAreForgottenAndPurged() throws Exception {
        String token = Tokens.withGroups("users.write");
        String key = UUID.randomUUID().toString();
        assertEquals(201, create(token, key, "Old", email("old")).statusCode());
        String kept = UUID.randomUUID().toString();
        assertEquals(201, create(token, kept, "Kept", email("kept")).statusCode());
        age(key);
        // The fixture runs the purge every 2 s.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> keyRows(key) == 0);
        assertEquals(1, keyRows(kept), "a fresh key stays");
        // Forgotten: the key may serve a new request.
        assertEquals(201, create(token, key, "New", email("new")).statusCode());
    }
}
