package com.acme.backend.problems;

import java.io.IOException;

/**
 * Thrown by a request body stream once more bytes arrive than the limit allows. An {@link IOException} so that
 * any body reader fails on it; the mappers find it in the cause chain and answer 413.
 */
public class PayloadTooLargeException extends IOException {

    private static final long serialVersionUID = 1L;

    private final long limitBytes;

    public PayloadTooLargeException(long limitBytes) {
        super("request body exceeds " + limitBytes + " bytes");
        this.limitBytes = limitBytes;
    }

    public long limitBytes() {
        return limitBytes;
    }

    public String detail() {
        return "The request body exceeds the limit of " + limitBytes + " bytes.";
    }

    public Problem toProblem(String instance) {
        return new Problem(ProblemType.PAYLOAD_TOO_LARGE, detail(), instance);
    }
}
