import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * For bench/load.sh (profile phase): where the CPU samples (jdk.ExecutionSample) of a recording are. Prints the
 * hottest top-of-stack methods, and each sample attributed to a layer: the innermost frame outside the JDK decides,
 * so JDK work (crypto, collections) counts for the library that called it. Then the token work: how many samples
 * have a frame of each step of bearer-token checking anywhere on their stack, as a share of all samples and, given
 * the number of requests the recording covers, per 10,000 requests (samples are taken every 10-20 ms of a running
 * thread, so this is CPU time, not a call count: a step that runs on every request shows up on every run, one that
 * is skipped shows up as 0).
 *   usage: java bench/JfrTop.java RECORDING.jfr [top=15] [requests]
 */
public class JfrTop {

    // Class-name prefixes, most specific first.
    private static final Map<String, String> LAYERS = new LinkedHashMap<>();

    static {
        for (String p : List.of(
                "com.ibm.ws.http.logging",
                "com.ibm.ws.logging",
                "com.ibm.ws.collector",
                "com.ibm.ejs.ras",
                "com.ibm.websphere.ras")) LAYERS.put(p, "logging / access log");
        for (String p : List.of(
                "io.openliberty.http.monitor",
                "io.smallrye.metrics",
                "io.openliberty.microprofile.metrics",
                "com.ibm.ws.microprofile.metrics",
                "io.opentelemetry",
                "io.openliberty.microprofile.telemetry",
                "io.micrometer",
                "com.ibm.ws.pmi",
                "com.ibm.ws.monitor",
                "org.eclipse.microprofile.metrics")) LAYERS.put(p, "metrics / telemetry");
        for (String p : List.of(
                "com.ibm.ws.webcontainer.security",
                "com.ibm.ws.security",
                "com.ibm.websphere.security",
                "io.openliberty.security",
                "org.jose4j")) LAYERS.put(p, "token verification / security");
        for (String p : List.of("org.eclipse.persistence", "com.ibm.ws.jpa")) LAYERS.put(p, "JPA (EclipseLink)");
        LAYERS.put("com.mysql", "JDBC driver (Connector/J)");
        for (String p : List.of(
                "com.ibm.ejs.j2c",
                "com.ibm.ws.rsadapter",
                "com.ibm.ws.jdbc",
                "com.ibm.tx",
                "com.ibm.ws.tx",
                "com.ibm.ws.Transaction",
                "com.ibm.ws.uow",
                "com.ibm.ws.connectionpool")) LAYERS.put(p, "connection pool / transactions");
        for (String p : List.of("org.eclipse.yasson", "org.eclipse.parsson", "org.glassfish.json"))
            LAYERS.put(p, "JSON");
        for (String p : List.of("org.jboss.resteasy", "io.openliberty.restfulWS", "com.ibm.ws.jaxrs", "jakarta.ws.rs"))
            LAYERS.put(p, "JAX-RS (RESTEasy)");
        for (String p : List.of("org.jboss.weld", "com.ibm.ws.cdi")) LAYERS.put(p, "CDI (Weld)");
        for (String p :
                List.of("io.smallrye.config", "com.ibm.ws.microprofile.config", "io.openliberty.microprofile.config"))
            LAYERS.put(p, "MicroProfile Config");
        LAYERS.put("com.acme", "application (com.acme)");
        for (String p : List.of(
                "com.ibm.ws.http",
                "com.ibm.ws.tcpchannel",
                "com.ibm.io",
                "com.ibm.ws.channelfw",
                "com.ibm.ws.webcontainer",
                "com.ibm.wsspi",
                "com.ibm.ws.threading",
                "com.ibm.ws.bytebuffer",
                "com.ibm.ws.genericbnf",
                "io.openliberty.webcontainer",
                "jakarta.servlet")) LAYERS.put(p, "HTTP / web container");
        LAYERS.put("org.eclipse.osgi", "OSGi service registry");
    }

    // Steps of bearer-token checking in Liberty 26.0.0.3's mpJwt-2.1, by a frame that only that step has.
    private static final Map<String, List<String>> TOKEN_STEPS = new LinkedHashMap<>();

