/**
 * MicroProfile Health checks (application liveness, database readiness, start-up) and {@code /api/health},
 * which serves the same checks in the MicroProfile Health format beside Liberty's own {@code /health}.
 */
package com.acme.backend.health;
