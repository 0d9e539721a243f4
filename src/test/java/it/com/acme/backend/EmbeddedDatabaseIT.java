package it.com.acme.backend;

import static it.com.acme.backend.support.Problems.assertProblem;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.acme.backend.client.NewUser;
import com.acme.backend.client.User;
import com.acme.backend.client.UsersApiException;

import it.com.acme.backend.support.HealthChecks;
import it.com.acme.backend.support.Http;
import it.com.acme.backend.support.Race;
import it.com.acme.backend.support.Servers;
import it.com.acme.backend.support.UsersApi;

/** The default configuration: no DB_KIND, the embedded database, the same migrations and contract. */
class EmbeddedDatabaseIT {

    private static final URI BASE = Servers.embedded();
    private final UsersApi api = Servers.users(BASE);

    @Test
    void readyOnTheEmbeddedDatabase() {
        await().atMost(Duration.ofSeconds(60)).until(() -> Http.get(BASE, "/api/health/ready").statusCode() == 200);
        assertEquals("embedded",
                HealthChecks.check(BASE, "/api/health", "database").getJsonObject("data").getString("kind"));
    }

    @Test
    void withoutVaultTheConfigCheckSaysTheFileIsAbsentAndStaysUp() {
        await().atMost(Duration.ofSeconds(60)).until(() -> Http.get(BASE, "/api/health/ready").statusCode() == 200);
        var config = HealthChecks.check(BASE, "/api/health", "config");
        assertEquals("UP", config.getString("status"));
        assertEquals(false, config.getJsonObject("data").getBoolean("present"));
        assertEquals("/vault/secrets/app.env", config.getJsonObject("data").getString("file"));
    }

    @Test
    void crudAndConstraintsOnTheEmbeddedDatabase() {
        await().atMost(Duration.ofSeconds(60)).until(() -> Http.get(BASE, "/api/health/ready").statusCode() == 200);
        String email = "embedded-" + UUID.randomUUID() + "@example.com";
        User created = api.create(new NewUser("Zoë 李 🚀", email)).readEntity(User.class);
        assertEquals("Zoë 李 🚀", api.get(String.valueOf(created.id())).readEntity(User.class).name());
        assertProblem(api.create(new NewUser("Again", email.toUpperCase(Locale.ROOT))), 409,
                "urn:problem:conflict");
        assertEquals(201, api.create(new NewUser("Accent", email.replace("embedded", "embeddëd"))).getStatus());
        assertEquals(200, api.replace(String.valueOf(created.id()), "\"1\"", new NewUser("Renamed", email)).getStatus());
        assertProblem(api.replace(String.valueOf(created.id()), "\"1\"", new NewUser("Stale", email)), 412,
                "urn:problem:precondition-failed");
        assertEquals(201, api.create(new NewUser("🚀".repeat(100), "long-" + UUID.randomUUID() + "@example.com"))
                .getStatus());
        assertEquals(204, api.delete(String.valueOf(created.id())).getStatus());
        assertProblem(api.get(String.valueOf(created.id())), 404, "urn:problem:not-found");
    }

    @Test
    void idempotencyKeysOnTheEmbeddedDatabase() {
        await().atMost(Duration.ofSeconds(60)).until(() -> Http.get(BASE, "/api/health/ready").statusCode() == 200);
        var client = Servers.client(BASE, null);
        String key = UUID.randomUUID().toString();
        NewUser user = new NewUser("Once", "once-" + UUID.randomUUID() + "@example.com");
        assertEquals(client.create(key, user).id(), client.create(key, user).id());
        assertThrows(UsersApiException.IdempotencyKeyReused.class,
                () -> client.create(key, new NewUser("Other", "other-" + UUID.randomUUID() + "@example.com")));
    }

    /** H2 does not wait on a claim in progress as MySQL does; it reports a concurrent update: still a 409. */
    @Test
    void concurrentRepeatsOnTheEmbeddedDatabaseCreateOneUser() throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(() -> Http.get(BASE, "/api/health/ready").statusCode() == 200);
        String key = UUID.randomUUID().toString();
        String body = "{\"name\":\"Racer\",\"email\":\"h2-race-" + UUID.randomUUID() + "@example.com\"}";
        var answers = Race.run(8, racer -> Http.send(BASE, "POST", "/api/users", Map.of("Content-Type",
                "application/json", "Idempotency-Key", key), HttpRequest.BodyPublishers.ofString(body)));
        Set<String> locations = new HashSet<>();
        Map<Integer, Integer> statuses = new TreeMap<>();
        for (var response : answers) {
            statuses.merge(response.statusCode(), 1, Integer::sum);
            if (response.statusCode() == 201) {
                locations.add(response.headers().firstValue("Location").orElseThrow());
            } else {
                assertProblem(response, 409, "urn:problem:idempotency-key-in-use");
            }
        }
        System.out.println("[idempotency] embedded, 8 concurrent repeats: " + statuses);
        assertEquals(1, locations.size(), "one user: " + statuses);
    }
}
