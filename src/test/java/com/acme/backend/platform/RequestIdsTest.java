package com.acme.backend.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class RequestIdsTest {

    private static final String UUID_FORM = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    @Test
    void safeIdsAreKept() {
        for (String id : new String[] {"abc", "7f1c2d3e-0000-4000-8000-000000000000", "a.b_c:d-e", "x".repeat(128)}) {
            assertEquals(id, RequestIds.accept(id));
        }
    }

    @Test
    void unsafeOrMissingIdsAreReplacedByAUuid() {
        for (String id : new String[] {null, "", "x".repeat(129), "has space", "new\nline", "quote\"", "<b>", "é"}) {
            String accepted = RequestIds.accept(id);
            assertNotEquals(id, accepted);
            assertTrue(accepted.matches(UUID_FORM), accepted);
        }
    }

    @Test
    void newIdsAreDistinctVersion4Uuids() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            String id = RequestIds.newId();
            assertTrue(id.matches(UUID_FORM), id);
            UUID uuid = UUID.fromString(id);
            assertEquals(4, uuid.version(), id);
            assertEquals(2, uuid.variant(), id);
            assertTrue(seen.add(id), "repeated: " + id);
        }
    }
}
