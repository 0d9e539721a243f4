/** The JPA entity recording which request an idempotency key answered. */
package com.acme.backend.idempotency.entity;
