package com.acme.backend.users.control;

/** Strong entity tags of the form {@code "<version>"} and the If-Match test (RFC 9110, strong comparison). */
public final class EntityTags {

    private EntityTags() {
    }

    /** Whether an If-Match header value matches the current version; {@code *} matches any existing user. */
    public static boolean ifMatch(String header, long currentVersion) {
        String current = "\"" + currentVersion + "\"";
        for (String candidate : header.split(",")) {
            String tag = candidate.trim();
            if (tag.equals("*") || tag.equals(current)) {
                return true;
            }
        }
        return false;
    }
}
