/**
 * Who may call what. Liberty's MicroProfile JWT feature verifies bearer tokens (issuer, audience, signature
 * against the identity provider's keys, expiry); this package decides per resource method from the standard
 * {@code @RolesAllowed}/{@code @PermitAll} annotations, answers 401 and 403 as problems, and implements
 * {@code AUTH_MODE=none} for local development. Depends on {@code problems} and on {@code config} (so that the
 * secrets file cannot switch authentication off); its health check lives in {@code health}.
 */
package com.acme.backend.security;
