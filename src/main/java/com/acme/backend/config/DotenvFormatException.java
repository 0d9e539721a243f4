package com.acme.backend.config;

/** A dotenv file that cannot be used. The message names the line number and the rule, never the line's content. */
public class DotenvFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int line;

    public DotenvFormatException(int line, String reason) {
        super(line > 0 ? "line " + line + ": " + reason : reason);
        this.line = line;
    }

    /** The 1-based line number, or 0 when the problem is the whole file. */
    public int line() {
        return line;
    }
}
