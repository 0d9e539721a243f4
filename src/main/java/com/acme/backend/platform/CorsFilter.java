package com.acme.backend.platform;

import java.net.URI;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

import org.eclipse.microprofile.config.ConfigProvider;

import com.acme.backend.problems.Problem;
import com.acme.backend.problems.ProblemType;

/**
 * CORS for the API: the origins in {@code FRONTEND_URL} (comma-separated) may call it from a browser, exactly
 * those, never a wildcard. Read at each request, so a new value in the secrets file applies without a restart
 * (Liberty's own {@code <cors>} element cannot read that file). Preflights from allowed origins get 204 with the
 * methods and headers the API uses; from others, 403.
 */
@Provider
@PreMatching
public class CorsFilter implements ContainerRequestFilter, ContainerResponseFilter {

    static final String ALLOWED_METHODS = "GET, POST, PUT, DELETE, OPTIONS";
    static final String ALLOWED_HEADERS = "Authorization, Content-Type, If-Match, Idempotency-Key, X-Request-Id";
    static final String EXPOSED_HEADERS = "ETag, Location, Link, X-Total-Count, Retry-After, Idempotent-Replayed";

    private static final Logger LOG = Logger.getLogger(CorsFilter.class.getName());

    /** The last FRONTEND_URL value seen and its parsed origins: parsed again only when the value changes. */
    private record Origins(String raw, Set<String> allowed) {
    }

    private final AtomicReference<Origins> origins = new AtomicReference<>(new Origins(null, Set.of()));

    @Override
    public void filter(ContainerRequestContext request) {
        String origin = request.getHeaderString("Origin");
        boolean preflight = HttpMethod.OPTIONS.equals(request.getMethod())
                && request.getHeaderString("Access-Control-Request-Method") != null;
        if (origin == null || !preflight) {
            return;
        }
        if (!allowed(origin)) {
            request.abortWith(new Problem(ProblemType.FORBIDDEN, "This origin may not call the API.",
                    request.getUriInfo().getRequestUri().getRawPath()).toResponse(RequestIds.current()));
            return;
        }
        request.abortWith(Response.noContent()
                .header("Access-Control-Allow-Origin", origin)
                .header("Access-Control-Allow-Methods", ALLOWED_METHODS)
                .header("Access-Control-Allow-Headers", ALLOWED_HEADERS)
                .header("Access-Control-Max-Age", "600")
                .header("Vary", "Origin")
                .build());
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        String origin = request.getHeaderString("Origin");
        MultivaluedMap<String, Object> headers = response.getHeaders();
        if (!headers.containsKey("Vary")) {
            headers.add("Vary", "Origin"); // the answer depends on Origin, for every cache on the way
        }
        if (origin == null || headers.containsKey("Access-Control-Allow-Origin")) {
            return;
        }
        if (allowed(origin)) {
            headers.putSingle("Access-Control-Allow-Origin", origin);
            headers.putSingle("Access-Control-Expose-Headers", EXPOSED_HEADERS);
        }
    }

    boolean allowed(String origin) {
        String normalized = normalize(origin); // null for "null" (sandboxed pages) and malformed origins
        return normalized != null && current().contains(normalized);
    }

    private Set<String> current() {
        String raw = ConfigProvider.getConfig(CorsFilter.class.getClassLoader())
                .getOptionalValue("FRONTEND_URL", String.class).orElse("");
        Origins known = origins.get();
        if (raw.equals(known.raw())) {
            return known.allowed();
        }
        Set<String> allowed = parse(raw);
        origins.set(new Origins(raw, allowed));
        LOG.info(() -> "BKND0500I: CORS origins now " + allowed);
        return allowed;
    }

    /** The origins of a comma-separated list of URLs: scheme, host and port, lower-cased; "*" is refused. */
    static Set<String> parse(String raw) {
        Set<String> allowed = new LinkedHashSet<>();
        for (String entry : raw.split(",")) {
            String url = entry.strip();
            if (url.isEmpty()) {
                continue;
            }
            if (url.contains("*")) {
                LOG.warning("BKND0501W: FRONTEND_URL entries with wildcards are ignored: origins must be exact");
                continue;
            }
            String origin = normalize(url);
            if (origin != null) {
                allowed.add(origin);
            }
        }
        return Set.copyOf(allowed);
    }

    static String normalize(String url) {
        try {
            URI uri = URI.create(url.strip());
            if (uri.getScheme() == null || uri.getHost() == null) {
                return null;
            }
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            int port = uri.getPort();
            boolean defaultPort = port == -1 || ("https".equals(scheme) && port == 443) || ("http".equals(scheme) && port == 80);
            return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
