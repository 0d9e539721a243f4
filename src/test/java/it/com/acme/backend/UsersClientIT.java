package it.com.acme.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.Test;

import com.acme.backend.client.NewUser;
import com.acme.backend.client.ProblemDetails;
import com.acme.backend.client.User;
import com.acme.backend.client.UsersApiException;
import com.acme.backend.client.UsersClient;

import it.com.acme.backend.support.ServerReady;
import it.com.acme.backend.support.Servers;
import it.com.acme.backend.support.Tokens;

/** The consumers' typed client (client/) against the real service: data in, data out, failures as typed exceptions. */
@ServerReady
class UsersClientIT {

    private static final URI BASE = Servers.mysql();
    private final UsersClient writer = Servers.client(BASE, Tokens.caller());

    private static NewUser someone(String name) {
        return new NewUser(name, "client-" + UUID.randomUUID() + "@example.com");
    }

    @Test
    void createReadListReplaceDelete() {
        User created = writer.create(someone("Grace Hopper"));
        assertEquals("Grace Hopper", writer.get(created.id()).name());

        List<User> page = writer.list(0, 100);
        assertTrue(page.size() <= 100 && !page.isEmpty());
        try (Response withHeaders = writer.listWithHeaders(0, 1)) {
            assertTrue(Long.parseLong(withHeaders.getHeaderString("X-Total-Count")) >= 1);
        }

        String etag;
        try (Response response = writer.getWithEtag(created.id())) {
            etag = response.getHeaderString("ETag");
        }
        User renamed = writer.replace(created.id(), etag, new NewUser("Grace B. Hopper", created.email()));
        assertEquals("Grace B. Hopper", renamed.name());

        writer.delete(created.id());
        UsersApiException.NotFound gone = assertThrows(UsersApiException.NotFound.class, () -> writer.get(created.id()));
        assertEquals("urn:problem:not-found", gone.problem().type());
        assertTrue(gone.problem().requestId() != null && !gone.problem().requestId().isBlank(), "the request id");
    }

    @Test
    void everyHandledFailureIsItsOwnException() {
        User created = writer.create(someone("Ada"));
        UsersApiException.InvalidRequest invalid = assertThrows(UsersApiException.InvalidRequest.class,
                () -> writer.create(new NewUser("", "not-an-email")));
        assertTrue(invalid.problem().errors().stream().map(ProblemDetails.FieldError::field).toList()
                .containsAll(List.of("name", "email")), invalid.problem().toString());

        assertThrows(UsersApiException.Conflict.class, () -> writer.create(new NewUser("Twin", created.email())));
        assertThrows(UsersApiException.PreconditionFailed.class,
                () -> writer.replace(created.id(), "\"999\"", new NewUser("Stale", created.email())));
        assertThrows(UsersApiException.PayloadTooLarge.class,
                () -> writer.create(new NewUser("x".repeat(70_000), "big@example.com")));

        assertThrows(UsersApiException.AuthenticationRequired.class, () -> Servers.client(BASE, null).get(created.id()));
        UsersApiException.AccessDenied denied = assertThrows(UsersApiException.AccessDenied.class,
                () -> Servers.client(BASE, Tokens.withGroups("users.read")).delete(created.id()));
        assertEquals(403, denied.status());
    }

    @Test
    void aCreateWithAKeyIsSafeToRepeat() {
        String key = UUID.randomUUID().toString();
        NewUser user = someone("Once");
        User first = writer.create(key, user);
        User repeat = writer.create(key, user);
        assertEquals(first.id(), repeat.id(), "the repeat answers with the same user");
        UsersApiException.IdempotencyKeyReused reused = assertThrows(UsersApiException.IdempotencyKeyReused.class,
                () -> writer.create(key, someone("Other")));
        assertEquals("urn:problem:idempotency-key-reused", reused.problem().type());
    }

    @Test
    void unavailableCarriesRetryAfter() {
        Servers.awaitLive(Servers.unconfigured());
        UsersApiException.Unavailable unavailable = assertThrows(UsersApiException.Unavailable.class,
                () -> Servers.client(Servers.unconfigured(), Tokens.caller()).list(0, 1));
        assertTrue(unavailable.retryAfterSeconds() > 0);
        assertEquals("urn:problem:service-unavailable", unavailable.problem().type());
    }
}
