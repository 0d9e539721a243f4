package com.acme.backend.security;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.eclipse.microprofile.config.Config;

import com.nimbusds.jose.JWSAlgorithm;

/**
 * What a bearer token must satisfy, from the standard MicroProfile JWT keys ({@code mp.jwt.verify.*}), which may come
 * from the environment or the secrets file. A value object: two reads of unchanged configuration are equal, so the
 * verified-token cache survives a re-read and is dropped when anything here changes.
 *
 * @param issuer     the only accepted {@code iss}
 * @param audiences  accepted {@code aud} values, any one of which suffices
 * @param algorithm  the one accepted signature algorithm; empty when the configured one is not an asymmetric JWS
 *                   algorithm this service accepts (then no token is accepted)
 * @param keyLocation where the public keys are: a JWKS or PEM at an http(s) URL, a file or a class-path resource
 * @param inlineKey  the public key itself (PEM, JWK or JWKS), when no location is set
 * @param skew       the clock skew tolerated on {@code exp}, {@code nbf} and {@code iat}
 */
record TokenSettings(Optional<String> issuer, Set<String> audiences, Optional<JWSAlgorithm> algorithm,
                     Optional<String> keyLocation, Optional<String> inlineKey, Duration skew) {

    static final String ISSUER = "mp.jwt.verify.issuer";
    static final String AUDIENCES = "mp.jwt.verify.audiences";
    static final String KEY_LOCATION = "mp.jwt.verify.publickey.location";
    static final String KEY = "mp.jwt.verify.publickey";
    static final String ALGORITHM = "mp.jwt.verify.publickey.algorithm";
    static final String CLOCK_SKEW = "mp.jwt.verify.clock.skew";

    /** Liberty's clock skew for the same tokens before this service verified them itself (server.xml's mpJwt). */
    static final Duration DEFAULT_SKEW = Duration.ofSeconds(60);
    /** Liberty's own default: a larger configured skew is taken as a mistake. */
    static final Duration MAX_SKEW = Duration.ofMinutes(5);

    /** Asymmetric algorithms only: an HMAC "public key" would let anyone who reads the JWKS sign tokens. */
    static final Set<JWSAlgorithm> ACCEPTED = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256, JWSAlgorithm.ES384,
            JWSAlgorithm.ES512);

    static TokenSettings read(Config config) {
        Optional<JWSAlgorithm> algorithm = value(config, ALGORITHM).or(() -> Optional.of("RS256"))
                .map(JWSAlgorithm::parse).filter(ACCEPTED::contains);
        Set<String> audiences = value(config, AUDIENCES)
                .map(v -> Arrays.stream(v.split(",")).map(String::strip).filter(a -> !a.isEmpty())
                        .collect(Collectors.toUnmodifiableSet()))
                .orElse(Set.of());
        return new TokenSettings(value(config, ISSUER), audiences, algorithm, value(config, KEY_LOCATION),
                value(config, KEY), skew(value(config, CLOCK_SKEW)));
    }

    private static Duration skew(Optional<String> seconds) {
        try {
            return seconds.map(Long::parseLong).map(Duration::ofSeconds)
                    .filter(d -> !d.isNegative() && d.compareTo(MAX_SKEW) <= 0).orElse(DEFAULT_SKEW);
        } catch (NumberFormatException e) {
            return DEFAULT_SKEW;
        }
    }

    private static Optional<String> value(Config config, String key) {
        return config.getOptionalValue(key, String.class).map(String::strip).filter(v -> !v.isEmpty());
    }

    /** Whether a token can be accepted at all: issuer, audiences, algorithm and a key source are set. */
    boolean complete() {
        return issuer.isPresent() && !audiences.isEmpty() && algorithm.isPresent()
                && (keyLocation.isPresent() || inlineKey.isPresent());
    }

    /** Whether the keys come from the same place as in {@code other}, so that fetched keys can be kept. */
    boolean sameKeySource(TokenSettings other) {
        return keyLocation.equals(other.keyLocation) && inlineKey.equals(other.inlineKey);
    }

    /** Never the inline key itself. */
    @Override
    public String toString() {
        return "TokenSettings[issuer=" + issuer.orElse("") + ", audiences=" + audiences + ", algorithm="
                + algorithm.map(JWSAlgorithm::getName).orElse("?") + ", keys=" + keyLocation.orElse(
                inlineKey.isPresent() ? "inline" : "") + ", skew=" + skew + "]";
    }
}
