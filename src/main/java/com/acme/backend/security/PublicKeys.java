package com.acme.backend.security;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;

/**
 * The identity provider's public keys, from {@code mp.jwt.verify.publickey.location} (a JWKS or PEM at an http(s) URL,
 * a file or a class-path resource) or inline from {@code mp.jwt.verify.publickey}. Fetched on first use, again when a
 * token names a key not in the set (at most once per {@link #REFETCH_INTERVAL}, however many such tokens arrive),
 * and when the set is older than {@link #MAX_AGE}. A failed fetch keeps the last good set, for at most
 * {@link #MAX_STALE}: an outage of the identity provider does not lock out callers whose keys are known.
 */
final class PublicKeys {

    private static final Logger LOG = Logger.getLogger(PublicKeys.class.getName());

    /** How often at most the keys are fetched because of an unknown key id or a failure, as Liberty's JWKS cache. */
    static final Duration REFETCH_INTERVAL = Duration.ofSeconds(10);
    /** How long a fetched set is used before it is fetched again, so that a withdrawn key stops being trusted. */
    static final Duration MAX_AGE = Duration.ofMinutes(5);
    /** How long the last fetched set stays in use while the identity provider cannot be reached. */
    static final Duration MAX_STALE = Duration.ofHours(24);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration FETCH_TIMEOUT = Duration.ofSeconds(5);
    /** A JWKS is a few KiB; anything much larger is not one. */
    private static final int MAX_DOCUMENT_BYTES = 512 * 1024;

    private final Optional<String> location;
    private final Optional<String> inline;
    private final LongSupplier nanoTime;
    private final ReentrantLock fetching = new ReentrantLock();
    private volatile List<JWK> keys; // null until the first successful load
    private volatile long loadedAt;
    private volatile long lastAttempt;
    private volatile boolean attempted;
    private volatile boolean failing;
    private static volatile HttpClient http;

    PublicKeys(Optional<String> location, Optional<String> inline, LongSupplier nanoTime) {
        this.location = location;
        this.inline = inline;
        this.nanoTime = nanoTime;
    }

    /**
     * The keys that could have signed a token with this key id (null: none named) and algorithm. When none could and
     * the id is unknown, fetches the set again first, subject to the rate limit.
     */
    List<JWK> candidates(String keyId, JWSAlgorithm algorithm) {
        List<JWK> current = keys;
        if (current == null || (location.isPresent() && age() > MAX_AGE.toNanos())) {
            current = load(current == null);
        }
        List<JWK> matching = select(current, keyId, algorithm);
        if (matching.isEmpty() && location.isPresent()) {
            matching = select(load(true), keyId, algorithm);
        }
        return matching;
    }

    private long age() {
        return nanoTime.getAsLong() - loadedAt;
    }

    /** The keys, unless the provider has been unreachable too long to trust what it published then. */
    private List<JWK> usable() {
        List<JWK> current = keys;
        return current == null || location.isPresent() && age() > MAX_STALE.toNanos() ? List.of() : current;
    }

    /**
     * Loads the keys unless the last attempt was less than {@link #REFETCH_INTERVAL} ago; returns the current set.
     * With {@code wait}, waits for a load in progress (the caller needs the new keys); without, leaves it to the
     * thread that is loading and goes on with the current set.
     */
    private List<JWK> load(boolean wait) {
        if (wait) {
            fetching.lock();
        } else if (!fetching.tryLock()) {
            return usable();
        }
        try {
            long now = nanoTime.getAsLong();
            if (attempted && now - lastAttempt < REFETCH_INTERVAL.toNanos()) {
                return usable();
            }
            attempted = true;
            lastAttempt = now;
            try {
                List<JWK> loaded = parse(document());
                keys = loaded;
                loadedAt = nanoTime.getAsLong();
                if (failing) {
                    failing = false;
                    LOG.info("BKND0611I: the token signing keys load again from " + describe() + ": "
                            + loaded.size() + " key(s).");
                }
            } catch (IOException | ParseException | RuntimeException e) {
                if (!failing) {
                    failing = true;
                    // The class and the location only: neither a token nor key material is in either.
                    LOG.warning("BKND0610W: the token signing keys could not be loaded from " + describe() + " ("
                            + e.getClass().getSimpleName() + "); " + (keys == null ? "no token can be verified"
                            : "the " + keys.size() + " key(s) loaded before stay in use") + ". Retried at most every "
                            + REFETCH_INTERVAL.toSeconds() + " s.");
                }
                if (e instanceof InterruptedIOException) {
                    Thread.currentThread().interrupt();
                }
            }
            return usable();
        } finally {
            fetching.unlock();
        }
    }

