package com.acme.backend.users.control;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;

import com.acme.backend.db.DatabaseFailures;
import com.acme.backend.idempotency.control.IdempotencyKey;
import com.acme.backend.idempotency.control.IdempotencyKeyInUseException;
import com.acme.backend.idempotency.control.IdempotencyKeyReusedException;
import com.acme.backend.idempotency.control.IdempotentRequests;
import com.acme.backend.idempotency.entity.IdempotentRequest;
import com.acme.backend.problems.ProblemException;
import com.acme.backend.problems.ProblemType;
import com.acme.backend.users.entity.User;
import com.acme.backend.users.entity.UserChange;

/**
 * Stores users. Each method is one transaction; writes are flushed inside it so that a duplicate email or a
 * concurrent change surfaces here as a typed failure rather than at commit. Every write records a
 * {@link UserChange} in the same transaction, naming the {@code actor}: the audit trail cannot miss a change.
 */
@ApplicationScoped
@Transactional
public class UserStore {

    static final String NAME = "name";
    static final String EMAIL = "email";

    @PersistenceContext(unitName = "backend")
    EntityManager em;

    @Inject
    IdempotentRequests idempotentRequests;

    public Page<User> page(PageRequest request) {
        long total = em.createNamedQuery(User.COUNT, Long.class).getSingleResult();
        if (request.offset() >= total) {
            return new Page<>(List.of(), total, request);
        }
        var items = em.createNamedQuery(User.PAGE, User.class)
                .setFirstResult((int) Math.min(request.offset(), Integer.MAX_VALUE))
                .setMaxResults(request.limit())
                .getResultList();
        return new Page<>(items, total, request);
    }

    /**
     * Joins the caller's transaction when there is one (a write's own read, which must see and lock the same
     * entity), and starts none otherwise: a GET by id is one select, and a JTA transaction around it cost a fifth
     * of the request's CPU (begin, enlist, two-phase bookkeeping, commit) for nothing to commit.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<User> find(long id) {
        return Optional.ofNullable(em.find(User.class, id));
    }

    /** A creation's outcome: the user, and whether an earlier request with the same idempotency key created it. */
    public record Creation(User user, boolean replayed) {
    }

    /**
     * Creates a user; with an idempotency key, at most once per key: a repeat of the request answers with the user
     * the first one created. The key's claim commits with the user or not at all, so a client whose request failed
     * in doubt (a 503 while the commit was in flight) learns the outcome by retrying with the same key.
     *
     * @throws EmailTakenException            when another user has the email
     * @throws IdempotencyKeyReusedException  when the key was used for a different request
     * @throws IdempotencyKeyInUseException   when a concurrent request with the key committed first
     * @throws ProblemException               (409) when the key's request created a user since deleted
     */
    public Creation create(UserDraft draft, String actor, Optional<IdempotencyKey> key) {
        if (key.isEmpty()) {
            return new Creation(create(draft, actor), false);
        }
        Instant now = now();
        Optional<IdempotentRequest> earlier = idempotentRequests.find(actor, key.get(), now);
        if (earlier.isPresent()) {
            if (!earlier.get().getFingerprint().equals(draft.fingerprint())) {
                throw new IdempotencyKeyReusedException();
            }
            long id = earlier.get().getResourceId().orElseThrow(IdempotencyKeyInUseException::new);
            return new Creation(find(id).orElseThrow(() -> new ProblemException(ProblemType.CONFLICT, "The request"
                    + " with this Idempotency-Key created user " + id + ", which has since been deleted.")), true);
        }
        // The claim first: a concurrent request with the same key then waits on it, rather than on the email.
        IdempotentRequest claim = idempotentRequests.claim(actor, key.get(), draft.fingerprint(), now);
        User user = create(draft, actor);
        claim.created(user.getId());
        return new Creation(user, false);
    }

    /**
     * @throws EmailTakenException when another user has the email
     */
    public User create(UserDraft draft, String actor) {
        Instant now = now();
        User user = new User(draft.name(), draft.email(), now);
        em.persist(user);
        flush();
        em.persist(new UserChange(user.getId(), UserChange.Action.CREATED, List.of(NAME, EMAIL), actor, now));
        return user;
    }

    /**
     * Replaces a user's name and email. With {@code ifMatch}, only if it matches the current version.
     *
     * @throws UserNotFoundException    when no user has the id
     * @throws VersionMismatchException when {@code ifMatch} does not match (nothing changes)
     * @throws EmailTakenException      when another user has the email
     */
    public User replace(long id, UserDraft draft, Optional<String> ifMatch, String actor) {
        User user = find(id).orElseThrow(() -> new UserNotFoundException(Long.toString(id)));
        if (ifMatch.isPresent() && !EntityTags.ifMatch(ifMatch.get(), user.getVersion())) {
            throw new VersionMismatchException();
        }
        List<String> changed = changedFields(user, draft);
        Instant now = now();
        user.replace(draft.name(), draft.email(), now);
        try {
            flush();
        } catch (ConcurrentUpdateException e) {
            // Someone committed in between our read and our write: with If-Match that is a failed precondition.
            if (ifMatch.isPresent()) {
                throw new VersionMismatchException();
            }
            throw e;
        }
        em.persist(new UserChange(id, UserChange.Action.REPLACED, changed, actor, now));
        return user;
    }

    /** The names of the fields a replacement changes, in a fixed order. */
    static List<String> changedFields(User user, UserDraft draft) {
        List<String> changed = new ArrayList<>();
        if (!user.getName().equals(draft.name())) {
            changed.add(NAME);
        }
        if (!user.getEmail().equals(draft.email())) {
            changed.add(EMAIL);
        }
        return changed;
    }

    /**
     * @throws UserNotFoundException when no user has the id
     */
    public void delete(long id, String actor) {
        User user = find(id).orElseThrow(() -> new UserNotFoundException(Long.toString(id)));
        em.remove(user);
        try {
            flush();
        } catch (ConcurrentUpdateException e) {
            throw new UserNotFoundException(Long.toString(id)); // deleted by a concurrent request
        }
        em.persist(new UserChange(id, UserChange.Action.DELETED, List.of(), actor, now()));
    }

    /**
     * A page of one user's changes, oldest first; a deleted user's too. A user created before the trail existed
     * (schema version 1) has none yet.
     *
     * @throws UserNotFoundException when no user with the id exists or has a trail
     */
    public Page<UserChange> changes(long id, PageRequest request) {
        long total = em.createNamedQuery(UserChange.COUNT, Long.class).setParameter("userId", id).getSingleResult();
        if (total == 0 && find(id).isEmpty()) {
            throw new UserNotFoundException(Long.toString(id));
        }
        if (request.offset() >= total) {
            return new Page<>(List.of(), total, request);
        }
        List<UserChange> items = em.createNamedQuery(UserChange.PAGE, UserChange.class).setParameter("userId", id)
                .setFirstResult((int) Math.min(request.offset(), Integer.MAX_VALUE))
                .setMaxResults(request.limit())
                .getResultList();
        return new Page<>(items, total, request);
    }

    private void flush() {
        try {
            em.flush();
        } catch (OptimisticLockException e) {
            throw new ConcurrentUpdateException();
        } catch (PersistenceException e) {
            if (DatabaseFailures.isConstraintViolation(e)) {
                throw new EmailTakenException();
            }
            throw e;
        }
    }

    // Millisecond precision: what the JSON shows is exactly what is stored.
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
