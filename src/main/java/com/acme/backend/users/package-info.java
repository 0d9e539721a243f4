/**
 * The users feature: create, read, list, replace and delete users. {@code boundary} is the REST resource,
 * {@code control} holds validation, paging and the store, {@code entity} the JPA entity.
 */
package com.acme.backend.users;
