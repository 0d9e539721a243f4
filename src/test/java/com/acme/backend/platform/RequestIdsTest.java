package com.acme.backend.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
