package com.acme.backend.security;

import java.io.StringReader;
import java.text.ParseException;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;

/**
 * Verifies bearer tokens: the signature with the identity provider's public keys (only the configured asymmetric
 * algorithm), then {@code iss}, {@code aud}, {@code exp}, {@code nbf} and {@code iat} with the clock skew. A token that
 * passes is cached, keyed by the token itself, until its {@code exp} plus the skew, so that the clients that present
 * the same token on every request (the normal case) cost a map lookup, not a signature check; the cache is dropped
 * whenever a setting changes. Settings are read from MicroProfile Config at most {@link #SETTINGS_TTL} apart (and at
 * once after the secrets file changes, see {@link #settingsChanged()}): reading them on every request was a
 * measurable share of each request's CPU.
 */
final class TokenVerifier {

    /** How stale the settings may be; the secrets file's changes are seen at once. */
    static final Duration SETTINGS_TTL = Duration.ofSeconds(1);
    /**
     * Verified tokens kept at most: a few KiB each, a few MiB in all. Beyond it, expired entries go first, then
     * arbitrary ones (they are verified again on their next use).
     */
    static final int MAX_CACHED = 2_000;

    /** The settings in force, their keys and the tokens verified under them. */
    private record State(TokenSettings settings, PublicKeys keys, ConcurrentHashMap<String, VerifiedToken> cache,
                         long readAt) {
    }

    private final Supplier<TokenSettings> settingsSource;
    private final LongSupplier nanoTime;
    private final LongSupplier currentTimeMillis;
    private volatile State state;

    TokenVerifier(Supplier<TokenSettings> settingsSource, LongSupplier nanoTime, LongSupplier currentTimeMillis) {
        this.settingsSource = settingsSource;
        this.nanoTime = nanoTime;
        this.currentTimeMillis = currentTimeMillis;
    }

    /** Makes the next verification read the settings again. */
    void settingsChanged() {
        State current = state;
        if (current != null) {
            state = new State(current.settings(), current.keys(), current.cache(),
                    current.readAt() - SETTINGS_TTL.toNanos() - 1);
        }
    }

    /** The caller the token proves, or empty when it proves none. Never throws for a bad token. */
    Optional<VerifiedToken> verify(String token) {
        State current = current();
        long now = currentTimeMillis.getAsLong();
        VerifiedToken cached = current.cache().get(token);
        if (cached != null) {
            if (now < cached.usableUntilMillis()) {
                return Optional.of(cached);
            }
            current.cache().remove(token, cached);
            return Optional.empty();
        }
        Optional<VerifiedToken> verified = verify(token, current.settings(), current.keys(), now);
        verified.ifPresent(v -> remember(current.cache(), token, v, now));
        return verified;
    }

    private State current() {
        State current = state;
        long now = nanoTime.getAsLong();
        if (current != null && now - current.readAt() <= SETTINGS_TTL.toNanos()) {
            return current;
        }
        TokenSettings settings = settingsSource.get();
        State next;
        if (current != null && current.settings().equals(settings)) {
            next = new State(settings, current.keys(), current.cache(), now);
        } else {
            PublicKeys keys = current != null && current.settings().sameKeySource(settings) ? current.keys()
                    : new PublicKeys(settings.keyLocation(), settings.inlineKey(), nanoTime);
            next = new State(settings, keys, new ConcurrentHashMap<>(), now);
        }
        state = next;
        return next;
    }

    private static void remember(ConcurrentHashMap<String, VerifiedToken> cache, String token, VerifiedToken verified,
                                 long now) {
        if (cache.size() >= MAX_CACHED) {
            cache.values().removeIf(v -> now >= v.usableUntilMillis());
            Iterator<String> oldest = cache.keySet().iterator();
            for (int i = cache.size() - MAX_CACHED * 3 / 4; i > 0 && oldest.hasNext(); i--) {
                oldest.next();
                oldest.remove();
            }
        }
        cache.put(token, verified);
    }

