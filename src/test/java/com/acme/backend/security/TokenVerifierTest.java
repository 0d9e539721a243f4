package com.acme.backend.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;

/** The token checks, the verified-token cache and the key fetching, on a controlled clock and a local JWKS server. */
class TokenVerifierTest {

    private static final String ISSUER = "https://idp.example/realms/test";
    private static final String AUDIENCE = "backend";
    private static RSAKey rsa;
    private static RSAKey rotated;
    private static ECKey ec;

    private final AtomicLong millis = new AtomicLong(1_800_000_000_000L);
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final AtomicInteger fetches = new AtomicInteger();
    private final AtomicReference<String> published = new AtomicReference<>();
    private final AtomicInteger failWith = new AtomicInteger();
    private HttpServer jwks;

    @BeforeAll
    static void keys() throws JOSEException {
        rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
        rotated = new RSAKeyGenerator(2048).keyID("rsa-2").generate();
        ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
    }

    @AfterEach
    void stop() {
        if (jwks != null) {
            jwks.stop(0);
        }
    }

    private String serve(JWKSet set) throws IOException {
        published.set(set.toPublicJWKSet().toString());
        jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        jwks.createContext("/jwks.json", exchange -> {
            fetches.incrementAndGet();
            byte[] body = published.get().getBytes(StandardCharsets.UTF_8);
            int status = failWith.get() == 0 ? 200 : failWith.get();
            exchange.sendResponseHeaders(status, status == 200 ? body.length : -1);
            if (status == 200) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        jwks.start();
        return "http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks.json";
    }

    private TokenSettings settings(String location, String algorithm) {
        return new TokenSettings(Optional.of(ISSUER), Set.of(AUDIENCE, "other"),
                Optional.of(JWSAlgorithm.parse(algorithm)).filter(TokenSettings.ACCEPTED::contains),
                Optional.ofNullable(location), Optional.empty(), Duration.ofSeconds(60));
    }

    private TokenVerifier verifier(AtomicReference<TokenSettings> settings) {
        return new TokenVerifier(settings::get, nanos::get, millis::get);
    }

    private TokenVerifier verifier(TokenSettings settings) {
        return verifier(new AtomicReference<>(settings));
    }

    private JWTClaimsSet.Builder claims() {
        Date now = new Date(millis.get());
        return new JWTClaimsSet.Builder().issuer(ISSUER).audience(AUDIENCE).subject("user-1")
                .claim("upn", "user@example.com").claim("groups", List.of("users.read", "ops"))
                .issueTime(now).expirationTime(new Date(millis.get() + 300_000));
    }

    private static String sign(JWTClaimsSet claims, RSAKey key) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private void advance(Duration by) {
        millis.addAndGet(by.toMillis());
        nanos.addAndGet(by.toNanos());
    }

    @Test
    void aValidTokenIsTheCallerWithItsClaimsAndIsVerifiedOnce() throws Exception {
        TokenVerifier verifier = verifier(settings(serve(new JWKSet(List.of(rsa, ec))), "RS256"));
        String token = sign(claims().claim("tenant", "acme").build(), rsa);
        VerifiedToken caller = verifier.verify(token).orElseThrow();
        assertEquals("user@example.com", caller.getName());
        assertEquals("user-1", caller.getSubject());
        assertEquals(ISSUER, caller.getIssuer());
        assertEquals(Set.of(AUDIENCE), caller.getAudience());
        assertEquals(Set.of("users.read", "ops"), caller.getGroups());
        assertEquals(millis.get() / 1000 + 300, caller.getExpirationTime());
        assertEquals(token, caller.getRawToken());
        assertEquals("acme", ((jakarta.json.JsonString) caller.getClaim("tenant")).getString());
        assertTrue(caller.isInGroup("ops") && !caller.isInGroup("users.write"));
        assertFalse(caller.toString().contains(token), "no token in a log line");
        assertSame(caller, verifier.verify(token).orElseThrow(), "the second use is the cached caller");
        assertEquals(1, fetches.get(), "the keys are fetched once");
        JsonWebToken anonymous = VerifiedToken.ANONYMOUS;
        assertNull(anonymous.getName());
        assertNull(anonymous.getSubject());
        assertTrue(anonymous.getGroups().isEmpty());
    }

    @Test
    void everyBadTokenIsRefused() throws Exception {
        TokenVerifier verifier = verifier(settings(serve(new JWKSet(List.of(rsa, ec))), "RS256"));
        assertFalse(verifier.verify("").isPresent(), "empty");
        assertFalse(verifier.verify("not-a-jwt").isPresent(), "malformed");
        assertFalse(verifier.verify("abc.def.ghi").isPresent(), "three garbage parts");
        assertFalse(verifier.verify(sign(claims().issuer("https://evil.example").build(), rsa)).isPresent(), "issuer");
        assertFalse(verifier.verify(sign(claims().audience("another").build(), rsa)).isPresent(), "audience");
        assertFalse(verifier.verify(sign(claims().audience(List.of()).build(), rsa)).isPresent(), "no audience");
        assertFalse(verifier.verify(sign(claims().expirationTime(null).build(), rsa)).isPresent(), "no exp");
        assertFalse(verifier.verify(sign(claims().subject(null).claim("upn", null).build(), rsa)).isPresent(),
                "no name");
        assertFalse(verifier.verify(sign(claims().notBeforeTime(new Date(millis.get() + 300_000)).build(), rsa))
                .isPresent(), "not yet valid");
        assertFalse(verifier.verify(sign(claims().issueTime(new Date(millis.get() + 300_000)).build(), rsa))
                .isPresent(), "issued in the future");
        RSAKey stranger = new RSAKeyGenerator(2048).keyID(rsa.getKeyID()).generate();
        assertFalse(verifier.verify(sign(claims().build(), stranger)).isPresent(), "bad signature, known key id");
        assertFalse(verifier.verify(new PlainJWT(claims().build()).serialize()).isPresent(), "alg none");
        SignedJWT hs = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(rsa.getKeyID()).build(),
                claims().build());
        hs.sign(new MACSigner(rsa.toPublicJWK().toJSONString().repeat(2).getBytes(StandardCharsets.UTF_8)));
        assertFalse(verifier.verify(hs.serialize()).isPresent(), "HS256 with the public key as secret");
        SignedJWT es = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(ec.getKeyID()).build(),
                claims().build());
        es.sign(new ECDSASigner(ec));
        assertFalse(verifier.verify(es.serialize()).isPresent(), "a valid ES256 token while RS256 is configured");
        String good = sign(claims().build(), rsa);
        assertFalse(verifier.verify(good.substring(0, good.length() - 4) + "AAAA").isPresent(), "tampered");
    }

