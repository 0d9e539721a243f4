package com.acme.backend.users.entity;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Converter;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/** A user. The email is stored lower-cased; its unique index decides between concurrent creates. */
@Entity
@Table(name = "users")
@NamedQuery(name = User.PAGE, query = "SELECT u FROM User u ORDER BY u.id")
@NamedQuery(name = User.COUNT, query = "SELECT COUNT(u) FROM User u")
public class User {

    public static final String PAGE = "User.page";
    public static final String COUNT = "User.count";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "name", nullable = false, length = 100)
    private String name;

    @Column(name = "email", nullable = false, length = 254)
    private String email;

    @Convert(converter = InstantConverter.class)
    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Convert(converter = InstantConverter.class)
    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Version
    @Column(name = "version", nullable = false)
    private long version;

    protected User() {
        // for JPA
    }

    public User(String name, String email, Instant now) {
        this.name = name;
        this.email = email;
        this.createdAt = now;
        this.updatedAt = now;
    }

    /** Replaces name and email; {@code updatedAt} always moves forward, even within the same millisecond. */
    public void replace(String name, String email, Instant now) {
        this.name = name;
        this.email = email;
        this.updatedAt = now.isAfter(updatedAt) ? now : updatedAt.plusMillis(1);
    }

    public Long getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public String getEmail() {
        return email;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    public long getVersion() {
        return version;
    }

    /**
     * Instants as epoch milliseconds: exact on every database and in every time zone. (A DATETIME(3) column loses
     * its milliseconds on MariaDB, which Connector/J takes for MySQL 5.5 and sends whole seconds to.)
     */
    @Converter
    public static class InstantConverter implements AttributeConverter<Instant, Long> {
        @Override
        public Long convertToDatabaseColumn(Instant value) {
            return value == null ? null : value.toEpochMilli();
        }

        @Override
        public Instant convertToEntityAttribute(Long value) {
            return value == null ? null : Instant.ofEpochMilli(value);
        }
    }
}
