package com.acme.backend.db;

import org.eclipse.persistence.sessions.Session;
import org.eclipse.persistence.sessions.SessionCustomizer;

/**
 * Turns off EclipseLink's retries of a query that failed on a broken connection. By default it retries three
 * times, a second apart, each waiting out the driver's socket timeout again, which turned a lost database into
 * 15-second requests; Liberty's pool already discards broken connections, and the client gets a quick 503 with
 * Retry-After instead.
 */
public class NoQueryRetries implements SessionCustomizer {

    @Override
    public void customize(Session session) {
        session.getLogin().setQueryRetryAttemptCount(0);
    }
}
