/**
 * Who may call what. {@link com.acme.backend.security.BearerAuthentication} verifies the bearer tokens of {@code /api}
 * (issuer, audience, signature against the identity provider's keys, expiry with the clock skew) and caches the
 * verified ones until they expire; this package decides per resource method from the standard
 * {@code @RolesAllowed}/{@code @PermitAll} annotations, answers 401 and 403 as problems, gives endpoints
 * {@code @Inject JsonWebToken}, and implements {@code AUTH_MODE=none} for local development. Liberty's MicroProfile
 * JWT feature only guards {@code /metrics}.
 * Depends on {@code problems} and on {@code config} (so that the secrets file cannot switch authentication off); its
 * health check lives in {@code health}.
 */
package com.acme.backend.security;
