package it.com.acme.backend;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;

import it.com.acme.backend.fixture.IdentityProvider;
import it.com.acme.backend.support.Http;
import it.com.acme.backend.support.SecretsFile;
import it.com.acme.backend.support.ServerReady;
import it.com.acme.backend.support.Servers;
import it.com.acme.backend.support.TokenHygiene;
import it.com.acme.backend.support.Tokens;

/**
 * What the identity provider and the operators change while the service runs: a new signing key in the JWKS, and
 * the signature algorithm, set in the secrets file. Both apply without a restart.
 */
@ExtendWith(TokenHygiene.class)
@ServerReady
class KeyRotationIT {

    private static final URI BASE = Servers.mysql();
    private static final Duration WITHIN = Duration.ofSeconds(45);

    private static int status(String token) {
        return Http.get(BASE, "/api/users?limit=1", token).statusCode();
    }

    @Test
    void aKeyPublishedByTheIdentityProviderIsTrustedWithoutRestart() throws Exception {
        String original = Files.readString(Tokens.jwksFile());
        RSAKey next = new RSAKeyGenerator(2048).keyID("it-rsa-" + UUID.randomUUID()).generate();
        try {
            assertEquals(401, status(Tokens.claims("users.read").signedWith(next).sign()), "not published yet");

            List<JWK> published = new ArrayList<>(JWKSet.parse(original).getKeys());
            published.add(next.toPublicJWK());
            IdentityProvider.writeAtomically(Tokens.jwksFile(), new JWKSet(published).toString());

            await("a token signed with the new key").atMost(WITHIN).pollInterval(Duration.ofMillis(500))
                    .until(() -> status(Tokens.claims("users.read").signedWith(next).sign()) == 200);
            assertEquals(200, status(Tokens.withGroups("users.read")), "the old key still works during the overlap");
        } finally {
            IdentityProvider.writeAtomically(Tokens.jwksFile(), original);
        }
    }

    @Test
    void es256OnceTheSecretsFileSaysSo() throws Exception {
        JWK ec = Tokens.key(IdentityProvider.EC_KEY_ID);
        try {
            assertEquals(401, status(Tokens.claims("users.read").signedWith(ec).sign()), "RS256 is configured");
            SecretsFile.renderWith("mp.jwt.verify.publickey.algorithm", "ES256");
            await("an ES256 token").atMost(WITHIN).pollInterval(Duration.ofMillis(500))
                    .until(() -> status(Tokens.claims("users.read").signedWith(ec).sign()) == 200);
            assertEquals(401, status(Tokens.withGroups("users.read")), "only the configured algorithm is accepted");
        } finally {
            SecretsFile.renderWith("mp.jwt.verify.publickey.algorithm", null);
            await("RS256 again").atMost(WITHIN).pollInterval(Duration.ofMillis(500))
                    .until(() -> status(Tokens.withGroups("users.read")) == 200);
        }
    }
}
