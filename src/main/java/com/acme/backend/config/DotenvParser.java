package com.acme.backend.config;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Parses the dotenv format Vault Agent's template renders: {@code KEY=VALUE} lines, blank lines and {@code #}
 * comments, an optional {@code export } prefix, values unquoted (trimmed, ending at " #"), single-quoted
 * (literal) or double-quoted (with {@code \n \r \t \" \\ \$} escapes and JSON's, so that a JSON string literal,
 * as Vault Agent's {@code toJSON} writes it, is a valid value). A value may contain {@code =}. A later line wins
 * over an earlier one with the same key.
 */
public final class DotenvParser {

    /** Files larger than this are refused: a secrets file is a few kilobytes. */
    public static final int MAX_BYTES = 1024 * 1024;

    private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_.\\-]*");

    private DotenvParser() {}

    public static Map<String, String> parse(byte[] content) throws DotenvFormatException {
        if (content.length > MAX_BYTES) {
            throw new DotenvFormatException(0, "file larger than " + MAX_BYTES + " bytes");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(content))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new DotenvFormatException(lineOf(content, e), "not valid UTF-8");
        }
        Map<String, String> values = new LinkedHashMap<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int number = i + 1;
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.indexOf('\0') >= 0) {
                throw new DotenvFormatException(number, "contains a NUL character");
            }
            if (line.startsWith("export ") || line.startsWith("export\t")) {
                line = line.substring("export".length()).strip();
            }
            int equals = line.indexOf('=');
            if (equals < 0) {
                throw new DotenvFormatException(number, "expected KEY=VALUE");
            }
            String key = line.substring(0, equals).strip();
            if (!KEY.matcher(key).matches()) {
                throw new DotenvFormatException(number, "invalid key");
            }
            values.put(key, value(line.substring(equals + 1).strip(), number));
        }
        return Map.copyOf(values);
    }

    private static String value(String raw, int number) throws DotenvFormatException {
        if (raw.startsWith("'")) {
            int end = raw.indexOf('\'', 1);
            if (end < 0) {
                throw new DotenvFormatException(number, "unterminated single-quoted value");
            }
            requireOnlyComment(raw.substring(end + 1), number);
            return raw.substring(1, end);
        }
        if (raw.startsWith("\"")) {
            StringBuilder value = new StringBuilder();
            for (int i = 1; i < raw.length(); i++) {
                char c = raw.charAt(i);
                if (c == '"') {
                    requireOnlyComment(raw.substring(i + 1), number);
                    return value.toString();
                }
                if (c == '\\' && i + 1 < raw.length()) {
                    char next = raw.charAt(++i);
                    switch (next) {
                        case 'n' -> value.append('\n');
                        case 'r' -> value.append('\r');
                        case 't' -> value.append('\t');
                        case '"', '\\', '$', '\'', '/' -> value.append(next);
                        case 'b' -> value.append('\b');
                        case 'f' -> value.append('\f');
                        case 'u' -> {
                            // JSON's escape: Vault Agent's templates quote values with toJSON, which writes
                            // <, > and & (and control characters) as \\uXXXX.
                            if (i + 4 >= raw.length()) {
                                throw new DotenvFormatException(number, "incomplete \\u escape");
                            }
                            try {
                                value.append((char) Integer.parseInt(raw.substring(i + 1, i + 5), 16));
                            } catch (NumberFormatException e) {
                                throw new DotenvFormatException(number, "invalid \\u escape");
                            }
                            i += 4;
                        }
                        default -> throw new DotenvFormatException(number, "unknown escape in double-quoted value");
                    }
                } else {
                    value.append(c);
                }
            }
            throw new DotenvFormatException(number, "unterminated double-quoted value");
        }
        int comment = commentStart(raw);
        return (comment >= 0 ? raw.substring(0, comment) : raw).strip();
    }

    private static void requireOnlyComment(String rest, int number) throws DotenvFormatException {
        String trimmed = rest.strip();
        if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
            throw new DotenvFormatException(number, "unexpected characters after the closing quote");
        }
    }

    // An unquoted value ends where " #" starts a comment; a '#' inside a value (e.g. a password) stays.
    private static int commentStart(String raw) {
        for (int i = 1; i < raw.length(); i++) {
            if (raw.charAt(i) == '#' && Character.isWhitespace(raw.charAt(i - 1))) {
                return i;
            }
        }
        return -1;
    }

    private static int lineOf(byte[] content, CharacterCodingException e) {
        // The decoder does not say where; find the first malformed sequence by decoding line by line.
        int line = 1;
        int start = 0;
        for (int i = 0; i <= content.length; i++) {
            if (i == content.length || content[i] == '\n') {
                try {
                    StandardCharsets.UTF_8
                            .newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(content, start, i - start));
                } catch (CharacterCodingException bad) {
                    return line;
                }
                line++;
                start = i + 1;
            }
        }
        return 0;
    }
}
