package com.acme.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The GitHub Actions workflows, checked offline: valid by {@code @action-validator/cli} (pinned in the pom),
 * least-privilege permissions declared, and every action pinned by a full commit SHA.
 */
class WorkflowsTest {

    private static final Path WORKFLOWS = Path.of(".github/workflows");
    private static final Pattern USES = Pattern.compile("(?m)^\\s*(?:-\\s+)?uses:\\s*(\\S+)");

    private static List<Path> workflows() throws IOException {
        try (Stream<Path> files = Files.list(WORKFLOWS)) {
            return files.filter(f -> f.toString().endsWith(".yml") || f.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    @Test
    void thereAreWorkflows() throws IOException {
        assertFalse(workflows().isEmpty());
    }

    @Test
    void permissionsAreDeclaredAndActionsPinnedBySha() throws IOException {
        for (Path workflow : workflows()) {
            String text = Files.readString(workflow);
            assertTrue(Pattern.compile("(?m)^permissions:").matcher(text).find(), workflow + " declares permissions");
            assertFalse(text.contains("write-all"), workflow + " grants no write-all");
            Matcher uses = USES.matcher(text);
            while (uses.find()) {
                String action = uses.group(1);
                if (action.startsWith("./") || action.startsWith("docker://")) {
                    continue;
                }
                assertTrue(action.matches("[\\w.-]+/[\\w./-]+@[0-9a-f]{40}"), workflow + ": pinned by SHA: " + action);
            }
        }
    }

    @Test
    void actionValidatorFindsNoErrors() throws Exception {
        List<String> command = new ArrayList<>(List.of("npx", "--yes",
                "@action-validator/cli@" + System.getProperty("action-validator.version")));
        workflows().forEach(w -> command.add(w.toString()));
        Process validator = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(validator.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(validator.waitFor(5, TimeUnit.MINUTES), "the validator finished");
        assertEquals(0, validator.exitValue(), output);
    }
}
