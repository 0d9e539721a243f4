package com.acme.backend.users.control;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EntityTagsTest {

    @Test
    void ifMatchUsesStrongComparison() {
        assertTrue(EntityTags.ifMatch("\"3\"", 3));
        assertTrue(EntityTags.ifMatch("\"1\", \"3\"", 3));
        assertTrue(EntityTags.ifMatch("*", 3));
        assertFalse(EntityTags.ifMatch("\"2\"", 3));
        assertFalse(EntityTags.ifMatch("W/\"3\"", 3), "a weak tag never matches If-Match");
        assertFalse(EntityTags.ifMatch("3", 3), "an unquoted tag is not a tag");
        assertFalse(EntityTags.ifMatch("", 3));
    }
}
