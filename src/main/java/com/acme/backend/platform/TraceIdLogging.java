package com.acme.backend.platform;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;

/**
 * Puts the current OpenTelemetry trace id on every log line written inside a traced request
 * ({@code ext_traceId} in the JSON logs), so a log search starts from a trace and the other way round. Liberty's
 * log record context asks this extension for the value each time a line is written, on that line's thread;
 * outside a span it answers nothing. Without Liberty (unit tests) it does nothing.
 */
@ApplicationScoped
public class TraceIdLogging {

    private static final Logger LOG = Logger.getLogger(TraceIdLogging.class.getName());
    static final String LOG_FIELD = "traceId";
    private static final String CONTEXT = "com.ibm.websphere.logging.hpel.LogRecordContext";

    /** Held here: Liberty keeps registered extensions only weakly. */
    private Object extension;

    void register(@Observes @Initialized(ApplicationScoped.class) Object event) {
        try {
            Class<?> context = Class.forName(CONTEXT);
            Class<?> extension = Class.forName(CONTEXT + "$Extension");
            Object currentTraceId = Proxy.newProxyInstance(TraceIdLogging.class.getClassLoader(),
                    new Class<?>[] {extension}, (proxy, method, args) -> switch (method.getName()) {
                        case "getValue" -> currentTraceId();
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        default -> "TraceIdLogging";
                    });
            Method register = context.getMethod("registerExtension", String.class, extension);
            register.invoke(null, LOG_FIELD, currentTraceId);
            this.extension = currentTraceId;
            LOG.info("BKND0502I: Log lines written inside a traced request carry its trace id (ext_traceId).");
        } catch (ReflectiveOperationException | LinkageError e) {
            LOG.fine(() -> "No log record context here: trace ids stay out of log lines (" + e + ")");
        }
    }

    void unregister(@Observes @BeforeDestroyed(ApplicationScoped.class) Object event) {
        try {
            Class.forName(CONTEXT).getMethod("unregisterExtension", String.class).invoke(null, LOG_FIELD);
        } catch (ReflectiveOperationException | LinkageError e) {
            // nothing was registered
        }
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
