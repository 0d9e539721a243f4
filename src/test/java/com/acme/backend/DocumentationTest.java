package com.acme.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documents stay usable as they are moved and edited: every relative link leads to a file that exists and, with
 * a {@code #fragment}, to a heading (or an explicit anchor) of that file, as GitHub renders it; the README stays a
 * landing page with the two set-up commands; and every page under docs/ can be reached from the README's map.
 */
class DocumentationTest {

    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final int README_MAX_BYTES = 10 * 1024;

    /** Inline links and images, {@code [text](target "title")}; the text may span lines. */
    private static final Pattern INLINE_LINK = Pattern.compile(
            "!?\\[(?:[^\\[\\]]|\\[[^\\]]*\\])*\\]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    /** Reference definitions, {@code [label]: target}. */
    private static final Pattern REFERENCE = Pattern.compile("(?m)^ {0,3}\\[[^\\]]+\\]:\\s*<?(\\S+?)>?(?:\\s.*)?$");
    private static final Pattern HTML_HREF = Pattern.compile("<a\\s[^>]*href=\"([^\"]+)\"");
    private static final Pattern HTML_ANCHOR = Pattern.compile("<a\\s[^>]*(?:id|name)=\"([^\"]+)\"");
    private static final Pattern HEADING = Pattern.compile("(?m)^ {0,3}(#{1,6})\\s+(.*?)\\s*#*\\s*$");
    /** An inline code span: matching backtick runs, within one paragraph. */
    private static final Pattern CODE_SPAN = Pattern.compile("(`+)(?:(?!\\1)(?!\n\n).)+?\\1", Pattern.DOTALL);
    private static final Pattern FENCE = Pattern.compile("(?m)^ {0,3}(`{3,}|~{3,})");

    /** The documents a reader follows links through; docs/ is taken whole, ADRs included. */
    static List<Path> documents() {
        List<Path> documents = new ArrayList<>();
        for (String file : List.of("README.md", "client/README.md", "bench/README.md", "deploy/README.md",
                "vault-agent/README.md")) {
            documents.add(ROOT.resolve(file));
        }
        try (Stream<Path> docs = Files.walk(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(documents::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return documents;
    }

    @Test
    void everyRelativeLinkLeadsToAFileAndAnAnchorThatExist() {
        List<Path> documents = documents();
        for (Path document : documents) {
            assertTrue(Files.isRegularFile(document), "missing document " + ROOT.relativize(document));
        }
        int links = documents.stream().mapToInt(d -> (int) linkTargets(read(d)).stream()
                .filter(t -> !isExternal(t)).count()).sum();
        assertTrue(links > 50, "the link parser finds the documents' links: only " + links);
        assertEquals(List.of(), brokenLinks(ROOT, documents), "broken links");
    }

    @Test
    void aMissingFileOrAnchorIsReported(@TempDir Path root) throws IOException {
        Files.writeString(root.resolve("a.md"), "# A\n\n## Kept\n\n[ok](b.md#there) [self](#kept) [gone](c.md)"
                + " [no anchor](b.md#elsewhere)\n\n`[code](d.md)`\n\n```sh\n[fenced](e.md)\n```\n");
        Files.writeString(root.resolve("b.md"), "# B\n\n## There\n");
        assertEquals(List.of("a.md: (c.md) names a file that does not exist",
                "a.md: (b.md#elsewhere) names an anchor that b.md does not have"),
                brokenLinks(root, List.of(root.resolve("a.md"))));
    }

    /** Each relative link of the documents whose file, or whose anchor in a Markdown file, does not exist. */
    static List<String> brokenLinks(Path root, List<Path> documents) {
        Map<Path, Set<String>> anchorsByFile = new HashMap<>();
        List<String> broken = new ArrayList<>();
        for (Path document : documents) {
            for (String target : linkTargets(read(document))) {
                if (isExternal(target)) {
                    continue;
                }
                int hash = target.indexOf('#');
                String file = hash < 0 ? target : target.substring(0, hash);
                String fragment = hash < 0 ? null : target.substring(hash + 1);
                Path resolved = file.isEmpty() ? document : document.getParent().resolve(decode(file)).normalize();
                String where = root.relativize(document) + ": (" + target + ")";
                if (!resolved.startsWith(root)) {
                    broken.add(where + " leaves the repository");
                } else if (!Files.exists(resolved)) {
                    broken.add(where + " names a file that does not exist");
                } else if (fragment != null && !fragment.isEmpty() && resolved.toString().endsWith(".md")) {
                    Set<String> anchors = anchorsByFile.computeIfAbsent(resolved, DocumentationTest::anchors);
                    if (!anchors.contains(decode(fragment).toLowerCase(Locale.ROOT))) {
                        broken.add(where + " names an anchor that " + root.relativize(resolved) + " does not have");
                    }
                }
            }
        }
        return broken;
    }

    @Test
    void theReadmeIsALandingPageWithExactlyTheTwoSetUpCommands() throws IOException {
        Path readme = ROOT.resolve("README.md");
        long size = Files.size(readme);
        assertTrue(size <= README_MAX_BYTES, "README.md is " + size + " bytes; a landing page stays within "
                + README_MAX_BYTES + ": move details to docs/");
        // Every shell block of the README together: the two commands a new developer needs, and nothing else.
        List<String> commands = new ArrayList<>();
        for (String block : fencedBlocks(read(readme), "sh")) {
            block.lines().map(line -> line.replaceFirst("\\s+#.*$", "").strip())
                    .filter(line -> !line.isEmpty() && !line.startsWith("#")).forEach(commands::add);
        }
        assertEquals(List.of("./mvnw liberty:run", "./mvnw verify"), commands, "the README's set-up commands");
    }

    @Test
    void everyPageUnderDocsIsReachableFromTheReadme() throws IOException {
        Set<Path> reachable = new LinkedHashSet<>();
        List<Path> queue = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        while (!queue.isEmpty()) {
            Path document = queue.remove(0);
            if (!reachable.add(document)) {
                continue;
            }
            for (String target : linkTargets(read(document))) {
                if (isExternal(target)) {
                    continue;
                }
                String file = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
                Path resolved = file.isEmpty() ? document : document.getParent().resolve(decode(file)).normalize();
                if (resolved.toString().endsWith(".md") && Files.isRegularFile(resolved)) {
                    queue.add(resolved);
                }
            }
        }
        List<String> unreachable = documents().stream().filter(p -> p.startsWith(ROOT.resolve("docs")))
                .filter(p -> !reachable.contains(p)).map(p -> ROOT.relativize(p).toString())
                .collect(Collectors.toList());
        assertEquals(List.of(), unreachable, "pages under docs/ that no link from the README leads to");
    }

    @Test
    void anchorsFollowGitHubsRules() {
        // The anchors the documents link to, as GitHub renders these headings.
        assertEquals("3-secret-rotation", slug("3. Secret rotation"));
        assertEquals("what-liberty-26003-does-with-a-token-it-has-seen",
                slug("What Liberty 26.0.0.3 does with a token it has seen"));
        assertEquals("the-containers-environment", slug("The container's environment"));
        assertEquals("safe-retries-with-idempotency-key", slug("Safe retries with `Idempotency-Key`"));
        assertEquals("deploy--the-services-aws-infrastructure-aws-cdk-java",
                slug("deploy/ — the service's AWS infrastructure (AWS CDK, Java)"));
        Set<String> anchors = anchorsOf("# A\n\n```sh\n# not a heading\n```\n\n## A\n\n## B <a id=\"b-old\"></a>\n");
        assertEquals(Set.of("a", "a-1", "b", "b-old"), anchors);
    }

    private static List<String> linkTargets(String markdown) {
        String text = withoutCode(markdown);
        List<String> targets = new ArrayList<>();
        for (Pattern pattern : List.of(INLINE_LINK, REFERENCE, HTML_HREF)) {
            Matcher m = pattern.matcher(text);
            while (m.find()) {
                targets.add(m.group(1));
            }
        }
        return targets;
    }

    private static boolean isExternal(String target) {
        return target.matches("(?i)^[a-z][a-z0-9+.-]*:.*");
    }

    private static Set<String> anchors(Path file) {
        return anchorsOf(read(file));
    }

    /** GitHub's heading ids: each heading's slug, with -1, -2... for repeats, plus explicit HTML anchors. */
    static Set<String> anchorsOf(String markdown) {
        String text = withoutFencedBlocks(markdown);
        Set<String> anchors = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        Matcher heading = HEADING.matcher(text);
        while (heading.find()) {
            String base = slug(heading.group(2));
            int count = seen.merge(base, 1, Integer::sum);
            anchors.add(count == 1 ? base : base + "-" + (count - 1));
        }
        Matcher anchor = HTML_ANCHOR.matcher(text);
        while (anchor.find()) {
            anchors.add(anchor.group(1).toLowerCase(Locale.ROOT));
        }
        return anchors;
    }

    /** A heading's text as GitHub turns it into an id: markup and punctuation dropped, spaces made hyphens. */
    static String slug(String heading) {
        String text = heading.replaceAll("<[^>]+>", "")
                .replaceAll("!?\\[([^\\]]*)\\]\\([^)]*\\)", "$1")
                .replace("`", "").replace("*", "");
        return text.strip().toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{N}\\p{M}\\p{Pc} -]", "")
                .replace(' ', '-');
    }

    /** The contents of the fenced blocks whose info string is {@code language}. */
    private static List<String> fencedBlocks(String markdown, String language) {
        List<String> blocks = new ArrayList<>();
        String[] lines = markdown.split("\n", -1);
        StringBuilder block = null;
        String fence = null;
        boolean wanted = false;
        for (String line : lines) {
            String stripped = line.strip();
            if (fence == null) {
                Matcher m = FENCE.matcher(line);
                if (m.lookingAt()) {
                    fence = m.group(1);
                    wanted = stripped.substring(fence.length()).strip().equals(language);
                    block = new StringBuilder();
                }
            } else if (stripped.startsWith(fence) && stripped.substring(fence.length()).isBlank()) {
                if (wanted) {
                    blocks.add(block.toString());
                }
                fence = null;
            } else {
                block.append(line).append('\n');
            }
        }
        return blocks;
    }

    /** The text with fenced blocks blanked (line count kept): a {@code #} comment in a shell block is no heading. */
    private static String withoutFencedBlocks(String markdown) {
        StringBuilder out = new StringBuilder();
        String fence = null;
        for (String line : markdown.split("\n", -1)) {
            String stripped = line.strip();
            if (fence == null) {
                Matcher m = FENCE.matcher(line);
                if (m.lookingAt()) {
                    fence = m.group(1);
                    out.append('\n');
                    continue;
                }
                out.append(line).append('\n');
            } else {
                if (stripped.startsWith(fence) && stripped.substring(fence.length()).isBlank()) {
                    fence = null;
                }
                out.append('\n');
            }
        }
        return out.toString();
    }

    /** Fenced blocks and inline code spans blanked: links written as code are examples, not links. */
    private static String withoutCode(String markdown) {
        Matcher span = CODE_SPAN.matcher(withoutFencedBlocks(markdown));
        StringBuilder out = new StringBuilder();
        while (span.find()) {
            span.appendReplacement(out, Matcher.quoteReplacement(span.group().replaceAll("[^\n]", " ")));
        }
        span.appendTail(out);
        return out.toString();
    }

    private static String decode(String path) {
        return URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
