package it.com.acme.backend.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A fresh copy of one of the test servers that a test starts and removes itself, for what must happen from a
 * server's launch on: its configuration, application and library references, and its {@code server.env} with some
 * variables replaced. No logs, no workarea: a first start, as a new container's.
 */
public final class ServerCopy {

    public static final Path WLP =
            Path.of(System.getProperty("it.liberty.dir", "target/liberty/wlp")).toAbsolutePath();

    private final String name;
    private final Path dir;

    private ServerCopy(String name, Path dir) {
        this.name = name;
        this.dir = dir;
    }

    /**
     * Copies {@code template}'s configuration (with its bootstrap.properties only if {@code withBootstrap}) into
     * a server named {@code name}, its server.env with {@code env} put over it.
     */
    public static ServerCopy of(String template, String name, boolean withBootstrap, Map<String, String> env) {
        Path from = WLP.resolve("usr/servers/" + template);
        Path to = WLP.resolve("usr/servers/" + name);
        try {
            deleteTree(to);
            Files.createDirectories(to);
            List<String> files = new ArrayList<>(List.of("server.xml", "jvm.options"));
            if (withBootstrap) {
                files.add("bootstrap.properties");
            }
            for (String file : files) {
                if (Files.exists(from.resolve(file))) {
                    Files.copy(from.resolve(file), to.resolve(file), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            copyTree(from.resolve("apps"), to.resolve("apps"));
            copyTree(from.resolve("configDropins"), to.resolve("configDropins"));
            Map<String, String> variables = new LinkedHashMap<>();
            for (String line : Files.readAllLines(from.resolve("server.env"))) {
                int equals = line.indexOf('=');
                if (equals > 0 && !line.startsWith("#")) {
                    variables.put(line.substring(0, equals), line.substring(equals + 1));
                }
            }
            variables.putAll(env);
            StringBuilder serverEnv = new StringBuilder();
            variables.forEach((key, value) ->
                    serverEnv.append(key).append('=').append(value).append('\n'));
            Files.writeString(to.resolve("server.env"), serverEnv);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ServerCopy(name, to);
    }

    public String name() {
        return name;
    }

    public Path dir() {
        return dir;
    }

    /** {@code server start}, with none of the test JVM's Vault or OpenTelemetry variables: server.env rules. */
    public void start() {
        run("start");
    }

    /** {@code server stop}, then the copy is deleted. */
    public void stopAndDelete() {
        try {
            run("stop");
        } finally {
            try {
                deleteTree(dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private void run(String action) {
        ProcessBuilder builder = new ProcessBuilder(WLP.resolve("bin/server").toString(), action, name)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().keySet().removeIf(key -> key.startsWith("VAULT_") || key.startsWith("OTEL_"));
        try {
            Process process = builder.start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("server " + action + " " + name + " took over 120 s");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        if (!Files.exists(from)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path copy = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(path, copy, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
