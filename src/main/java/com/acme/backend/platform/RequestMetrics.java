package com.acme.backend.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * {@code http_server_active_requests}: requests to the application in flight. Rate, errors and duration per route
 * template and status come from Liberty itself ({@code http_server_request_duration_seconds}, labelled with
 * {@code http_route} such as {@code /api/users/{id}}, never the raw path).
 */
@ApplicationScoped
public class RequestMetrics {

    @Inject
    MetricRegistry metrics;

    void register(@Observes @Initialized(ApplicationScoped.class) Object event) {
        metrics.gauge("http.server.active.requests", RequestIds::inFlight);
    }
}
