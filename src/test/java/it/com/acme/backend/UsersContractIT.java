package it.com.acme.backend;

import static it.com.acme.backend.support.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import jakarta.json.JsonObject;
import jakarta.ws.rs.core.GenericType;
import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.acme.backend.client.NewUser;
import com.acme.backend.client.User;

import it.com.acme.backend.support.Servers;
import it.com.acme.backend.support.TestDatabase;
import it.com.acme.backend.support.Tokens;
import it.com.acme.backend.support.UsersApi;

/**
 * Every row of the users API contract, success and failure, against the server on MySQL with a bearer token.
 * {@link UsersContractWithoutAuthIT} runs the same rows with {@code AUTH_MODE=none}.
 */
class UsersContractIT {

    private UsersApi api;

    /** The server under test. */
    URI server() {
        return Servers.mysql();
    }

    /** The bearer token the client sends, or null for none. */
    String token() {
        return Tokens.caller();
    }

    /** Whether the server stores into the test database this class can read directly. */
    boolean usesTestDatabase() {
        return true;
    }

    @BeforeEach
    void client() {
        Servers.awaitReady(server());
        api = Servers.users(server(), token());
    }

    static String uniqueEmail(String prefix) {
        return prefix + "-" + UUID.randomUUID() + "@example.com";
    }

    private User create(String name, String email) {
        Response response = api.create(new NewUser(name, email));
        assertEquals(201, response.getStatus(), () -> response.readEntity(String.class));
        return response.readEntity(User.class);
    }

    // POST /api/users: 201, Location, body = the user
    @Test
    void createReturnsTheUserWithLocationAndEtag() {
        String email = uniqueEmail("Create.Me");
        Response response = api.create(new NewUser("  Ada Lovelace  ", email));
        assertEquals(201, response.getStatus());
        User user = response.readEntity(User.class);
        assertEquals("/api/users/" + user.id(), response.getHeaderString("Location"));
        assertEquals("\"1\"", response.getHeaderString("ETag"));
        assertEquals("Ada Lovelace", user.name(), "name is trimmed");
        assertEquals(email.toLowerCase(Locale.ROOT), user.email(), "email is lower-cased");
        assertEquals(user.createdAt(), user.updatedAt());
        assertTrue(response.getHeaderString("Content-Type").startsWith("application/json"));
    }

    @Test
    void unicodeNamesRoundTripExactly() throws Exception {
        String name = "Zoë 李 🚀";
        User created = create(name, uniqueEmail("unicode"));
        assertEquals(name, created.name());
        assertEquals(name, api.get(String.valueOf(created.id())).readEntity(User.class).name());
        if (!usesTestDatabase()) {
            return;
        }
        try (Connection db = TestDatabase.connect();
             PreparedStatement sql = db.prepareStatement("SELECT name FROM users WHERE id = ?")) {
            sql.setLong(1, created.id());
            try (ResultSet rows = sql.executeQuery()) {
                assertTrue(rows.next());
                assertEquals(name, rows.getString(1), "stored exactly in the database");
            }
        }
    }

    @Test
    void idAndTimestampsInTheBodyAreIgnored() {
        String email = uniqueEmail("ignored");
        Response response = api.createJson("{\"id\":999999,\"name\":\"N\",\"email\":\"" + email
                + "\",\"createdAt\":\"2000-01-01T00:00:00Z\",\"updatedAt\":\"2000-01-01T00:00:00Z\"}");
        assertEquals(201, response.getStatus());
        User user = response.readEntity(User.class);
        assertNotEquals(999999L, user.id());
        assertTrue(user.createdAt().getEpochSecond() > 946684800L);
    }

    // POST failures: 400 malformed, wrong types, missing/null, validation; 409 duplicate
    @Test
    void malformedJsonIs400() {
        assertProblem(api.createJson("{\"name\": \"x\", "), 400, "urn:problem:validation");
        assertProblem(api.createJson("[1,2]"), 400, "urn:problem:validation");
        assertProblem(api.createJson(""), 400, "urn:problem:validation");
    }

