package com.acme.backend.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.acme.backend.problems.ProblemException;
import com.acme.backend.problems.ProblemType;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonBodiesTest {

    private static InputStream bytes(byte[] data) {
        return new ByteArrayInputStream(data);
    }

    private static ProblemException fails(InputStream in) {
        return assertThrows(ProblemException.class, () -> JsonBodies.readObject(in));
    }

    @Test
    void readsAnObject() {
        assertEquals(
                "Zoë",
                JsonBodies.readObject(bytes("{\"name\":\"Zoë\"}".getBytes(StandardCharsets.UTF_8)))
                        .getString("name"));
    }

    @Test
    void invalidUtf8IsRejectedNotReplaced() {
        byte[] body = {'{', '"', 'n', '"', ':', '"', (byte) 0xC3, '(', '"', '}'};
        ProblemException e = fails(bytes(body));
        assertEquals(ProblemType.VALIDATION, e.type());
        assertEquals("The request body is not valid UTF-8.", e.getMessage());
    }

    @Test
    void malformedEmptyAndNonObjectBodiesAre400() {
        assertEquals(
                "The request body is not valid JSON.",
                fails(bytes("{\"a\":".getBytes())).getMessage());
        assertEquals(
                "The request body is not valid JSON.", fails(bytes(new byte[0])).getMessage());
        assertEquals(
                "The request body must be a JSON object.",
                fails(bytes("[1]".getBytes())).getMessage());
        assertEquals(
                "The request body must be a JSON object.",
                fails(bytes("\"text\"".getBytes())).getMessage());
    }

    @Test
    void trailingDataAfterTheObjectIsRejected() {
        assertEquals(
                ProblemType.VALIDATION,
                fails(bytes("{\"a\":1} {\"b\":2}".getBytes())).type());
        assertEquals(
                "The request body is not valid JSON.",
                fails(bytes("{\"a\":1} garbage".getBytes())).getMessage());
        assertEquals(
                1, JsonBodies.readObject(bytes("{\"a\":1} \r\n\t ".getBytes())).getInt("a"));
    }

    @Test
    void paddingAfterTheObjectCountsTowardsTheLimit() {
        byte[] padded = ("{\"a\":1}" + " ".repeat(BodyLimitFilter.MAX_BODY_BYTES)).getBytes();
        assertEquals(
                ProblemType.PAYLOAD_TOO_LARGE,
                fails(new LimitedInputStream(bytes(padded), BodyLimitFilter.MAX_BODY_BYTES))
                        .type());
    }

    @Test
    void deepNestingIsRejected() {
        String deep = "{\"a\":".repeat(5000) + "1" + "}".repeat(5000);
        assertEquals(ProblemType.VALIDATION, fails(bytes(deep.getBytes())).type());
    }

    @Test
    void bodiesOverTheLimitAre413() {
        byte[] big = ("{\"name\":\"" + "x".repeat(BodyLimitFilter.MAX_BODY_BYTES) + "\"}").getBytes();
        ProblemException e = fails(new LimitedInputStream(bytes(big), BodyLimitFilter.MAX_BODY_BYTES));
        assertEquals(ProblemType.PAYLOAD_TOO_LARGE, e.type());
    }
}
