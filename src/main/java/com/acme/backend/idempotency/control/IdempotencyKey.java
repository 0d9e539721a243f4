package com.acme.backend.idempotency.control;

import com.acme.backend.problems.FieldError;
import com.acme.backend.problems.ProblemException;
import com.acme.backend.problems.ProblemType;
import java.util.List;
import java.util.Optional;

/**
 * A client's {@code Idempotency-Key}: 1 to {@value #MAX_LENGTH} visible ASCII characters (a UUID is the usual
 * choice). Keys are scoped to the caller: two callers may use the same key.
 */
public record IdempotencyKey(String value) {

    public static final String HEADER = "Idempotency-Key";
    public static final int MAX_LENGTH = 255;

    public IdempotencyKey {
        if (!valid(value)) {
            throw new IllegalArgumentException("not a valid idempotency key");
        }
    }

    /**
     * The key in a request's header, if it has one.
     *
     * @throws ProblemException (400) when the header is present but not a valid key; the detail never repeats it
     */
    public static Optional<IdempotencyKey> parse(String header) {
        if (header == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new IdempotencyKey(header));
        } catch (IllegalArgumentException invalid) {
            throw new ProblemException(
                    ProblemType.VALIDATION,
                    "The request is not valid.",
                    List.of(new FieldError(
                            HEADER, "must be 1 to " + MAX_LENGTH + " visible ASCII characters, such as a UUID")));
        }
    }

    private static boolean valid(String value) {
        return value != null
                && !value.isEmpty()
                && value.length() <= MAX_LENGTH
                && value.chars().allMatch(c -> c >= 0x21 && c <= 0x7e);
    }

    @Override
    public String toString() {
        return "IdempotencyKey[" + value.length() + " characters]";
    }
}