    static Optional<VerifiedToken> verify(String token, TokenSettings settings, PublicKeys keys, long now) {
        if (!settings.complete() || token.isEmpty() || token.length() > 16 * 1024) {
            return Optional.empty();
        }
        JWSAlgorithm algorithm = settings.algorithm().orElseThrow();
        JWSObject jws;
        try {
            // JWSObject, not SignedJWT: the payload is parsed below with JSON-P, for the claims as MP JWT types.
            jws = JWSObject.parse(token);
        } catch (ParseException e) {
            return Optional.empty(); // also "alg": "none", which is not a JWS
        }
        JWSHeader header = jws.getHeader();
        if (!algorithm.equals(header.getAlgorithm()) || header.getCriticalParams() != null && !header.getCriticalParams().isEmpty()
                || !header.isBase64URLEncodePayload()) {
            return Optional.empty();
        }
        if (!signedByOneOf(jws, keys.candidates(header.getKeyID(), algorithm), algorithm)) {
            return Optional.empty();
        }
        JsonObject claims;
        try (JsonReader reader = Json.createReader(new StringReader(jws.getPayload().toString()))) {
            claims = reader.readObject();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        long skew = settings.skew().toMillis();
        Optional<Long> exp = seconds(claims, "exp");
        Optional<Long> nbf = seconds(claims, "nbf");
        Optional<Long> iat = seconds(claims, "iat");
        if (exp.isEmpty() || exp.get() == Long.MIN_VALUE || nbf.orElse(0L) == Long.MIN_VALUE
                || iat.orElse(0L) == Long.MIN_VALUE) {
            return Optional.empty();
        }
        long usableUntil = saturatedMillis(exp.get()) + skew;
        if (now >= usableUntil
                || nbf.isPresent() && now + skew < saturatedMillis(nbf.get())
                || iat.isPresent() && now + skew < saturatedMillis(iat.get())) {
            return Optional.empty();
        }
        if (!(claims.get("iss") instanceof JsonString iss) || !iss.getString().equals(settings.issuer().orElseThrow())
                || !audienceMatches(claims.get("aud"), settings)) {
            return Optional.empty();
        }
        String name = VerifiedToken.nameOf(claims);
        if (name == null) {
            return Optional.empty();
        }
        return Optional.of(new VerifiedToken(token, claims, name, VerifiedToken.groupsOf(claims), usableUntil));
    }

    private static boolean signedByOneOf(JWSObject jws, List<JWK> candidates, JWSAlgorithm algorithm) {
        for (JWK key : candidates) {
            try {
                JWSVerifier verifier = key instanceof RSAKey rsa ? new RSASSAVerifier(rsa)
                        : new ECDSAVerifier((ECKey) key);
                if (verifier.supportedJWSAlgorithms().contains(algorithm) && jws.verify(verifier)) {
                    return true;
                }
            } catch (JOSEException | IllegalStateException e) {
                // a key that cannot verify this token: try the next
            }
        }
        return false;
    }

    private static boolean audienceMatches(JsonValue aud, TokenSettings settings) {
        if (aud instanceof JsonString single) {
            return settings.audiences().contains(single.getString());
        }
        if (aud instanceof jakarta.json.JsonArray array) {
            for (JsonValue value : array) {
                if (value instanceof JsonString s && settings.audiences().contains(s.getString())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A NumericDate claim in whole seconds; {@code Long.MIN_VALUE} when present but not a number. */
    private static Optional<Long> seconds(JsonObject claims, String name) {
        JsonValue value = claims.get(name);
        if (value == null) {
            return Optional.empty();
        }
        return Optional.of(value instanceof JsonNumber n ? (long) Math.floor(n.doubleValue()) : Long.MIN_VALUE);
    }

    private static long saturatedMillis(long seconds) {
        return seconds > Long.MAX_VALUE / 1000 / 2 ? Long.MAX_VALUE / 2
                : seconds < Long.MIN_VALUE / 1000 / 2 ? Long.MIN_VALUE / 2 : seconds * 1000;
    }
}