    @Test
    void wrongTypesAre400WithFieldErrors() {
        JsonObject problem = assertProblem(api.createJson("{\"name\": 42, \"email\": true}"), 400,
                "urn:problem:validation");
        assertEquals(2, problem.getJsonArray("errors").size());
        assertEquals("name", problem.getJsonArray("errors").getJsonObject(0).getString("field"));
        assertEquals("must be a string", problem.getJsonArray("errors").getJsonObject(0).getString("message"));
    }

    @Test
    void missingAndNullFieldsAre400() {
        JsonObject problem = assertProblem(api.createJson("{\"name\": null}"), 400, "urn:problem:validation");
        assertEquals(List.of("name", "email"), problem.getJsonArray("errors").stream()
                .map(e -> e.asJsonObject().getString("field")).toList());
    }

    @Test
    void failedValidationIs400() {
        assertProblem(api.create(new NewUser("   ", uniqueEmail("blank"))), 400, "urn:problem:validation");
        assertProblem(api.create(new NewUser("x".repeat(101), uniqueEmail("long"))), 400, "urn:problem:validation");
        assertProblem(api.create(new NewUser("Ok", "not-an-email")), 400, "urn:problem:validation");
        assertProblem(api.create(new NewUser("Ok", "a".repeat(250) + "@example.com")), 400,
                "urn:problem:validation");
        assertEquals(201, api.create(new NewUser("🚀".repeat(100), uniqueEmail("hundred"))).getStatus(),
                "100 characters, each outside the BMP, fit");
    }

    @Test
    void duplicateEmailIs409CaseInsensitively() {
        String email = uniqueEmail("dup");
        create("First", email);
        assertProblem(api.create(new NewUser("Second", email.toUpperCase(Locale.ROOT))), 409,
                "urn:problem:conflict");
    }

    @Test
    void accentedEmailsDoNotCollide() {
        String id = UUID.randomUUID().toString();
        create("Zoe", "zoe-" + id + "@example.com");
        create("Zoë", "zoë-" + id + "@example.com");
    }

    @Test
    void emailIsReusableAfterDelete() {
        String email = uniqueEmail("reuse");
        User first = create("First", email);
        assertEquals(204, api.delete(String.valueOf(first.id())).getStatus());
        create("Second", email);
    }

    // GET /api/users/{id}: 200 + ETag; 404 unknown, non-numeric, overflowing
    @Test
    void getReturnsTheUserWithAStrongEtag() {
        User created = create("Get Me", uniqueEmail("get"));
        Response response = api.get(String.valueOf(created.id()));
        assertEquals(200, response.getStatus());
        assertEquals("\"1\"", response.getHeaderString("ETag"));
        assertEquals(created, response.readEntity(User.class));
    }

    @Test
    void unknownOrMalformedIdsAre404() {
        assertProblem(api.get("999999999"), 404, "urn:problem:not-found");
        assertProblem(api.get("abc"), 404, "urn:problem:not-found");
        assertProblem(api.get("-1"), 404, "urn:problem:not-found");
        assertProblem(api.get("99999999999999999999999"), 404, "urn:problem:not-found");
    }

    // PUT /api/users/{id}: 200, updatedAt advances, ETag changes; 400, 404, 409, 412
    @Test
    void replaceAdvancesUpdatedAtAndEtag() {
        User created = create("Before", uniqueEmail("put"));
        String email = uniqueEmail("After");
        Response response = api.replace(String.valueOf(created.id()), null, new NewUser("After", email));
        assertEquals(200, response.getStatus());
        assertEquals("\"2\"", response.getHeaderString("ETag"));
        User updated = response.readEntity(User.class);
        assertEquals("After", updated.name());
        assertEquals(email.toLowerCase(Locale.ROOT), updated.email());
        assertEquals(created.createdAt(), updated.createdAt());
        assertTrue(updated.updatedAt().isAfter(created.updatedAt()), "updatedAt advances");
        assertEquals("\"2\"", api.get(String.valueOf(created.id())).getHeaderString("ETag"));
    }

    @Test
    void replaceWithMatchingIfMatchSucceeds() {
        User created = create("Match", uniqueEmail("match"));
        assertEquals(200, api.replace(String.valueOf(created.id()), "\"1\"",
                new NewUser("Matched", created.email())).getStatus());
    }

