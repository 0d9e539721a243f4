package com.acme.backend.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DotenvParserTest {

    private static Map<String, String> parse(String text) throws DotenvFormatException {
        return DotenvParser.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    private static DotenvFormatException fails(byte[] content) {
        return assertThrows(DotenvFormatException.class, () -> DotenvParser.parse(content));
    }

    @Test
    void keysValuesCommentsAndBlankLines() throws Exception {
        assertEquals(Map.of("A", "1", "B", "two words", "C", ""), parse("""
                # rendered by Vault Agent

                A=1
                  B = two words   # a comment
                C=
                """));
    }

    @Test
    void exportPrefixAndEqualsInsideValues() throws Exception {
        assertEquals(
                Map.of("DB_PASSWORD", "a=b==c", "URL", "jdbc:mysql://h/db?x=1&y=2"),
                parse("export DB_PASSWORD=a=b==c\nexport\tURL=jdbc:mysql://h/db?x=1&y=2\n"));
    }

    @Test
    void quotedValues() throws Exception {
        assertEquals("it's #not a comment", parse("K=\"it's #not a comment\"").get("K"));
        assertEquals("raw \\n $HOME \"q\"", parse("K='raw \\n $HOME \"q\"'").get("K"));
        assertEquals(
                "line1\nline2\t\"q\" \\ $x",
                parse("K=\"line1\\nline2\\t\\\"q\\\" \\\\ \\$x\" # c").get("K"));
        assertEquals("p#ss", parse("K=p#ss").get("K"), "a # without a space before it is part of the value");
    }

    @Test
    void jsonStringLiteralsAreValidValues() throws Exception {
        // What consul-template's toJSON writes for  p<a>&"s\s'  and an emoji.
        assertEquals(
                "p<a>&\"s\\s'",
                parse("K=\"p\\u003ca\\u003e\\u0026\\\"s\\\\s'\"").get("K"));
        assertEquals("🚀/", parse("K=\"\\ud83d\\ude80\\/\"").get("K"));
        assertEquals(
                "line 1: invalid \\u escape", fails("K=\"\\u12G4\"".getBytes()).getMessage());
    }

    @Test
    void laterLinesWinAndCrLfWorks() throws Exception {
        assertEquals(Map.of("A", "2"), parse("A=1\r\nA=2\r\n"));
    }

    @Test
    void errorsNameTheLineButNotItsContent() {
        DotenvFormatException e = fails("A=1\nthis-line-holds-a-secret\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(2, e.line());
        assertEquals("line 2: expected KEY=VALUE", e.getMessage());
        assertFalse(e.getMessage().contains("secret"));
        assertEquals(
                "line 1: unterminated double-quoted value",
                fails("K=\"open".getBytes()).getMessage());
        assertEquals(
                "line 1: unterminated single-quoted value",
                fails("K='open".getBytes()).getMessage());
        assertEquals("line 1: invalid key", fails("1K=v".getBytes()).getMessage());
        assertEquals(
                "line 1: unexpected characters after the closing quote",
                fails("K=\"v\"x".getBytes()).getMessage());
    }

    @Test
    void binaryGarbageInvalidUtf8AndOversizeAreRefused() {
        assertEquals(
                "line 2: not valid UTF-8",
                fails(new byte[] {'A', '=', '1', '\n', 'B', '=', (byte) 0xC3, '('})
                        .getMessage());
        assertEquals(
                "line 1: contains a NUL character",
                fails(new byte[] {'A', '=', 0, 1, 2}).getMessage());
        assertEquals(
                "file larger than 1048576 bytes",
                fails(new byte[DotenvParser.MAX_BYTES + 1]).getMessage());
    }
}