    static {
        TOKEN_STEPS.put(
                "mpJwt TAI, all token work (MicroProfileJwtTAI.negotiateValidateandEstablishTrust)",
                List.of("com.ibm.ws.security.mp.jwt.tai.MicroProfileJwtTAI.negotiateValidateandEstablishTrust"));
        TOKEN_STEPS.put(
                "JWT cache lookup (com.ibm.ws.security.jwt.internal.JwtCache.get)",
                List.of("com.ibm.ws.security.jwt.internal.JwtCache.get"));
        TOKEN_STEPS.put(
                "token parse (org.jose4j JwtConsumer.process)", List.of("org.jose4j.jwt.consumer.JwtConsumer.process"));
        TOKEN_STEPS.put(
                "signature verification (java.security.Signature.verify)",
                List.of("java.security.Signature.verify", "org.jose4j.jws.JsonWebSignature.verifySignature"));
        TOKEN_STEPS.put(
                "subject and principal (TAIMappingHelper)",
                List.of("com.ibm.ws.security.mp.jwt.tai.TAIMappingHelper."));
    }

    public static void main(String[] args) throws Exception {
        int top = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        long requests = args.length > 2 ? Long.parseLong(args[2]) : 0;
        Map<String, Integer> steps = new LinkedHashMap<>();
        TOKEN_STEPS.keySet().forEach(step -> steps.put(step, 0));
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> layers = new HashMap<>();
        int samples = 0;
        int cpuLoads = 0;
        int gcs = 0;
        double jvmCpu = 0;
        double machineCpu = 0;
        Duration gcPauses = Duration.ZERO;
        Duration compiling = Duration.ZERO;
        for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(args[0]))) {
            switch (event.getEventType().getName()) {
                case "jdk.CPULoad" -> {
                    cpuLoads++;
                    jvmCpu += event.getFloat("jvmUser") + event.getFloat("jvmSystem");
                    machineCpu += event.getFloat("machineTotal");
                }
                case "jdk.GarbageCollection" -> {
                    gcs++;
                    gcPauses = gcPauses.plus(event.getDuration("sumOfPauses"));
                }
                case "jdk.Compilation" -> compiling = compiling.plus(event.getDuration());
                default -> {}
            }
            if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
                continue;
            }
            List<RecordedFrame> frames = event.getStackTrace().getFrames();
            if (frames.isEmpty()) {
                continue;
            }
            samples++;
            self.merge(name(frames.get(0)), 1, Integer::sum);
            layers.merge(layer(frames), 1, Integer::sum);
            for (Map.Entry<String, List<String>> step : TOKEN_STEPS.entrySet()) {
                if (frames.stream()
                        .map(JfrTop::name)
                        .anyMatch(n -> step.getValue().stream().anyMatch(n::startsWith))) {
                    steps.merge(step.getKey(), 1, Integer::sum);
                }
            }
        }
        if (cpuLoads > 0) {
            System.out.printf(
                    "CPU (jdk.CPULoad, mean of %d): this JVM %.0f%%, whole machine %.0f%% (of all cores)%n",
                    cpuLoads, 100 * jvmCpu / cpuLoads, 100 * machineCpu / cpuLoads);
        }
        System.out.printf(
                "GC: %d collections, %d ms of pauses; JIT compilations: %d ms%n",
                gcs, gcPauses.toMillis(), compiling.toMillis());
        System.out.printf("%d CPU samples (jdk.ExecutionSample)%n", samples);
        print("hottest methods (top of stack)", self, samples, top);
        print("by layer (innermost non-JDK frame)", layers, samples, top);
        System.out.println("token work: samples with the step's frame anywhere on the stack"
                + (requests > 0 ? " (" + requests + " requests)" : "") + ":");
        for (Map.Entry<String, Integer> step : steps.entrySet()) {
            System.out.printf(
                    "  %5.1f%%  %6d samples%s  %s%n",
                    samples == 0 ? 0.0 : 100.0 * step.getValue() / samples,
                    step.getValue(),
                    requests > 0 ? String.format(", %7.2f per 10k requests", 1e4 * step.getValue() / requests) : "",
                    step.getKey());
        }
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    private static String layer(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            String type = frame.getMethod().getType().getName();
            if (type.startsWith("java.")
                    || type.startsWith("javax.")
                    || type.startsWith("jdk.")
                    || type.startsWith("sun.")
                    || type.startsWith("com.sun.")) {
                continue;
            }
            for (Map.Entry<String, String> entry : LAYERS.entrySet()) {
                if (type.startsWith(entry.getKey())) {
                    return entry.getValue();
                }
            }
            String[] parts = type.split("\\.");
            return "other: " + String.join(".", List.of(parts).subList(0, Math.min(4, parts.length - 1)));
        }
        return "JDK only: " + name(frames.get(frames.size() - 1));
    }

    private static void print(String title, Map<String, Integer> counts, int samples, int top) {
        System.out.println(title + ":");
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(top)
                .forEach(e -> System.out.printf("  %5.1f%%  %s%n", 100.0 * e.getValue() / samples, e.getKey()));
    }
}
