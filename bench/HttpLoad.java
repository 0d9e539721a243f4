import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A closed-loop HTTP load generator: {@code threads} clients each send GET {@code url} back to back for
 * {@code seconds} after a warm-up, with an optional bearer token. Prints requests per second, latency percentiles
 * and the count of responses that were not the expected status. Run with {@code java bench/HttpLoad.java}.
 *   usage: java HttpLoad.java URL THREADS SECONDS WARMUP_SECONDS EXPECTED_STATUS [TOKEN]
 */
public class HttpLoad {

    public static void main(String[] args) throws Exception {
        URI url = URI.create(args[0]);
        int threads = Integer.parseInt(args[1]);
        int seconds = Integer.parseInt(args[2]);
        int warmup = Integer.parseInt(args[3]);
        int expected = Integer.parseInt(args[4]);
        String token = args.length > 5 ? args[5] : null;
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30)).GET();
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        HttpRequest request = builder.build();

        run(client, request, threads, warmup, expected); // JIT, pool and caches warm
        Result result = run(client, request, threads, seconds, expected);
        long[] latencies = result.latenciesMicros();
        Arrays.sort(latencies);
        System.out.printf(
                "requests=%d seconds=%d req/s=%.0f p50=%.2fms p90=%.2fms p99=%.2fms unexpected=%d%n",
                latencies.length,
                seconds,
                latencies.length / (double) seconds,
                percentile(latencies, 50),
                percentile(latencies, 90),
                percentile(latencies, 99),
                result.unexpected());
    }

    record Result(long[] latenciesMicros, long unexpected) {}

    private static Result run(HttpClient client, HttpRequest request, int threads, int seconds, int expected)
            throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<long[]>> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            workers.add(pool.submit(() -> {
                long[] samples = new long[1 << 16];
                int count = 0;
                long unexpected = 0;
                while (!stop.get()) {
                    long start = System.nanoTime();
                    HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
                    long micros = (System.nanoTime() - start) / 1000;
                    if (response.statusCode() != expected) {
                        unexpected++;
                    }
                    if (count == samples.length) {
                        samples = Arrays.copyOf(samples, count * 2);
                    }
                    samples[count++] = micros;
                }
                long[] out = Arrays.copyOf(samples, count + 1);
                out[count] = -unexpected - 1; // the last slot carries the unexpected count
                return out;
            }));
        }
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        List<Long> all = new ArrayList<>();
        long unexpected = 0;
        for (Future<long[]> worker : workers) {
            long[] samples = worker.get();
            unexpected += -samples[samples.length - 1] - 1;
            for (int i = 0; i < samples.length - 1; i++) {
                all.add(samples[i]);
            }
        }
        pool.shutdown();
        return new Result(all.stream().mapToLong(Long::longValue).toArray(), unexpected);
    }

    private static double percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, index)] / 1000.0;
    }
}
