package com.acme.backend.security;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import org.eclipse.microprofile.jwt.Claims;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * A bearer token whose signature and claims were checked: the caller's principal, what {@code @Inject JsonWebToken}
 * gives endpoint code. Immutable and shared by every request that presents the same token while it is cached.
 * Claims come back as MicroProfile JWT specifies: standard ones in the type {@link Claims} names (String, Long,
 * {@code Set<String>}), others as JSON-P values.
 */
final class VerifiedToken implements JsonWebToken {

    /** The caller of a request without a token: every claim absent, as MicroProfile JWT has it. */
    static final JsonWebToken ANONYMOUS = new VerifiedToken("", JsonValue.EMPTY_JSON_OBJECT, null, Set.of(), 0);

    private final String raw;
    private final JsonObject claims;
    private final String name;
    private final Set<String> groups;
    private final long usableUntilMillis;

    VerifiedToken(String raw, JsonObject claims, String name, Set<String> groups, long usableUntilMillis) {
        this.raw = raw;
        this.claims = claims;
        this.name = name;
        this.groups = groups;
        this.usableUntilMillis = usableUntilMillis;
    }

    /** The principal's name, as MicroProfile JWT picks it: {@code upn}, else {@code preferred_username}, else {@code sub}. */
    static String nameOf(JsonObject claims) {
        for (String claim : new String[] {Claims.upn.name(), Claims.preferred_username.name(), Claims.sub.name()}) {
            if (claims.get(claim) instanceof JsonString value && !value.getString().isBlank()) {
                return value.getString();
            }
        }
        return null;
    }

    /** The {@code groups} claim: an array of strings (others ignored), or a single string. */
    static Set<String> groupsOf(JsonObject claims) {
        return strings(claims.get(Claims.groups.name()));
    }

    private static Set<String> strings(JsonValue value) {
        if (value instanceof JsonString single) {
            return Set.of(single.getString());
        }
        if (value instanceof JsonArray array) {
            Set<String> values = new LinkedHashSet<>();
            for (JsonValue item : array) {
                if (item instanceof JsonString s) {
                    values.add(s.getString());
                }
            }
            return Set.copyOf(values);
        }
        return Set.of();
    }

    /** Until when (epoch milliseconds) the token may be accepted: its {@code exp} plus the clock skew. */
    long usableUntilMillis() {
        return usableUntilMillis;
    }

    boolean isInGroup(String group) {
        return groups.contains(group);
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public Set<String> getGroups() {
        return groups;
    }

    @Override
    public Set<String> getClaimNames() {
        if (claims.isEmpty()) {
            return Set.of();
        }
        Set<String> names = new HashSet<>(claims.keySet());
        names.add(Claims.raw_token.name());
        return Set.copyOf(names);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getClaim(String claimName) {
        if (claims.isEmpty()) {
            return null;
        }
        if (Claims.raw_token.name().equals(claimName)) {
            return (T) raw;
        }
        JsonValue value = claims.get(claimName);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        Claims standard;
        try {
            standard = Claims.valueOf(claimName);
        } catch (IllegalArgumentException e) {
            return (T) value;
        }
        Class<?> type = standard.getType();
        if (type == String.class && value instanceof JsonString s) {
            return (T) s.getString();
        }
        if (type == Long.class && value instanceof JsonNumber n) {
            return (T) Long.valueOf(n.longValue());
        }
        if (type == Set.class) {
            return (T) (standard == Claims.groups ? groups : strings(value));
        }
        return (T) value;
    }

    /** Names the caller only: a token's claims are not for logs. */
    @Override
    public String toString() {
        return "VerifiedToken[" + name + "]";
    }
}
