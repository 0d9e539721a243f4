package com.acme.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The Containerfile's invariants, checked offline (no container engine runs here; CI builds the image): several
 * stages, pinned base images, a non-root user in the final stage, no secrets in build arguments or the
 * environment, the entrypoint, the port, container-sized JVM options, OCI labels; and a clean lint.
 */
class ContainerfileTest {

    private static final Path CONTAINERFILE = Path.of("Containerfile");
    private static final Pattern FROM = Pattern.compile("(?m)^FROM\\s+(\\S+)(\\s+AS\\s+\\S+)?\\s*$");

    private static String containerfile() throws IOException {
        return Files.readString(CONTAINERFILE);
    }

    private static String finalStage(String text) {
        return text.substring(text.lastIndexOf("\nFROM "));
    }

    @Test
    void buildsInStagesFromPinnedImages() throws IOException {
        List<String> images = FROM.matcher(containerfile()).results().map(m -> m.group(1)).toList();
        assertTrue(images.size() >= 2, "multi-stage: " + images);
        for (String image : images) {
            assertTrue(image.matches("[^:@]+(:[^:@]+)(@sha256:[0-9a-f]{64})?"), "pinned by tag: " + image);
            assertFalse(image.endsWith(":latest"), "not latest: " + image);
        }
    }

    @Test
    void runsAsANonRootUserWithTheEntrypoint() throws IOException {
        String last = finalStage(containerfile());
        assertTrue(Pattern.compile("(?m)^USER 1001\\s*$").matcher(last).find(), "USER 1001 in the final stage");
        assertTrue(last.contains("ENTRYPOINT [\"/opt/backend/vault-agent/entrypoint.sh\"]"), "exec-form entrypoint");
        assertTrue(Pattern.compile("(?m)^EXPOSE 9080\\s*$").matcher(last).find());
        assertTrue(last.contains("VAULT_SECRETS_REQUIRED=true"));
        assertTrue(last.contains("-XX:MaxRAMPercentage="), "JVM sized for the container");
        assertTrue(last.contains("chmod 700 /vault/secrets"), "the secrets directory is the service user's only");
        for (String label : new String[] {"source", "revision", "version"}) {
            assertTrue(last.contains("org.opencontainers.image." + label + "="), "OCI label " + label);
        }
    }

    @Test
    void carriesNoSecrets() throws IOException {
        // Instructions joined across their continuation lines: an ENV can set several variables over many lines.
        String instructions = containerfile().replaceAll("\\\\\\s*\\n\\s*", " ");
        // A variable named like a credential (API_TOKEN, VAULT_SECRET_ID...), not merely mentioning one
        // (VAULT_SECRETS_REQUIRED).
        Pattern secretish = Pattern.compile(
                "(?im)^\\s*(ARG|ENV)\\s+.*\\b\\w*(PASSWORD|SECRET|TOKEN|PRIVATE_KEY|ACCESS_KEY)(_ID)?\\b");
        assertFalse(secretish.matcher(instructions).find(), "no secret in ARG or ENV");
        String ignore = Files.readString(Path.of(".containerignore"));
        assertTrue(ignore.contains("**/target") && ignore.contains(".git"), "the build context leaves local state out");
        assertEquals(ignore, Files.readString(Path.of(".dockerignore")), "the same rules for Docker");
    }

    @Test
    void jvmOptionsStartOnEitherVm() throws IOException {
        // HotSpot-only (or OpenJ9-only) flags would stop the other VM from starting.
        for (String line : Files.readAllLines(Path.of("src/main/liberty/config/jvm.options"))) {
            assertFalse(line.startsWith("-XX:") || line.startsWith("-Xshare") || line.startsWith("-Xquickstart"), line);
        }
    }

    @Test
    void lintsClean() throws Exception {
        Process lint = new ProcessBuilder("npx", "--yes", "dockerfilelint@" + System.getProperty("dockerfilelint.version"),
                CONTAINERFILE.toString()).redirectErrorStream(true).start();
        String output = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(lint.waitFor(5, TimeUnit.MINUTES), "the linter finished");
        assertEquals(0, lint.exitValue(), output);
        assertTrue(output.contains("Issues: None found"), output);
    }
}
