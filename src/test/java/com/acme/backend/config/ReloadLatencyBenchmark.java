package com.acme.backend.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Reload latency of the secrets file, per replacement style: from the start of the write to the moment the new
 * snapshot is in place (the change listener runs right after the swap). Not a test: run by hand with
 * {@code bench/reload-latency.sh [replacements]}.
 */
public final class ReloadLatencyBenchmark {

    interface Replacement {
        void replace(Path dir, Path file, String content, int i) throws IOException;
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        Logger.getLogger("com.acme.backend").setLevel(Level.WARNING);
        run("vault-agent rename (+ .bak link)", count, false, (dir, file, content, i) -> {
            Path temporary = dir.resolve(".app.env." + i);
            Files.writeString(temporary, content);
            Files.deleteIfExists(dir.resolve("app.env.bak"));
            Files.createLink(dir.resolve("app.env.bak"), file);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        });
        run("in-place rewrite", count, false, (dir, file, content, i) ->
                Files.writeString(file, content, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE));
        run("symlink swap (..data)", count, true, (dir, file, content, i) -> {
            Path version = Files.createDirectories(dir.resolve("..v" + i));
            Files.writeString(version.resolve("app.env"), content);
            Path link = dir.resolve("..data_tmp");
            Files.createSymbolicLink(link, version.getFileName());
            Files.move(link, dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        });
        run("delete then recreate", count, false, (dir, file, content, i) -> {
            Files.delete(file);
            Files.writeString(file, content);
        });
    }

    private static void run(String style, int count, boolean symlinked, Replacement replacement) throws Exception {
        Path dir = Files.createTempDirectory("reload-latency");
        Path file = dir.resolve("app.env");
        Path watched = file;
        if (symlinked) {
            Path first = Files.createDirectories(dir.resolve("..v-first"));
            Files.writeString(first.resolve("app.env"), "DB_PASSWORD=start\n");
            Files.createSymbolicLink(dir.resolve("..data"), first.getFileName());
            watched = dir.resolve("linked.env");
            Files.createSymbolicLink(watched, Path.of("..data/app.env"));
        } else {
            Files.writeString(file, "DB_PASSWORD=start\n");
        }
        VaultSecrets secrets = new VaultSecrets(watched);
        secrets.reload();
        BlockingQueue<Long> swapped = new ArrayBlockingQueue<>(count + 1);
        secrets.addListener(keys -> swapped.add(System.nanoTime()));
        SecretsWatcher watcher = new SecretsWatcher(secrets).start();
        List<Double> latencies = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                long start = System.nanoTime();
                replacement.replace(dir, file, "DB_USER=u\nDB_PASSWORD=pw-" + i + "\n", i);
                Long at = swapped.poll(10, TimeUnit.SECONDS);
                if (at == null || !("pw-" + i).equals(secrets.snapshot().values().get("DB_PASSWORD"))) {
                    throw new IllegalStateException(style + ": replacement " + i + " not seen within 10 s");
                }
                latencies.add((at - start) / 1_000_000.0);
            }
        } finally {
            watcher.stop();
        }
        Collections.sort(latencies);
        System.out.printf("%-34s n=%d  p50 %6.1f ms  p99 %6.1f ms  max %6.1f ms%n", style, count,
                percentile(latencies, 50), percentile(latencies, 99), latencies.get(latencies.size() - 1));
    }

    private static double percentile(List<Double> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
