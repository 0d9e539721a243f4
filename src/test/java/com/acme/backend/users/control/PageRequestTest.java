package com.acme.backend.users.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.acme.backend.problems.ProblemException;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PageRequestTest {

    @Test
    void defaults() {
        assertEquals(new PageRequest(0, 20), PageRequest.parse(null, null));
    }

    @ParameterizedTest
    @CsvSource({
        "-1,20,offset",
        "abc,20,offset",
        "1.5,20,offset",
        "0,0,limit",
        "0,101,limit",
        "0,x,limit",
        "99999999999999999999,20,offset"
    })
    void rejects(String offset, String limit, String field) {
        ProblemException e = assertThrows(ProblemException.class, () -> PageRequest.parse(offset, limit));
        assertEquals(field, e.errors().get(0).field());
    }

    @Test
    void acceptsTheBounds() {
        assertEquals(new PageRequest(0, 1), PageRequest.parse("0", "1"));
        assertEquals(new PageRequest(5, 100), PageRequest.parse("5", "100"));
    }

    @Test
    void nextOnlyWhenRowsRemain() {
        assertEquals(OptionalLong.of(20), new PageRequest(0, 20).nextOffset(21));
        assertEquals(OptionalLong.empty(), new PageRequest(0, 20).nextOffset(20));
        assertEquals(OptionalLong.empty(), new PageRequest(40, 20).nextOffset(10));
    }

    @Test
    void previousNeverBelowZero() {
        assertEquals(OptionalLong.empty(), new PageRequest(0, 20).previousOffset());
        assertEquals(OptionalLong.of(0), new PageRequest(5, 20).previousOffset());
        assertEquals(OptionalLong.of(20), new PageRequest(40, 20).previousOffset());
    }
}
