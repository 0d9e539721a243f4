package it.com.acme.backend.support;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Proves where the tests' bearer tokens never went: no token the identity provider issued (valid, expired, for
 * another audience...) is in any test server's log files, trace and FFDC incidents included, and no forged token
 * is in them either, except where Liberty 26.0.0.3 puts one without a switch against it: a token whose signature
 * fails or that does not parse goes whole into an FFDC incident and the FFDC1015I line announcing it, and into the
 * hidden CWWKS5523E message, which Liberty writes to trace.log. Such a token was never issued by the provider.
 */
public final class TokenHygiene implements AfterAllCallback {

    /** Runs the check after all tests of a class that uses {@code @ExtendWith(TokenHygiene.class)}. */
    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        assertNoTokenInServerLogs();
    }

    public static void assertNoTokenInServerLogs() throws IOException {
        List<String> issued = Tokens.issued();
        List<String> forged = Tokens.forged();
        Path servers = Path.of(System.getProperty("it.server.log")).getParent().getParent().getParent();
        try (Stream<Path> files = Files.walk(servers)) {
            for (Path file : files.filter(f -> Files.isRegularFile(f) && f.toString().contains("/logs/")).toList()) {
                String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                for (String token : issued) {
                    assertAbsent(content, token, file);
                }
                boolean incidentOrTrace = file.getParent().getFileName().toString().equals("ffdc")
                        || file.getFileName().toString().startsWith("trace");
                if (!incidentOrTrace) {
                    String withoutIncidentNotices = content.lines().filter(line -> !line.contains("FFDC1015I"))
                            .collect(Collectors.joining("\n"));
                    for (String token : forged) {
                        assertAbsent(withoutIncidentNotices, token, file);
                    }
                }
            }
        }
    }

    private static void assertAbsent(String content, String token, Path file) {
        assertFalse(content.contains(token), "a bearer token is in " + file);
        String signature = token.substring(token.lastIndexOf('.') + 1);
        if (signature.length() > 16) {
            assertFalse(content.contains(signature), "a token's signature is in " + file);
        }
    }
}
