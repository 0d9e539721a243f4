package com.acme.backend.platform;

import java.io.IOException;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Gives every request to the application an id: the caller's {@code X-Request-Id} when it is safe to log (1 to 128
 * letters, digits, {@code . _ : -}), a new UUID otherwise. The id is returned in the response header, put in every
 * problem body ({@code requestId}), and on every log line written on the request's thread as {@code ext_requestId}
 * (see {@link LogFields}). The access
 * log takes it from the response header. Liberty's own endpoints ({@code /health}, {@code /metrics}) are other
 * web modules, which this filter does not reach.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true, dispatcherTypes = {DispatcherType.REQUEST, DispatcherType.ERROR})
public class RequestIds extends HttpFilter {

    private static final long serialVersionUID = 1L;

    public static final String HEADER = "X-Request-Id";
    private static final String ATTRIBUTE = RequestIds.class.getName();
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();
    private static final AtomicInteger IN_FLIGHT = new AtomicInteger();

    /** Requests to the application being served now. */
    static int inFlight() {
        return IN_FLIGHT.get();
    }

    /** The id of the request this thread is serving, if any. */
    public static Optional<String> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /** The caller's id if it is safe to log and echo, else a new one. */
    static String accept(String offered) {
        return offered != null && SAFE.matcher(offered).matches() ? offered : newId();
    }

    /**
     * A random (version 4) UUID from {@link ThreadLocalRandom}. A request id only has to be unique enough to find a
     * request's log lines, not unguessable: {@link UUID#randomUUID()} draws from one shared {@code SecureRandom},
     * which costs more per call and serialises the request threads on it.
     */
    static String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long msb = random.nextLong() & ~0xF000L | 0x4000L; // version 4
        long lsb = random.nextLong() & ~(0x3L << 62) | (0x2L << 62); // IETF variant
        return new UUID(msb, lsb).toString();
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String id = request.getAttribute(ATTRIBUTE) instanceof String known ? known : accept(request.getHeader(HEADER));
        request.setAttribute(ATTRIBUTE, id);
        response.setHeader(HEADER, id);
        String outer = CURRENT.get();
        CURRENT.set(id);
        if (outer == null) {
            IN_FLIGHT.incrementAndGet();
        }
        try {
            chain.doFilter(request, response);
        } finally {
            if (outer == null) {
                IN_FLIGHT.decrementAndGet();
                CURRENT.remove();
            } else {
                CURRENT.set(outer);
            }
        }
    }
}