    /** Where the keys come from, for a log line: scheme, host and path of a URL, never its query or user info. */
    private String describe() {
        if (location.isEmpty()) {
            return "mp.jwt.verify.publickey";
        }
        try {
            URI uri = URI.create(location.get());
            if (uri.getScheme() != null && uri.getScheme().startsWith("http")) {
                return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                        + uri.getPath();
            }
        } catch (IllegalArgumentException e) {
            // not a URI: a path
        }
        return location.get();
    }

    private String document() throws IOException {
        if (location.isEmpty()) {
            return inline.orElse("");
        }
        String where = location.get();
        if (where.startsWith("http://") || where.startsWith("https://")) {
            return fetch(URI.create(where));
        }
        if (where.startsWith("file:")) {
            return read(Files.newInputStream(Path.of(URI.create(where))));
        }
        Path path = Path.of(where);
        if (path.isAbsolute() || Files.exists(path)) {
            return read(Files.newInputStream(path));
        }
        String resource = where.startsWith("classpath:") ? where.substring("classpath:".length()) : where;
        InputStream stream = Thread.currentThread().getContextClassLoader()
                .getResourceAsStream(resource.startsWith("/") ? resource.substring(1) : resource);
        if (stream == null) {
            throw new IOException("no such resource");
        }
        return read(stream);
    }

    private static String fetch(URI uri) throws IOException {
        HttpClient client = http;
        if (client == null) {
            client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
                    .followRedirects(HttpClient.Redirect.NORMAL).build();
            http = client;
        }
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(FETCH_TIMEOUT)
                .header("Accept", "application/json").GET().build();
        try {
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                response.body().close();
                throw new IOException("HTTP " + response.statusCode());
            }
            return read(response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException();
        }
    }

    private static String read(InputStream stream) throws IOException {
        try (stream) {
            byte[] bytes = stream.readNBytes(MAX_DOCUMENT_BYTES + 1);
            if (bytes.length > MAX_DOCUMENT_BYTES) {
                throw new IOException("larger than " + MAX_DOCUMENT_BYTES + " bytes");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /** A JWKS, a single JWK, or a PEM public key (also base64url-encoded JWK or JWKS, as MicroProfile JWT allows). */
    static List<JWK> parse(String document) throws ParseException {
        String text = document.strip();
        if (text.startsWith("{")) {
            if (text.contains("\"keys\"")) {
                return JWKSet.parse(text).getKeys().stream().map(JWK::toPublicJWK).filter(Objects::nonNull).toList();
            }
            JWK key = JWK.parse(text).toPublicJWK();
            return key == null ? List.of() : List.of(key);
        }
        if (text.contains("-----BEGIN")) {
            return List.of(pem(text));
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8).strip();
            if (decoded.startsWith("{")) {
                return parse(decoded);
            }
        } catch (IllegalArgumentException e) {
            // not base64url: maybe the bare base64 of a PEM body
        }
        return List.of(pem(text));
    }

    private static JWK pem(String text) throws ParseException {
        String body = text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        byte[] der;
        try {
            der = Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new ParseException("not a PEM public key", 0);
        }
        for (String type : new String[] {"RSA", "EC"}) {
            try {
                PublicKey key = KeyFactory.getInstance(type).generatePublic(new X509EncodedKeySpec(der));
                if (key instanceof RSAPublicKey rsa) {
                    return new RSAKey.Builder(rsa).build();
                }
                if (key instanceof ECPublicKey ec) {
                    return new ECKey.Builder(Curve.forECParameterSpec(ec.getParams()), ec).build();
                }
            } catch (java.security.GeneralSecurityException | RuntimeException e) {
                // try the next type
            }
        }
        throw new ParseException("not an RSA or EC public key", 0);
    }

    /**
     * The keys of the algorithm's type (and curve), for signatures, with this id if the token names one (a key without
     * an id, such as a PEM key, fits any).
     */
    static List<JWK> select(List<JWK> keys, String keyId, JWSAlgorithm algorithm) {
        List<JWK> matching = new ArrayList<>(2);
        for (JWK key : keys) {
            if (keyId != null && key.getKeyID() != null && !keyId.equals(key.getKeyID())) { // a PEM key has no id
                continue;
            }
            if (key.getKeyUse() != null && !KeyUse.SIGNATURE.equals(key.getKeyUse())) {
                continue;
            }
            if (key.getAlgorithm() != null && !algorithm.getName().equals(key.getAlgorithm().getName())) {
                continue;
            }
            boolean fits = JWSAlgorithm.Family.RSA.contains(algorithm) ? key instanceof RSAKey
                    : key instanceof ECKey ec && Curve.forJWSAlgorithm(algorithm).contains(ec.getCurve());
            if (fits) {
                matching.add(key);
            }
        }
        return matching;
    }

    /** Thrown for an interrupted fetch, so that the interrupt is restored. */
    private static final class InterruptedIOException extends IOException {
        private static final long serialVersionUID = 1L;
    }
}
