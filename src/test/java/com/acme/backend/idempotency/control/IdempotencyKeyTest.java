package com.acme.backend.idempotency.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.acme.backend.problems.ProblemException;
import com.acme.backend.problems.ProblemType;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdempotencyKeyTest {

    @Test
    void noHeaderIsNoKey() {
        assertEquals(Optional.empty(), IdempotencyKey.parse(null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"6f1c2e9a-4b7d-4e0a-9c35-2f0b8d7e1a44", "a", "order-42:retry~!", "Z"})
    void visibleAsciiUpTo255IsAKey(String value) {
        assertEquals(value, IdempotencyKey.parse(value).orElseThrow().value());
        assertEquals(
                255, IdempotencyKey.parse("k".repeat(255)).orElseThrow().value().length());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "has space", "tab\there", "caf\u00e9", "line\nbreak", "nul\u0000"})
    void anythingElseIsA400ThatNamesTheHeaderNotTheValue(String value) {
        ProblemException problem = assertThrows(ProblemException.class, () -> IdempotencyKey.parse(value));
        assertEquals(ProblemType.VALIDATION, problem.toProblem("/api/users").type());
        String json = problem.toProblem("/api/users").toJson();
        assertTrue(json.contains("Idempotency-Key"), json);
        if (!value.isBlank()) {
            assertFalse(json.contains(value), "the value is not echoed: " + json);
        }
    }

    @Test
    void tooLongIsA400() {
        assertThrows(ProblemException.class, () -> IdempotencyKey.parse("k".repeat(256)));
    }

    @Test
    void theKeyIsNotInItsStringForm() {
        assertFalse(new IdempotencyKey("secret-looking-key").toString().contains("secret-looking-key"));
    }
}
