package com.acme.backend.idempotency.control;

import com.acme.backend.db.DatabaseFailures;
import com.acme.backend.idempotency.entity.IdempotentRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Claims of idempotency keys, always inside the transaction of the write they guard (hence {@code MANDATORY}):
 * the claim commits with the write or not at all. The unique (caller, key) index makes a concurrent second claim
 * wait for the first transaction, then fail if it committed.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class IdempotentRequests {

    /** How long a key is remembered: a client's retries of one request happen within minutes, not a day. */
    public static final Duration RETENTION = Duration.ofHours(24);

    @PersistenceContext(unitName = "backend")
    EntityManager em;

    @Inject
    IdempotencyPurge purge;

    /** This caller's unexpired claim of the key. An expired claim is removed here, so the key can be claimed anew. */
    public Optional<IdempotentRequest> find(String actor, IdempotencyKey key, Instant now) {
        List<IdempotentRequest> found = em.createNamedQuery(IdempotentRequest.FIND, IdempotentRequest.class)
                .setParameter("actor", actor)
                .setParameter("key", key.value())
                .getResultList();
        if (found.isEmpty()) {
            return Optional.empty();
        }
        IdempotentRequest earlier = found.get(0);
        if (earlier.getCreatedAt().isBefore(now.minus(RETENTION))) {
            em.remove(earlier);
            em.flush();
            return Optional.empty();
        }
        return Optional.of(earlier);
    }

    /**
     * Claims the key for a request with this fingerprint.
     *
     * @throws IdempotencyKeyInUseException when a concurrent request with the same key committed its claim first,
     *                                      or the database chose this one to roll back when several waited on it
     */
    public IdempotentRequest claim(String actor, IdempotencyKey key, String fingerprint, Instant now) {
        purge.startIfNeeded();
        IdempotentRequest claim = new IdempotentRequest(actor, key.value(), fingerprint, now);
        em.persist(claim);
        try {
            em.flush();
        } catch (PersistenceException e) {
            // Several repeats waiting on a claim that then rolled back may deadlock on MySQL; H2 does not wait and
            // reports a concurrent update. Either way another request holds the key: in use, not an outage.
            if (DatabaseFailures.isConstraintViolation(e) || DatabaseFailures.isConcurrencyConflict(e)) {
                throw new IdempotencyKeyInUseException();
            }
            throw e;
        }
        return claim;
    }
}
