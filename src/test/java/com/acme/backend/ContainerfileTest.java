package com.acme.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Containerfile's invariants, checked offline (no container engine runs here; CI builds the image): several
 * stages, pinned base images, a non-root user in the final stage, no secrets in build arguments or the
 * environment, the entrypoint, the port, container-sized JVM options, OCI labels, Amazon RDS's CA bundle as a
 * password-less PKCS12 trust store (its conversion script run here on a bundle of self-made CAs). Its lint is
 * .ci/lint's (see WorkflowsTest).
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
        // A fixed heap chosen by measurement, which deploy/'s MemoryBudget sizes the instances from; not a share of
        // whatever memory the platform gives.
        assertFalse(last.contains("MaxRAMPercentage"), "no heap as a percentage");
        java.util.regex.Matcher heap = Pattern.compile("-Xms(\\d+)m -Xmx(\\d+)m").matcher(last);
        assertTrue(heap.find(), "a fixed heap: -Xms and -Xmx");
        assertEquals(heap.group(1), heap.group(2), "-Xms = -Xmx");
        assertTrue(last.contains("-XX:+UseSerialGC"), "the serial collector");
        assertTrue(last.contains("MALLOC_ARENA_MAX=2"), "two malloc arenas");
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

    private static final Path TRUSTSTORE_SCRIPT = Path.of("deploy/scripts/rds-truststore.sh");

    @Test
    void carriesTheRdsCaBundleAsATrustStore() throws IOException {
        String text = containerfile();
        assertTrue(text.contains("ADD https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem "),
                "Amazon RDS's global bundle is fetched");
        assertTrue(text.contains("COPY " + TRUSTSTORE_SCRIPT + " "), "by the tested conversion script");
        assertTrue(Pattern.compile("(?m)^RUN bash \\S*rds-truststore\\.sh \\S*global-bundle\\.pem \\S*rds-ca\\.p12$")
                .matcher(text).find(), "which converts it");
        assertTrue(Pattern.compile("(?m)^COPY --from=\\S+ \\S*rds-ca\\.p12 /opt/backend/rds-ca\\.p12$")
                .matcher(finalStage(text)).find(), "the final stage has /opt/backend/rds-ca.p12");
    }

    private static void keytool(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        Process keytool = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(keytool.waitFor(2, TimeUnit.MINUTES), "keytool finished");
        assertEquals(0, keytool.exitValue(), String.join(" ", args) + ": " + output);
    }

    private static Process convert(Path bundle, Path store) throws IOException {
        ProcessBuilder script = new ProcessBuilder("bash", TRUSTSTORE_SCRIPT.toString(), bundle.toString(), store.toString())
                .redirectErrorStream(true);
        // The script's keytool is the one of the JDK running this test, as the build stage's is its JDK's.
        script.environment().put("KEYTOOL", Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        return script.start();
    }

    /**
     * A bundle of three self-made CAs (with text between them, as bundles may have) becomes a store that
     * {@code KeyStore.load} opens with an empty password and with none, as Connector/J may, holding every one of them:
     * keytool -importcert takes one certificate per call, so a naive conversion would keep only the first.
     */
    @Test
    void theConversionKeepsEveryCertificateAndNeedsNoPassword(@TempDir Path dir) throws Exception {
        StringBuilder bundle = new StringBuilder("# a self-made bundle\n");
        for (int i = 1; i <= 3; i++) {
            keytool(dir, "-genkeypair", "-alias", "ca" + i, "-dname", "CN=Test CA " + i, "-keyalg", "EC",
                    "-ext", "bc:c", "-keystore", "cas.p12", "-storepass", "changeit");
            keytool(dir, "-exportcert", "-rfc", "-alias", "ca" + i, "-keystore", "cas.p12", "-storepass", "changeit",
                    "-file", "ca" + i + ".pem");
            bundle.append(Files.readString(dir.resolve("ca" + i + ".pem"))).append('\n');
        }
        Path pem = Files.writeString(dir.resolve("bundle.pem"), bundle);
        Set<Certificate> expected = new HashSet<>();
        try (InputStream in = Files.newInputStream(pem)) {
            expected.addAll(CertificateFactory.getInstance("X.509").generateCertificates(in));
        }
        assertEquals(3, expected.size());

        Path store = dir.resolve("rds-ca.p12");
        Process script = convert(pem, store);
        String output = new String(script.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(script.waitFor(2, TimeUnit.MINUTES), "the script finished");
        assertEquals(0, script.exitValue(), output);

        byte[] bytes = Files.readAllBytes(store);
        for (char[] password : new char[][] {"".toCharArray(), null}) {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(new ByteArrayInputStream(bytes), password);
            Set<Certificate> found = new HashSet<>();
            for (String alias : Collections.list(trust.aliases())) {
                assertTrue(trust.isCertificateEntry(alias), alias + " is a trusted certificate");
                found.add(trust.getCertificate(alias));
            }
            assertEquals(expected, found, "every certificate, password " + (password == null ? "null" : "empty"));
        }
    }

    @Test
    void theConversionRefusesABundleWithoutCertificates(@TempDir Path dir) throws Exception {
        Path pem = Files.writeString(dir.resolve("bundle.pem"), "<html>not a bundle</html>\n");
        Path store = dir.resolve("rds-ca.p12");
        Process script = convert(pem, store);
        String output = new String(script.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(script.waitFor(2, TimeUnit.MINUTES), "the script finished");
        assertTrue(script.exitValue() != 0, output);
        assertFalse(Files.exists(store), "no store is left behind");
    }
}
