package com.acme.backend.users.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;

/**
 * One change to a user: who made it (the token's subject, not a name or an email), when, and which fields it
 * changed, never their values (the audit trail must not become a second copy of personal data). It outlives the user: no foreign key, so a deletion is recorded too.
 */
@Entity
@Table(name = "user_changes")
@NamedQuery(name = UserChange.PAGE, query = "SELECT c FROM UserChange c WHERE c.userId = :userId ORDER BY c.id")
@NamedQuery(name = UserChange.COUNT, query = "SELECT COUNT(c) FROM UserChange c WHERE c.userId = :userId")
public class UserChange {

    public static final String PAGE = "UserChange.page";
    public static final String COUNT = "UserChange.count";

    /** What happened to the user. */
    public enum Action {
        CREATED,
        REPLACED,
        DELETED
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "user_id", nullable = false, updatable = false)
    private long userId;

    @Column(name = "action", nullable = false, updatable = false, length = 16)
    private String action;

    /** Comma-separated names of the changed fields, e.g. {@code name,email}; empty for a deletion. */
    @Column(name = "fields", nullable = false, updatable = false, length = 64)
    private String fields;

    @Column(name = "actor", nullable = false, updatable = false, length = 254)
    private String actor;

    @Convert(converter = User.InstantConverter.class)
    @Column(name = "changed_at", nullable = false, updatable = false)
    private Instant at;

    protected UserChange() {
        // for JPA
    }

    public UserChange(long userId, Action action, List<String> fields, String actor, Instant at) {
        this.userId = userId;
        this.action = action.name();
        this.fields = String.join(",", fields);
        this.actor = actor;
        this.at = at;
    }

    public Long getId() {
        return id;
    }

    public long getUserId() {
        return userId;
    }

    public Action getAction() {
        return Action.valueOf(action);
    }

    public List<String> getFields() {
        return fields.isEmpty() ? List.of() : List.of(fields.split(","));
    }

    public String getActor() {
        return actor;
    }

    public Instant getAt() {
        return at;
    }
}
