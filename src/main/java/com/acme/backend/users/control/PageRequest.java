package com.acme.backend.users.control;

import com.acme.backend.problems.FieldError;
import com.acme.backend.problems.ProblemException;
import com.acme.backend.problems.ProblemType;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/** Offset paging: {@code offset} ≥ 0, {@code limit} in 1..{@value #MAX_LIMIT}. */
public record PageRequest(long offset, int limit) {

    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;

    /**
     * Parses the query parameters; absent ones take their defaults.
     *
     * @throws ProblemException 400 for a negative or non-numeric offset, or a limit outside 1..100
     */
    public static PageRequest parse(String offset, String limit) {
        List<FieldError> errors = new ArrayList<>();
        long parsedOffset = 0;
        int parsedLimit = DEFAULT_LIMIT;
        if (offset != null) {
            try {
                parsedOffset = Long.parseLong(offset.trim());
                if (parsedOffset < 0) {
                    errors.add(new FieldError("offset", "must be 0 or more"));
                }
            } catch (NumberFormatException e) {
                errors.add(new FieldError("offset", "must be a whole number, 0 or more"));
            }
        }
        if (limit != null) {
            try {
                parsedLimit = Integer.parseInt(limit.trim());
                if (parsedLimit < 1 || parsedLimit > MAX_LIMIT) {
                    errors.add(new FieldError("limit", "must be between 1 and " + MAX_LIMIT));
                }
            } catch (NumberFormatException e) {
                errors.add(new FieldError("limit", "must be a whole number between 1 and " + MAX_LIMIT));
            }
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(ProblemType.VALIDATION, "The paging parameters are not valid.", errors);
        }
        return new PageRequest(parsedOffset, parsedLimit);
    }

    /** The offset of the next page, if rows remain after this one. */
    public OptionalLong nextOffset(long total) {
        return offset < total - limit ? OptionalLong.of(offset + limit) : OptionalLong.empty();
    }

    /** The offset of the previous page, if this one does not start at the beginning. */
    public OptionalLong previousOffset() {
        return offset == 0 ? OptionalLong.empty() : OptionalLong.of(Math.max(0, offset - limit));
    }
}
