import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * For bench/load.sh: creates COUNT users through POST /api/users with CONCURRENCY clients and writes their ids,
 * one a line, to IDS_FILE. Fails on the first answer that is not 201. The token is read from the environment
 * (BENCH_TOKEN), not the command line.
 *   usage: BENCH_TOKEN=... java bench/Seed.java BASE_URL COUNT CONCURRENCY IDS_FILE
 */
public class Seed {

    public static void main(String[] args) throws Exception {
        String base = args[0];
        int count = Integer.parseInt(args[1]);
        int concurrency = Integer.parseInt(args[2]);
        Path out = Path.of(args[3]);
        String token = System.getenv("BENCH_TOKEN");
        String run = UUID.randomUUID().toString().substring(0, 8);
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        long start = System.nanoTime();
        List<Future<Long>> created = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String body = "{\"name\":\"Seed " + i + "\",\"email\":\"seed-" + run + "-" + i + "@example.com\"}";
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/api/users"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            if (token != null && !token.isEmpty()) {
                request.header("Authorization", "Bearer " + token);
            }
            HttpRequest built = request.build();
            created.add(pool.submit(() -> create(client, built)));
        }
        List<String> ids = new ArrayList<>();
        try {
            for (Future<Long> id : created) {
                ids.add(Long.toString(id.get()));
            }
        } finally {
            pool.shutdownNow();
        }
        Files.write(out, ids);
        System.out.printf("seeded %d users in %.1f s%n", ids.size(), (System.nanoTime() - start) / 1e9);
    }

    private static long create(HttpClient client, HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        String location = response.headers().firstValue("Location").orElse("");
        if (response.statusCode() != 201 || !location.matches(".*/api/users/\\d+")) {
            throw new IllegalStateException(
                    "POST /api/users answered " + response.statusCode() + ": " + response.body());
        }
        return Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
    }
}