    @Test
    void replaceWithStaleIfMatchIs412AndChangesNothing() {
        User created = create("Stale", uniqueEmail("stale"));
        String id = String.valueOf(created.id());
        assertEquals(200, api.replace(id, null, new NewUser("Changed", created.email())).getStatus());
        assertProblem(api.replace(id, "\"1\"", new NewUser("Lost update", created.email())), 412,
                "urn:problem:precondition-failed");
        assertProblem(api.replace(id, "W/\"2\"", new NewUser("Weak tag", created.email())), 412,
                "urn:problem:precondition-failed");
        Response current = api.get(id);
        assertEquals("Changed", current.readEntity(User.class).name());
        assertEquals("\"2\"", current.getHeaderString("ETag"));
    }

    @Test
    void replaceFailures() {
        User created = create("Put Fail", uniqueEmail("putfail"));
        User other = create("Other", uniqueEmail("other"));
        String id = String.valueOf(created.id());
        assertProblem(api.replaceJson(id, "{\"name\": 1}"), 400, "urn:problem:validation");
        assertProblem(api.replaceJson(id, "{nope"), 400, "urn:problem:validation");
        assertProblem(api.replace("999999999", null, new NewUser("Nobody", uniqueEmail("nobody"))), 404,
                "urn:problem:not-found");
        assertProblem(api.replace("x", null, new NewUser("Nobody", uniqueEmail("nobody"))), 404,
                "urn:problem:not-found");
        assertProblem(api.replace(id, null, new NewUser("Taken", other.email())), 409, "urn:problem:conflict");
        assertEquals("Put Fail", api.get(id).readEntity(User.class).name(), "nothing changed");
    }

    // DELETE /api/users/{id}: 204; 404
    @Test
    void deleteThenGetIs404() {
        User created = create("Delete Me", uniqueEmail("delete"));
        String id = String.valueOf(created.id());
        assertEquals(204, api.delete(id).getStatus());
        assertProblem(api.get(id), 404, "urn:problem:not-found");
        assertProblem(api.delete(id), 404, "urn:problem:not-found");
        assertProblem(api.delete("nope"), 404, "urn:problem:not-found");
    }

    // GET /api/users?offset&limit: 200 ordered by id, X-Total-Count, Link next; 400 bad paging
    @Test
    void listPagesInIdOrderWithTotalAndLinks() {
        for (int i = 0; i < 3; i++) {
            create("Page " + i, uniqueEmail("page"));
        }
        Response first = api.list("0", "2");
        assertEquals(200, first.getStatus());
        long total = Long.parseLong(first.getHeaderString("X-Total-Count"));
        assertTrue(total >= 3);
        List<User> page = first.readEntity(new GenericType<List<User>>() {
        });
        assertEquals(2, page.size());
        assertTrue(page.get(0).id() < page.get(1).id(), "ordered by id");
        assertEquals("</api/users?offset=2&limit=2>; rel=\"next\"", first.getHeaderString("Link"));

        Response last = api.list(String.valueOf(total - 1), "2");
        List<User> lastPage = last.readEntity(new GenericType<List<User>>() {
        });
        assertEquals(1, lastPage.size());
        assertTrue(last.getHeaderString("Link").contains("rel=\"prev\""));
        assertTrue(!last.getHeaderString("Link").contains("rel=\"next\""), "no next link on the last page");

        Response beyond = api.list(String.valueOf(total + 10), "20");
        assertEquals(200, beyond.getStatus());
        assertEquals("[]", beyond.readEntity(String.class));

        Response defaults = api.list(null, null);
        assertEquals(200, defaults.getStatus());
        assertTrue(defaults.readEntity(new GenericType<List<User>>() {
        }).size() <= 20);
    }

    @Test
    void badPagingIs400() {
        assertProblem(api.list("-1", "20"), 400, "urn:problem:validation");
        assertProblem(api.list("abc", "20"), 400, "urn:problem:validation");
        assertProblem(api.list("0", "0"), 400, "urn:problem:validation");
        assertProblem(api.list("0", "101"), 400, "urn:problem:validation");
        assertProblem(api.list("0", "ten"), 400, "urn:problem:validation");
    }
}
