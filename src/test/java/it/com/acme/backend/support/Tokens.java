package it.com.acme.backend.support;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import it.com.acme.backend.fixture.IdentityProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * Mints bearer tokens as the test identity provider would, with the keys the fixture generated, and forges bad
 * ones. Every token is remembered, issued or forged, so a test can prove where none of them ever reached.
 */
public final class Tokens {

    private static final List<String> ISSUED = Collections.synchronizedList(new ArrayList<>());
    private static final List<String> FORGED = Collections.synchronizedList(new ArrayList<>());

    private Tokens() {}

    /** A valid RS256 token for the test issuer and audience, with these groups, valid for five minutes. */
    public static String withGroups(String... groups) {
        return claims(groups).sign();
    }

    /** Claims to adjust before signing; by default valid for the test issuer and audience. */
    public static Draft claims(String... groups) {
        return new Draft(List.of(groups));
    }

    private static final String CALLER_SUBJECT = "it-caller-" + UUID.randomUUID();
    private static volatile String caller;
    private static volatile Instant callerExpires = Instant.EPOCH;

    /**
     * A token with every role, for tests about something other than authorization: users.write (which includes
     * reading) and ops. Long-lived and shared, renewed before it expires.
     */
    public static synchronized String caller() {
        if (Instant.now().plus(Duration.ofMinutes(5)).isAfter(callerExpires)) {
            callerExpires = Instant.now().plus(Duration.ofMinutes(30));
            // One subject for the whole run, renewals included: idempotency keys are the caller's own.
            caller = claims("users.write", "ops")
                    .subject(CALLER_SUBJECT)
                    .expiresIn(Duration.ofMinutes(30))
                    .sign();
        }
        return caller;
    }

    /** Every token signed with a key the identity provider holds, in this JVM so far. */
    public static List<String> issued() {
        synchronized (ISSUED) {
            return List.copyOf(ISSUED);
        }
    }

    /** Every forged or malformed token sent so far. */
    public static List<String> forged() {
        synchronized (FORGED) {
            return List.copyOf(FORGED);
        }
    }

    /** Remembers a token made elsewhere that no identity provider issued; returns it. */
    public static String forged(String token) {
        FORGED.add(token);
        return token;
    }

    /** The fixture's signing keys (RSA and EC, private parts included). */
    public static JWKSet signingKeys() {
        try {
            return JWKSet.parse(Files.readString(directory().resolve("signing-keys.json")));
        } catch (IOException | ParseException e) {
            throw new AssertionError("the fixture's signing keys cannot be read", e);
        }
    }

    /** The JWKS document the servers fetch; rewrite it to rotate keys at the identity provider. */
    public static Path jwksFile() {
        return directory().resolve("jwks.json");
    }

    public static JWK key(String keyId) {
        JWK key = signingKeys().getKeyByKeyId(keyId);
        if (key == null) {
            throw new AssertionError("no signing key " + keyId);
        }
        return key;
    }

    private static Path directory() {
        return Path.of(TestDatabase.properties().getProperty("jwt.dir"));
    }

    /** A token being built. */
    public static final class Draft {
        private final JWTClaimsSet.Builder claims;
        private JWK key = key(IdentityProvider.RSA_KEY_ID);
        private String keyId = IdentityProvider.RSA_KEY_ID;
        private boolean forged;

        Draft(List<String> groups) {
            Instant now = Instant.now();
            claims = new JWTClaimsSet.Builder()
                    .issuer(IdentityProvider.ISSUER)
                    .audience(IdentityProvider.AUDIENCE)
                    .subject("it-user-" + UUID.randomUUID())
                    .claim("upn", "it-user@example.com")
                    .claim("groups", groups)
                    .issueTime(Date.from(now))
                    .expirationTime(Date.from(now.plus(Duration.ofMinutes(5))))
                    .jwtID(UUID.randomUUID().toString());
        }

        public Draft subject(String subject) {
            claims.subject(subject);
            return this;
        }

        public Draft issuer(String issuer) {
            claims.issuer(issuer);
            return this;
        }

        public Draft audience(String audience) {
            claims.audience(audience);
            return this;
        }

        /** Expiry relative to now; negative for a token that has expired (issued five minutes before that). */
        public Draft expiresIn(Duration fromNow) {
            Instant expiry = Instant.now().plus(fromNow);
            claims.expirationTime(Date.from(expiry));
            if (fromNow.isNegative()) {
                claims.issueTime(Date.from(expiry.minus(Duration.ofMinutes(5))));
            }
            return this;
        }

        /** Issued-at and not-before relative to now; positive for a token that is not yet valid. */
        public Draft validFrom(Duration fromNow) {
            Instant start = Instant.now().plus(fromNow);
            claims.issueTime(Date.from(start)).notBeforeTime(Date.from(start));
            return this;
        }

        /** Signs with this key, announcing its key id. */
        public Draft signedWith(JWK signingKey) {
            this.key = signingKey;
            this.keyId = signingKey.getKeyID();
            return this;
        }

        /** Signs with this key but announces another key id: a forged signature. */
        public Draft signedWith(JWK signingKey, String announcedKeyId) {
            this.key = signingKey;
            this.keyId = announcedKeyId;
            this.forged = true;
            return this;
        }

        /** Marks the token as not issued by the identity provider, e.g. signed with a key it never published. */
        public Draft forged() {
            this.forged = true;
            return this;
        }

        public JWTClaimsSet build() {
            return claims.build();
        }

        public String sign() {
            try {
                JWSAlgorithm algorithm = key instanceof ECKey ? JWSAlgorithm.ES256 : JWSAlgorithm.RS256;
                JWSSigner signer = key instanceof ECKey ec ? new ECDSASigner(ec) : new RSASSASigner((RSAKey) key);
                SignedJWT jwt = new SignedJWT(
                        new JWSHeader.Builder(algorithm)
                                .keyID(keyId)
                                .type(JOSEObjectType.JWT)
                                .build(),
                        claims.build());
                jwt.sign(signer);
                String token = jwt.serialize();
                (forged ? FORGED : ISSUED).add(token);
                return token;
            } catch (JOSEException e) {
                throw new AssertionError("signing failed", e);
            }
        }
    }
}
