package com.acme.backend.platform;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Puts the request id ({@code ext_requestId}) and the OpenTelemetry trace id ({@code ext_traceId}) on every log
 * line written while a request is served. Liberty has no MDC; its log record context asks each registered
 * extension for its value when a line is written, on that line's thread, so nothing is done per request. Outside a
 * request (or a span) the extensions answer nothing. Without Liberty (unit tests) this does nothing. The API is
 * reached by reflection: it is not on Maven Central.
 */
@ApplicationScoped
public class LogFields {

    private static final Logger LOG = Logger.getLogger(LogFields.class.getName());
    private static final String CONTEXT = "com.ibm.websphere.logging.hpel.LogRecordContext";
    static final String REQUEST_ID = "requestId";
    static final String TRACE_ID = "traceId";

    /** Held here: Liberty keeps registered extensions only weakly. */
    private final List<Object> registered = new ArrayList<>();

    void register(@Observes @Initialized(ApplicationScoped.class) Object event) {
        try {
            register(REQUEST_ID, () -> RequestIds.current().orElse(null));
            register(TRACE_ID, LogFields::currentTraceId);
            LOG.info("BKND0502I: Log lines written while serving a request carry its request id (ext_requestId)"
                    + " and, when traced, its trace id (ext_traceId).");
        } catch (ReflectiveOperationException | LinkageError e) {
            LOG.fine(() -> "No log record context here: request and trace ids stay out of log lines (" + e + ")");
        }
    }

    private void register(String field, Supplier<String> value) throws ReflectiveOperationException {
        Class<?> context = Class.forName(CONTEXT);
        Class<?> extensionType = Class.forName(CONTEXT + "$Extension");
        Object extension = Proxy.newProxyInstance(
                LogFields.class.getClassLoader(),
                new Class<?>[] {extensionType},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getValue" -> value.get();
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> "LogFields." + field;
                });
        context.getMethod("registerExtension", String.class, extensionType).invoke(null, field, extension);
        registered.add(extension);
    }

    void unregister(@Observes @BeforeDestroyed(ApplicationScoped.class) Object event) {
        for (String field : List.of(REQUEST_ID, TRACE_ID)) {
            try {
                Class.forName(CONTEXT)
                        .getMethod("unregisterExtension", String.class)
                        .invoke(null, field);
            } catch (ReflectiveOperationException | LinkageError e) {
                // nothing was registered
            }
        }
        registered.clear();
    }

    static String currentTraceId() {
        try {
            SpanContext span = Span.current().getSpanContext();
            return span.isValid() ? span.getTraceId() : null;
        } catch (LinkageError e) {
            return null; // no OpenTelemetry API
        }
    }
}
