/**
 * The {@code Idempotency-Key} request header: a client that sends one with a create may retry it after a timeout, a
 * reset or a 503 without creating twice. {@code control} validates keys and records, in the create's own
 * transaction, which request each key answered; {@code entity} is that record. Depends on {@code db} and
 * {@code problems}; {@code users} uses it.
 */
package com.acme.backend.idempotency;
