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

    /** Expressions in shell text are script injection (an input, a branch name); they go in through env instead. */
    @Test
    void noExpressionIsSplicedIntoAShellScript() throws IOException {
        Pattern run = Pattern.compile("^\\s*(?:-\\s+)?run:(.*)$");
        for (Path workflow : workflows()) {
            List<String> lines = Files.readAllLines(workflow);
            for (int i = 0; i < lines.size(); i++) {
                Matcher start = run.matcher(lines.get(i));
                if (!start.matches()) {
                    continue;
                }
                StringBuilder script = new StringBuilder(start.group(1));
                // The script's lines are indented deeper than the run key itself.
                int keyColumn = lines.get(i).indexOf("run:");
                for (int j = i + 1; j < lines.size() && (lines.get(j).isBlank()
                        || lines.get(j).length() - lines.get(j).stripLeading().length() > keyColumn); j++) {
                    script.append('\n').append(lines.get(j));
                }
                assertFalse(script.toString().contains("${{"), workflow + " line " + (i + 1) + ": " + script);
            }
        }
    }

    @Test
    void releasesGoThroughTheTestedReleaseScript() throws IOException {
        assertTrue(Files.readString(WORKFLOWS.resolve("deploy.yml")).contains("deploy/scripts/release.sh deploy"));
        assertTrue(Files.readString(WORKFLOWS.resolve("rollback.yml")).contains("deploy/scripts/release.sh rollback"));
    }

    @Test
    void actionValidatorFindsNoErrors() throws Exception {
        // The validator takes one file per run.
        for (Path workflow : workflows()) {
            Process validator = new ProcessBuilder("npx", "--yes",
                    "@action-validator/cli@" + System.getProperty("action-validator.version"), workflow.toString())
                    .redirectErrorStream(true).start();
            String output = new String(validator.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(validator.waitFor(5, TimeUnit.MINUTES), "the validator finished");
            assertEquals(0, validator.exitValue(), workflow + ": " + output);
        }
    }
}
