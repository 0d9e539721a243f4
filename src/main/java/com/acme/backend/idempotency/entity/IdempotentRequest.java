package com.acme.backend.idempotency.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;

/**
 * A request that claimed an idempotency key: whose key it is (the token's subject), a fingerprint of what was
 * asked (a SHA-256 of the normalised input, never the input itself), and what it created. Written in the same
 * transaction as the creation: if one committed, both did.
 */
@Entity
@Table(name = "idempotency_keys")
@NamedQuery(
        name = IdempotentRequest.FIND,
        query = "SELECT r FROM IdempotentRequest r WHERE r.actor = :actor AND r.key = :key")
public class IdempotentRequest {

    public static final String FIND = "IdempotentRequest.find";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "actor", nullable = false, updatable = false, length = 254)
    private String actor;

    @Column(name = "idem_key", nullable = false, updatable = false, length = 255)
    private String key;

    @Column(name = "fingerprint", nullable = false, updatable = false, length = 64)
    private String fingerprint;

    /** What the request created; set once it has, within the same transaction. */
    @Column(name = "resource_id")
    private Long resourceId;

    /** Epoch milliseconds, UTC. */
    @Column(name = "created_at", nullable = false, updatable = false)
    private long createdAt;

    protected IdempotentRequest() {
        // for JPA
    }

    public IdempotentRequest(String actor, String key, String fingerprint, Instant at) {
        this.actor = actor;
        this.key = key;
        this.fingerprint = fingerprint;
        this.createdAt = at.toEpochMilli();
    }

    public String getFingerprint() {
        return fingerprint;
    }

    public Optional<Long> getResourceId() {
        return Optional.ofNullable(resourceId);
    }

    public void created(long id) {
        this.resourceId = id;
    }

    public Instant getCreatedAt() {
        return Instant.ofEpochMilli(createdAt);
    }
}
