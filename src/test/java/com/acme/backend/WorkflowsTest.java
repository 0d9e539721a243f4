package com.acme.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The GitHub Actions workflows, checked offline: validated by {@code @action-validator/cli} in .ci/lint (a step of
 * CI's own and of .ci/run, not of this test), least-privilege permissions declared, every action pinned by a full
 * commit SHA, no checkout that leaves its token behind, ECS first, the image built once in CI and deployed by digest, and deploy.yml's timeout long enough for
 * every bounded wait of the release script.
 */
class WorkflowsTest {

    private static final Path WORKFLOWS = Path.of(".github/workflows");
    private static final Path RELEASE_SCRIPT = Path.of("deploy/scripts/release.sh");
    private static final Pattern USES = Pattern.compile("(?m)^\\s*(?:-\\s+)?uses:\\s*(\\S+)");
    /** What a job needs beside release.sh's waits: checkout, Java, artifacts, the client jar, each poll's last call. */
    private static final int REST_MINUTES = 10;

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
        assertTrue(Files.readString(WORKFLOWS.resolve("rollback.yml")).contains("deploy/scripts/release.sh rollback \"$IMAGE\""));
    }

    /**
     * The step (a "- " item of a steps list) that contains line {@code index}: that line and the following ones
     * indented deeper than its dash.
     */
    private static String stepAt(List<String> lines, int index) {
        int start = index;
        while (start > 0 && !lines.get(start).stripLeading().startsWith("- ")) {
            start--;
        }
        int dash = lines.get(start).indexOf('-');
        StringBuilder step = new StringBuilder(lines.get(start));
        for (int j = start + 1; j < lines.size(); j++) {
            String line = lines.get(j);
            if (!line.isBlank() && line.length() - line.stripLeading().length() <= dash) {
                break;
            }
            step.append('\n').append(line);
        }
        return step.toString();
    }

    /** The token checkout writes into .git/config would be readable by every later step; none of them pushes. */
    @Test
    void everyCheckoutLeavesNoCredentialsBehind() throws IOException {
        int checkouts = 0;
        for (Path workflow : workflows()) {
            List<String> lines = Files.readAllLines(workflow);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).matches("\\s*(-\\s+)?uses:\\s*actions/checkout@.*")) {
                    checkouts++;
                    String step = stepAt(lines, i);
                    assertTrue(Pattern.compile("(?m)^\\s+persist-credentials:\\s*false\\s*$").matcher(step).find(),
                            workflow + " line " + (i + 1) + ": checkout without persist-credentials: false\n" + step);
                }
            }
        }
        assertTrue(checkouts >= 5, "the checkouts were found: " + checkouts);
    }

    private static int releaseDefault(String script, String name) {
        Matcher value = Pattern.compile("(?m)^" + name + "=\\$\\{" + name + ":-(\\d+)}$").matcher(script);
        assertTrue(value.find(), "release.sh has a default for " + name);
        return Integer.parseInt(value.group(1));
    }

    /** release.sh's default for a wait, unless the workflow sets that variable itself. */
    private static int waitSeconds(String script, String workflow, String name) {
        Matcher set = Pattern.compile("(?m)^\\s+" + name + ":\\s*\"?(\\d+)\"?\\s*$").matcher(workflow);
        return set.find() ? Integer.parseInt(set.group(1)) : releaseDefault(script, name);
    }

    private static int knownTargets(String script) {
        Matcher known = Pattern.compile("(?m)^KNOWN_TARGETS=\"([a-z ]+)\"$").matcher(script);
        assertTrue(known.find(), "release.sh lists its targets");
        return known.group(1).trim().split("\\s+").length;
    }

    private static int jobTimeoutMinutes(String workflow) {
        Matcher timeout = Pattern.compile("(?m)^    timeout-minutes:\\s*(\\d+)\\s*$").matcher(workflow);
        assertTrue(timeout.find(), "the job has a timeout");
        return Integer.parseInt(timeout.group(1));
    }

    private static int roleDurationSeconds(String workflow) {
        Matcher duration = Pattern.compile("(?m)^\\s+role-duration-seconds:\\s*(\\d+)\\s*$").matcher(workflow);
        assertTrue(duration.find(), "the AWS session's duration is set");
        return Integer.parseInt(duration.group(1));
    }

    /**
     * A release may go to every target and, when the last one fails, give each one the previous image back: each of
     * those passes waits at most for the rollout and for readiness, and the scan is waited for once. A job killed
     * by its timeout halfway would leave a target between images, and credentials that expire first would too.
     */
    @Test
    void deployTimeoutCoversEveryWaitOfTheReleaseScript() throws IOException {
        String script = Files.readString(RELEASE_SCRIPT);
        String deploy = Files.readString(WORKFLOWS.resolve("deploy.yml"));
        int targets = knownTargets(script);
        int needed = targets * 2 * (waitSeconds(script, deploy, "RELEASE_WAIT_SECONDS")
                + waitSeconds(script, deploy, "SMOKE_WAIT_SECONDS")) + waitSeconds(script, deploy, "SCAN_WAIT_SECONDS");
        int timeout = jobTimeoutMinutes(deploy);
        assertEquals(2, targets, "ecs and apprunner");
        assertTrue(timeout * 60 >= needed + REST_MINUTES * 60,
                "deploy.yml timeout-minutes " + timeout + " < " + needed + " s of waits + " + REST_MINUTES + " min");
        assertTrue(deploy.contains("x 2 passes x"), "the formula is in a comment");
        assertTrue(roleDurationSeconds(deploy) >= timeout * 60, "the AWS session lasts as long as the job may");
    }

    /** A rollback has no automatic undo: one pass per target. */
    @Test
    void rollbackTimeoutCoversEveryWaitOfTheReleaseScript() throws IOException {
        String script = Files.readString(RELEASE_SCRIPT);
        String rollback = Files.readString(WORKFLOWS.resolve("rollback.yml"));
        int needed = knownTargets(script) * (waitSeconds(script, rollback, "RELEASE_WAIT_SECONDS")
                + waitSeconds(script, rollback, "SMOKE_WAIT_SECONDS")) + waitSeconds(script, rollback, "SCAN_WAIT_SECONDS");
        int timeout = jobTimeoutMinutes(rollback);
        assertTrue(timeout * 60 >= needed + REST_MINUTES * 60,
                "rollback.yml timeout-minutes " + timeout + " < " + needed + " s of waits + " + REST_MINUTES + " min");
        assertTrue(roleDurationSeconds(rollback) >= timeout * 60, "the AWS session lasts as long as the job may");
    }

    /** App Runner is closed to new customers: ECS is the default everywhere and comes first in what operators read. */
    @Test
    void ecsLeads() throws IOException {
        String deploy = Files.readString(WORKFLOWS.resolve("deploy.yml"));
        String rollback = Files.readString(WORKFLOWS.resolve("rollback.yml"));
        assertTrue(deploy.contains("TARGETS: ${{ vars.TARGETS || 'ecs' }}"), "deploy.yml defaults to ECS");
        assertTrue(Pattern.compile("options:\\s*\\[ecs,").matcher(rollback).find(), "rollback.yml lists ECS first");
        assertTrue(Pattern.compile("(?m)^\\s+default:\\s*ecs\\s*$").matcher(rollback).find(), "rollback.yml defaults to ECS");
        for (String workflow : List.of(deploy, rollback)) {
            String header = workflow.substring(0, workflow.indexOf("\nname:"));
            assertTrue(header.contains("ECS") && header.indexOf("ECS") < header.indexOf("App Runner"),
                    "the header comment leads with ECS: " + header);
        }
        assertTrue(Files.readString(RELEASE_SCRIPT).contains("TARGETS=${TARGETS:-ecs}"), "release.sh defaults to ECS");
    }

    /** The image CI tested is the image deployed: built once in ci.yml, handed over by digest, never rebuilt. */
    @Test
    void deployTakesTheDigestCiBuiltAndTested() throws IOException {
        String ci = Files.readString(WORKFLOWS.resolve("ci.yml"));
        String deploy = Files.readString(WORKFLOWS.resolve("deploy.yml"));
        assertFalse(deploy.contains("docker build") || deploy.contains("docker push"), "deploy.yml builds nothing");
        String imageJob = ci.substring(ci.indexOf("\n  image:"));
        assertTrue(imageJob.contains("needs: [verify, lint, deploy-stacks]"),
                "the image is built after every test and linter passed");
        assertEquals(1, imageJob.split("docker build", -1).length - 1, "built once");
        assertTrue(imageJob.contains("docker push") && imageJob.contains("id-token: write"), "pushed with OIDC");
        assertTrue(imageJob.contains("github.ref == 'refs/heads/main'"), "pushed from main only");
        assertTrue(imageJob.contains("name: image"), "the digest is handed over as the artifact image");
        assertTrue(deploy.contains("uses: actions/download-artifact@"), "deploy.yml downloads it");
        assertTrue(deploy.contains("run-id: ${{ github.event.workflow_run.id }}")
                && deploy.contains("github-token: ${{ secrets.GITHUB_TOKEN }}"), "from the triggering ci run");
        assertTrue(Pattern.compile("(?m)^      actions: read$").matcher(deploy).find(), "which needs actions: read");
        assertTrue(deploy.contains("deploy/scripts/release.sh deploy \"$IMAGE_DIGEST\""), "and deploys the digest");
    }

    /** The release script is tested as GitHub runs it and as a workstation does, by .ci/run and by ci.yml. */
    @Test
    void releaseScriptTestsRunWithAndWithoutGitHubActions() throws IOException {
        String pom = Files.readString(Path.of("deploy/pom.xml")).replaceAll("\\s+", " ");
        for (String mode : List.of("plain", "github")) {
            assertTrue(pom.contains("<argument>${project.basedir}/scripts/test/release-test.sh</argument> <argument>"
                    + mode + "</argument>"), "deploy/pom.xml runs release-test.sh " + mode);
        }
        assertTrue(Files.readString(WORKFLOWS.resolve("ci.yml")).contains("./mvnw -B -ntp -f deploy/pom.xml verify"));
        assertTrue(Files.readString(Path.of(".ci/run")).contains("./mvnw -B -ntp -f deploy/pom.xml verify"));
    }

    /**
     * Both databases the fixture can use are tested, as one matrix job: Testcontainers' MySQL (no service, no
     * IT_DB_HOST) and a MySQL service container at IT_DB_HOST.
     */
    @Test
    void theTestsRunOnTestcontainersAndOnAServiceContainer() throws IOException {
        String ci = Files.readString(WORKFLOWS.resolve("ci.yml"));
        String verify = ci.substring(ci.indexOf("\n  verify:"), ci.indexOf("\n  lint:"));
        assertTrue(Pattern.compile("- database: testcontainers\\s+label: [^\\n]+\\s+service-image: \"\"\\s+db-host: \"\"")
                .matcher(verify).find(), "a Testcontainers leg without service or IT_DB_HOST:\n" + verify);
        assertTrue(Pattern.compile("- database: mysql-service\\s+label: [^\\n]+\\s+service-image: mysql:8\\.4\\s+"
                + "db-host: 127\\.0\\.0\\.1").matcher(verify).find(), "a MySQL service leg:\n" + verify);
        assertTrue(verify.contains("image: ${{ matrix.service-image }}"), "the service follows the matrix");
        assertTrue(verify.contains("IT_DB_HOST: ${{ matrix.db-host }}"), "and so does IT_DB_HOST");
        assertTrue(verify.contains("run: ./mvnw -B -ntp verify"), "the README's test command");
    }

    /**
     * The linters that need npx (every workflow by @action-validator/cli, the Containerfile by dockerfilelint) are
     * .ci/lint, outside {@code mvn test}: a step of CI's own, and run by .ci/run before the build.
     */
    @Test
    void repositoryLintersRunInCiAndInCiRun() throws IOException {
        String lint = Files.readString(Path.of(".ci/lint"));
        assertTrue(lint.contains("npx --yes \"@action-validator/cli@${ACTION_VALIDATOR_VERSION}\" \"$workflow\"")
                && lint.contains("for workflow in .github/workflows/*.yml .github/workflows/*.yaml"), "every workflow");
        assertTrue(lint.contains("npx --yes \"dockerfilelint@${DOCKERFILELINT_VERSION}\" Containerfile")
                && lint.contains("Issues: None found"), "the Containerfile, clean");
        assertEquals(2, Pattern.compile("(?m)^(ACTION_VALIDATOR|DOCKERFILELINT)_VERSION=\\d+\\.\\d+\\.\\d+$")
                .matcher(lint).results().count(), "both pinned");
        String ci = Files.readString(WORKFLOWS.resolve("ci.yml"));
        assertTrue(ci.substring(ci.indexOf("\n  lint:")).contains("run: bash .ci/lint"), "a CI step of its own");
        String run = Files.readString(Path.of(".ci/run"));
        int lints = run.indexOf("\nbash .ci/lint\n");
        assertTrue(lints >= 0 && lints < run.indexOf("\n./mvnw -B -ntp verify\n"), ".ci/run lints, then runs the README's test command");
    }
}
