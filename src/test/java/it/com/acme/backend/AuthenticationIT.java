package it.com.acme.backend;

import static it.com.acme.backend.support.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;

import it.com.acme.backend.fixture.IdentityProvider;
import it.com.acme.backend.support.Http;
import it.com.acme.backend.support.ServerReady;
import it.com.acme.backend.support.Servers;
import it.com.acme.backend.support.TokenHygiene;
import it.com.acme.backend.support.Tokens;

/** Bearer-token authentication and the roles of each users operation, on the server with AUTH_MODE=jwt. */
@ExtendWith(TokenHygiene.class)
@ServerReady
class AuthenticationIT {

    private static final URI BASE = Servers.mysql();
    /** The one detail for every authentication failure (ProblemType.UNAUTHORIZED's). */
    private static final String GENERIC_DETAIL = "A valid bearer token is required.";

    private static HttpResponse<String> call(String method, String path, Map<String, String> credentials) {
        Map<String, String> headers = new HashMap<>(credentials);
        String body = "{\"name\":\"Role Check\",\"email\":\"role-" + UUID.randomUUID() + "@example.com\"}";
        boolean withBody = method.equals("POST") || method.equals("PUT");
        if (withBody) {
            headers.put("Content-Type", "application/json");
        }
        return Http.send(BASE, method, path, headers,
                withBody ? BodyPublishers.ofString(body) : BodyPublishers.noBody());
    }

    private static long existingUser() {
        HttpResponse<String> created = call("POST", "/api/users", Http.bearer(Tokens.withGroups("users.write")));
        assertEquals(201, created.statusCode(), created.body());
        return Http.json(created.body()).getJsonNumber("id").longValue();
    }

    @Test
    void eachRoleAgainstEachUsersOperation() {
        // Expected status per operation for: no token, users.read, users.write, ops only, an unrelated group.
        Map<String, int[]> expected = new LinkedHashMap<>();
        expected.put("GET /api/users", new int[] {401, 200, 200, 403, 403});
        expected.put("GET /api/users/{id}", new int[] {401, 200, 200, 403, 403});
        expected.put("POST /api/users", new int[] {401, 403, 201, 403, 403});
        expected.put("PUT /api/users/{id}", new int[] {401, 403, 200, 403, 403});
        expected.put("DELETE /api/users/{id}", new int[] {401, 403, 204, 403, 403});
        List<Map<String, String>> callers = List.of(Map.of(),
                Http.bearer(Tokens.withGroups("users.read")),
                Http.bearer(Tokens.withGroups("users.write")),
                Http.bearer(Tokens.withGroups("ops")),
                Http.bearer(Tokens.withGroups("marketing")));
        String[] names = {"no token", "users.read", "users.write", "ops", "marketing"};
        expected.forEach((operation, statuses) -> {
            for (int i = 0; i < callers.size(); i++) {
                String method = operation.substring(0, operation.indexOf(' '));
                String path = operation.substring(operation.indexOf(' ') + 1);
                if (path.contains("{id}")) {
                    path = path.replace("{id}", String.valueOf(existingUser()));
                }
                HttpResponse<String> response = call(method, path, callers.get(i));
                String what = operation + " as " + names[i];
                assertEquals(statuses[i], response.statusCode(), what + ": " + response.body());
                if (statuses[i] == 401) {
                    assertUnauthorized(response);
                } else if (statuses[i] == 403) {
                    JsonObject problem = assertProblem(response, 403, "urn:problem:forbidden");
                    assertTrue(problem.getString("detail").contains("users."), what + ": names the roles needed");
                }
            }
        });
    }

    private static void assertUnauthorized(HttpResponse<String> response) {
        JsonObject problem = assertProblem(response, 401, "urn:problem:unauthorized");
        assertEquals(GENERIC_DETAIL, problem.getString("detail"), "one detail for every failure, no hints");
        assertTrue(response.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"),
                "WWW-Authenticate names the Bearer scheme");
    }

    @Test
    void everyKindOfBadTokenIs401WithTheSameAnswer() throws Exception {
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("malformed", Tokens.forged("not-a-jwt"));
        bad.put("three garbage parts", Tokens.forged("abc.def.ghi"));
        bad.put("expired", Tokens.claims("users.read").expiresIn(Duration.ofMinutes(-5)).sign());
        bad.put("not yet valid", Tokens.claims("users.read").validFrom(Duration.ofMinutes(5))
                .expiresIn(Duration.ofMinutes(10)).sign());
        bad.put("wrong issuer", Tokens.claims("users.read").issuer("https://evil.example/realms/backend").sign());
        bad.put("wrong audience", Tokens.claims("users.read").audience("another-service").sign());
        RSAKey stranger = new RSAKeyGenerator(2048).keyID(IdentityProvider.RSA_KEY_ID).generate();
        bad.put("bad signature", Tokens.claims("users.read").signedWith(stranger, IdentityProvider.RSA_KEY_ID).sign());
        bad.put("unknown key", Tokens.claims("users.read").signedWith(
                new RSAKeyGenerator(2048).keyID("never-published").generate()).forged().sign());
        bad.put("alg none", algNone());
        bad.put("HS256 keyed with the public key", hs256WithThePublicKey());
        Map<String, HttpResponse<String>> answers = new LinkedHashMap<>();
        bad.forEach((what, token) -> answers.put(what, Http.get(BASE, "/api/users?limit=1", token)));
        answers.put("Basic instead of Bearer", Http.send(BASE, "GET", "/api/users?limit=1",
                Map.of("Authorization", "Basic " + Base64.getEncoder().encodeToString("a:b".getBytes())),
                BodyPublishers.noBody()));
        answers.put("empty bearer", Http.send(BASE, "GET", "/api/users?limit=1", Map.of("Authorization", "Bearer "),
                BodyPublishers.noBody()));
        answers.forEach((what, response) -> {
            assertEquals(401, response.statusCode(), what + ": " + response.body());
            assertUnauthorized(response);
        });
        bad.forEach((what, token) -> answers.values().forEach(response ->
                assertFalse(response.body().contains(token), what + ": the token is not echoed")));
    }

    private static String algNone() {
        PlainJWT plain = new PlainJWT(Tokens.claims("users.write", "ops").build());
        return Tokens.forged(plain.serialize());
    }

    private static String hs256WithThePublicKey() throws JOSEException {
        RSAKey published = Tokens.key(IdentityProvider.RSA_KEY_ID).toRSAKey().toPublicJWK();
        RSAPublicKey publicKey = published.toRSAPublicKey();
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(publicKey.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(IdentityProvider.RSA_KEY_ID)
                .build(), Tokens.claims("users.write", "ops").build());
        jwt.sign(new MACSigner(pem.getBytes(StandardCharsets.US_ASCII)));
        return Tokens.forged(jwt.serialize());
    }

    @Test
    void clockSkewIsToleratedUpToAMinute() {
        String justExpired = Tokens.claims("users.read").expiresIn(Duration.ofSeconds(-20)).sign();
        assertEquals(200, Http.get(BASE, "/api/users?limit=1", justExpired).statusCode(),
                "expired 20 s ago: within the 60 s skew");
        String longExpired = Tokens.claims("users.read").expiresIn(Duration.ofSeconds(-150)).sign();
        assertUnauthorized(Http.get(BASE, "/api/users?limit=1", longExpired));
    }

    @Test
    void aValidTokenWithTheRoleIsServed() {
        HttpResponse<String> response = Http.get(BASE, "/api/users?limit=1", Tokens.withGroups("users.read"));
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(null));
    }
}