    @Test
    void aTokenIsRefusedOncePastExpPlusTheSkewEvenWhenCached() throws Exception {
        TokenVerifier verifier = verifier(settings(serve(new JWKSet(rsa)), "RS256"));
        String expiredRecently = sign(claims().expirationTime(new Date(millis.get() - 20_000)).build(), rsa);
        assertTrue(verifier.verify(expiredRecently).isPresent(), "20 s past exp: within the 60 s skew");
        String expiredLongAgo = sign(claims().expirationTime(new Date(millis.get() - 150_000)).build(), rsa);
        assertFalse(verifier.verify(expiredLongAgo).isPresent(), "150 s past exp");

        String token = sign(claims().expirationTime(new Date(millis.get() + 30_000)).build(), rsa);
        assertTrue(verifier.verify(token).isPresent());
        advance(Duration.ofSeconds(89));
        assertTrue(verifier.verify(token).isPresent(), "exp + 59 s");
        advance(Duration.ofSeconds(1));
        assertFalse(verifier.verify(token).isPresent(), "exp + 60 s: refused, although it was cached");
        assertFalse(verifier.verify(token).isPresent(), "and stays refused");
    }

    @Test
    void anUnknownKeyIdFetchesTheKeysAgainAtMostEveryTenSeconds() throws Exception {
        TokenVerifier verifier = verifier(settings(serve(new JWKSet(rsa)), "RS256"));
        assertTrue(verifier.verify(sign(claims().build(), rsa)).isPresent());
        assertEquals(1, fetches.get());
        String next = sign(claims().build(), rotated);
        for (int i = 0; i < 50; i++) {
            assertFalse(verifier.verify(next).isPresent(), "not published yet");
        }
        assertEquals(1, fetches.get(), "within 10 s of the last fetch: no new fetch, however many tokens");
        published.set(new JWKSet(List.of(rsa, rotated)).toPublicJWKSet().toString());
        advance(Duration.ofSeconds(11));
        assertTrue(verifier.verify(next).isPresent(), "the new key, fetched once 10 s have passed");
        assertEquals(2, fetches.get());
        assertTrue(verifier.verify(sign(claims().build(), rsa)).isPresent(), "the old key too");
        assertEquals(2, fetches.get());
    }

