package com.acme.backend.platform;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Optional;
import java.util.UUID;
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
 * problem body ({@code requestId}), and attached to every log line written on the request's thread through
 * Liberty's log record context, where JSON logs show it as {@code ext_requestId} (Liberty has no MDC). The access
 * log takes it from the response header. Liberty's own endpoints ({@code /health}, {@code /metrics}) are other
 * web modules, which this filter does not reach.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true, dispatcherTypes = {DispatcherType.REQUEST, DispatcherType.ERROR})
public class RequestIds extends HttpFilter {

    private static final long serialVersionUID = 1L;

    public static final String HEADER = "X-Request-Id";
    static final String LOG_FIELD = "requestId";
    private static final String ATTRIBUTE = RequestIds.class.getName();
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();
    private static final AtomicInteger IN_FLIGHT = new AtomicInteger();

    /** Liberty's LogRecordContext, looked up once; absent outside Liberty (unit tests), where ids are not logged. */
    private static final MethodHandle ADD_EXTENSION;
    private static final MethodHandle REMOVE_EXTENSION;

    static {
        MethodHandle add = null;
        MethodHandle remove = null;
        try {
            Class<?> context = Class.forName("com.ibm.websphere.logging.hpel.LogRecordContext");
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            add = lookup.findStatic(context, "addExtension", MethodType.methodType(void.class, String.class, String.class));
            remove = lookup.findStatic(context, "removeExtension", MethodType.methodType(boolean.class, String.class));
        } catch (ReflectiveOperationException | LinkageError e) {
            // not on Liberty
        }
        ADD_EXTENSION = add;
        REMOVE_EXTENSION = remove;
    }

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
        return offered != null && SAFE.matcher(offered).matches() ? offered : UUID.randomUUID().toString();
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String id = request.getAttribute(ATTRIBUTE) instanceof String known ? known : accept(request.getHeader(HEADER));
        request.setAttribute(ATTRIBUTE, id);
        response.setHeader(HEADER, id);
        String outer = CURRENT.get();
        CURRENT.set(id);
        logContext(ADD_EXTENSION, id);
        if (outer == null) {
            IN_FLIGHT.incrementAndGet();
        }
        try {
            chain.doFilter(request, response);
        } finally {
            if (outer == null) {
                IN_FLIGHT.decrementAndGet();
                CURRENT.remove();
                logContext(REMOVE_EXTENSION, null);
            } else {
                CURRENT.set(outer);
            }
        }
    }

    private static void logContext(MethodHandle operation, String id) {
        if (operation == null) {
            return;
        }
        try {
            if (id == null) {
                operation.invoke(LOG_FIELD);
            } else {
                operation.invoke(LOG_FIELD, id);
            }
        } catch (Error e) {
            throw e;
        } catch (Throwable e) {
            // logging without the id beats failing the request
        }
    }
}
