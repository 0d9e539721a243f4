package com.acme.backend.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class AuthModeTest {

    @Test
    void jwtUnlessNoneIsSaidExplicitly() {
        assertEquals(Optional.of(AuthMode.JWT), AuthMode.parse(null));
        assertEquals(Optional.of(AuthMode.JWT), AuthMode.parse("  "));
        assertEquals(Optional.of(AuthMode.JWT), AuthMode.parse("jwt"));
        assertEquals(Optional.of(AuthMode.NONE), AuthMode.parse(" None "));
    }

    @Test
    void aTypoIsNotNone() {
        assertEquals(Optional.empty(), AuthMode.parse("nnoe"));
        assertEquals(Optional.empty(), AuthMode.parse("off"));
        assertEquals(Optional.empty(), AuthMode.parse("false"));
    }
}