    @Test
    void anOutageOfTheIdentityProviderKeepsTheKnownKeys() throws Exception {
        TokenVerifier verifier = verifier(settings(serve(new JWKSet(rsa)), "RS256"));
        assertTrue(verifier.verify(sign(claims().build(), rsa)).isPresent());
        failWith.set(503);
        advance(PublicKeys.MAX_AGE.plusSeconds(1));
        assertTrue(verifier.verify(sign(claims().build(), rsa)).isPresent(), "stale keys, refetch failed: kept");
        assertEquals(2, fetches.get());
        assertFalse(verifier.verify(sign(claims().build(), rotated)).isPresent(), "an unknown key stays unknown");
        advance(PublicKeys.MAX_STALE);
        assertFalse(verifier.verify(sign(claims().build(), rsa)).isPresent(), "keys fetched a day ago: no longer");
        failWith.set(0);
        advance(Duration.ofSeconds(11));
        published.set(new JWKSet(List.of(rsa, rotated)).toPublicJWKSet().toString());
        assertTrue(verifier.verify(sign(claims().build(), rotated)).isPresent(), "back: the new key is fetched");
    }

    @Test
    void aChangedSettingDropsTheCache() throws Exception {
        String location = serve(new JWKSet(List.of(rsa, ec)));
        AtomicReference<TokenSettings> settings = new AtomicReference<>(settings(location, "RS256"));
        TokenVerifier verifier = verifier(settings);
        String token = sign(claims().build(), rsa);
        assertTrue(verifier.verify(token).isPresent());
        settings.set(settings(location, "ES256"));
        verifier.settingsChanged();
        assertFalse(verifier.verify(token).isPresent(), "RS256 no longer accepted, cached or not");
        SignedJWT es = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(ec.getKeyID()).build(),
                claims().build());
        es.sign(new ECDSASigner(ec));
        assertTrue(verifier.verify(es.serialize()).isPresent(), "ES256 now");
        assertEquals(1, fetches.get(), "the same key location: the fetched keys are kept");

        settings.set(new TokenSettings(Optional.of("https://another.example"), Set.of(AUDIENCE),
                Optional.of(JWSAlgorithm.ES256), Optional.of(location), Optional.empty(), Duration.ofSeconds(60)));
        advance(TokenVerifier.SETTINGS_TTL.plusMillis(1));
        assertFalse(verifier.verify(es.serialize()).isPresent(), "another issuer, seen within a second");
    }

    @Test
    void incompleteSettingsAcceptNothing() throws Exception {
        String location = serve(new JWKSet(rsa));
        String token = sign(claims().build(), rsa);
        assertFalse(verifier(new TokenSettings(Optional.empty(), Set.of(AUDIENCE), Optional.of(JWSAlgorithm.RS256),
                Optional.of(location), Optional.empty(), Duration.ofSeconds(60))).verify(token).isPresent(), "issuer");
        assertFalse(verifier(new TokenSettings(Optional.of(ISSUER), Set.of(), Optional.of(JWSAlgorithm.RS256),
                Optional.of(location), Optional.empty(), Duration.ofSeconds(60))).verify(token).isPresent(), "aud");
        assertFalse(verifier(settings(location, "HS256")).verify(token).isPresent(), "a symmetric algorithm");
        assertFalse(verifier(settings(null, "RS256")).verify(token).isPresent(), "no keys");
    }

    @Test
    void anInlinePemOrJwksKeyWorks() throws Exception {
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + java.util.Base64.getMimeEncoder().encodeToString(rsa.toRSAPublicKey().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        for (String inline : List.of(pem, new JWKSet(rsa).toPublicJWKSet().toString(),
                rsa.toPublicJWK().toJSONString())) {
            TokenSettings settings = new TokenSettings(Optional.of(ISSUER), Set.of(AUDIENCE),
                    Optional.of(JWSAlgorithm.RS256), Optional.empty(), Optional.of(inline), Duration.ofSeconds(60));
            assertTrue(verifier(settings).verify(sign(claims().build(), rsa)).isPresent(), inline);
        }
        assertFalse(settingsToString(pem).contains("BEGIN"), "no key material in toString");
    }

    private static String settingsToString(String inline) {
        return new TokenSettings(Optional.of(ISSUER), Set.of(AUDIENCE), Optional.of(JWSAlgorithm.RS256),
                Optional.empty(), Optional.of(inline), Duration.ofSeconds(60)).toString();
    }
}
