/**
 * Idempotency keys without HTTP: the validated key, the store that claims a key inside the caller's transaction
 * and finds earlier claims, and the hourly purge of claims older than the retention.
 */
package com.acme.backend.idempotency.control;
