package it.com.acme.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.UUID;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.acme.backend.client.NewUser;
import com.acme.backend.client.User;

import it.com.acme.backend.support.Race;
import it.com.acme.backend.support.ServerReady;
import it.com.acme.backend.support.Servers;
import it.com.acme.backend.support.Tokens;
import it.com.acme.backend.support.UsersApi;

/** Races that the database's unique index and the version column decide: no deadlock, no 500, one winner. */
@ServerReady
class ConcurrencyIT {

    private final UsersApi api = Servers.users(Servers.mysql(), Tokens.caller());

    @Test
    void concurrentCreatesWithOneEmailGiveOne201AndOnly409s() throws Exception {
        String email = "race-" + UUID.randomUUID() + "@example.com";
        Map<Integer, Long> statuses = race(32, i -> api.create(new NewUser("Racer " + i, email)).getStatus());
        assertEquals(Map.of(201, 1L, 409, 31L), statuses);
    }

    @Test
    void concurrentReplacesWithOneIfMatchGiveOne200AndOnly412s() throws Exception {
        User user = api.create(new NewUser("Target", "target-" + UUID.randomUUID() + "@example.com"))
                .readEntity(User.class);
        Map<Integer, Long> statuses = race(16, i -> api.replace(String.valueOf(user.id()), "\"1\"",
                new NewUser("Writer " + i, user.email())).getStatus());
        assertEquals(Map.of(200, 1L, 412, 15L), statuses);
    }

    private static Map<Integer, Long> race(int threads, IntFunction<Integer> call) throws Exception {
        return Race.run(threads, call).stream().collect(Collectors.groupingBy(s -> s, Collectors.counting()));
    }
}
