package it.com.acme.backend;

import static it.com.acme.backend.support.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.acme.backend.client.NewUser;
import com.acme.backend.client.User;
import com.acme.backend.client.UserChange;
import com.acme.backend.client.UsersApiException;
import com.acme.backend.client.UsersClient;
import com.nimbusds.jwt.SignedJWT;

import it.com.acme.backend.support.Http;
import it.com.acme.backend.support.ServerReady;
import it.com.acme.backend.support.Servers;
import it.com.acme.backend.support.Tokens;

/** GET /api/users/{id}/changes: the audit trail records every write, who made it, and outlives the user. */
@ServerReady
class UserChangesIT {

    private static final URI BASE = Servers.mysql();

    @Test
    void everyWriteIsRecordedWithItsActorAndFieldsButNoValues() throws ParseException {
        String token = Tokens.withGroups("users.write");
        UsersClient writer = Servers.client(BASE, token);
        String email = "audit-" + UUID.randomUUID() + "@example.com";
        User created = writer.create(new NewUser("Audited", email));
        writer.replace(created.id(), null, new NewUser("Audited Again", email));
        writer.replace(created.id(), null, new NewUser("Audited Again", "moved-" + email));
        writer.replace(created.id(), null, new NewUser("Audited Again", "moved-" + email));
        writer.delete(created.id());

        List<UserChange> trail = Servers.client(BASE, Tokens.withGroups("users.read")).changes(created.id(), null, null);
        assertEquals(List.of("CREATED", "REPLACED", "REPLACED", "REPLACED", "DELETED"),
                trail.stream().map(UserChange::action).toList());
        assertEquals(List.of(List.of("name", "email"), List.of("name"), List.of("email"), List.of(), List.of()),
                trail.stream().map(UserChange::fields).toList());
        String subject = SignedJWT.parse(token).getJWTClaimsSet().getSubject();
        assertTrue(trail.stream().allMatch(c -> c.actor().equals(subject)), "the token's subject, not its email");
        assertTrue(trail.stream().allMatch(c -> c.userId() == created.id()));
        for (int i = 1; i < trail.size(); i++) {
            assertFalse(trail.get(i).at().isBefore(trail.get(i - 1).at()), "in order");
        }
        HttpResponse<String> raw = Http.get(BASE, "/api/users/" + created.id() + "/changes", token);
        assertFalse(raw.body().contains(email), "no values in the trail");
        assertEquals("5", raw.headers().firstValue("X-Total-Count").orElse(null));
        assertEquals("no-store", raw.headers().firstValue("Cache-Control").orElse(null));
    }

    @Test
    void pagesLikeTheUsersList() {
        UsersClient writer = Servers.client(BASE, Tokens.caller());
        String email = "paged-" + UUID.randomUUID() + "@example.com";
        User created = writer.create(new NewUser("Paged", email));
        for (int i = 0; i < 4; i++) {
            writer.replace(created.id(), null, new NewUser("Paged " + i, email));
        }
        assertEquals(2, writer.changes(created.id(), 0, 2).size());
        assertEquals("REPLACED", writer.changes(created.id(), 4, 2).get(0).action());
        assertTrue(writer.changes(created.id(), 5, 2).isEmpty());
        HttpResponse<String> page = Http.get(BASE, "/api/users/" + created.id() + "/changes?offset=2&limit=2",
                Tokens.caller());
        String link = page.headers().firstValue("Link").orElse("");
        assertTrue(link.contains("/api/users/" + created.id() + "/changes?offset=4&limit=2>; rel=\"next\""), link);
        assertProblem(Http.get(BASE, "/api/users/" + created.id() + "/changes?limit=0", Tokens.caller()), 400,
                "urn:problem:validation");
    }

    @Test
    void unknownUsersAndMissingRolesAreRefused() {
        assertThrows(UsersApiException.NotFound.class,
                () -> Servers.client(BASE, Tokens.caller()).changes(999_999_999L, null, null));
        assertProblem(Http.get(BASE, "/api/users/abc/changes", Tokens.caller()), 404, "urn:problem:not-found");
        assertProblem(Http.get(BASE, "/api/users/1/changes"), 401, "urn:problem:unauthorized");
        assertProblem(Http.get(BASE, "/api/users/1/changes", Tokens.withGroups("ops")), 403, "urn:problem:forbidden");
    }
}
