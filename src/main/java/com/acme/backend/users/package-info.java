/**
 * The users feature: create, read, list, replace and delete users. {@code boundary} is the REST resource,
 * {@code control} holds validation, paging and the store, {@code entity} the JPA entity. boundary depends on
 * control and entity, control on entity, never back. Outside itself it depends on {@code idempotency},
 * {@code db}, {@code problems}, {@code platform} and {@code security}; nothing depends on it.
 */
package com.acme.backend.users;
