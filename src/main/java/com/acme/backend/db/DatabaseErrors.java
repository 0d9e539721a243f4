package com.acme.backend.db;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Counts the database failures that requests meet, by kind ({@code timeout}, {@code auth}, {@code unreachable},
 * {@code other}), as {@code db_errors_total{kind}}: the kinds are fixed words, never driver messages.
 */
@ApplicationScoped
public class DatabaseErrors {

    static final String NAME = "db.errors";

    @Inject
    MetricRegistry metrics;

    /** Counts {@code failure} if it is a database failure. */
    public void record(Throwable failure) {
        DatabaseFailures.kind(failure)
                .ifPresent(kind -> metrics.counter(NAME, new Tag("kind", kind)).inc());
    }
}
