package it.com.acme.backend;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;

import it.com.acme.backend.support.FaultProxyControl;
import it.com.acme.backend.support.HealthChecks;
import it.com.acme.backend.support.Http;
import it.com.acme.backend.support.PrometheusText;
import it.com.acme.backend.support.Race;
import it.com.acme.backend.support.SecretHygiene;
import it.com.acme.backend.support.SecretsFile;
import it.com.acme.backend.support.ServerReady;
import it.com.acme.backend.support.Servers;
import it.com.acme.backend.support.TestDatabase;
import it.com.acme.backend.support.Tokens;

/**
 * Database credentials rotate under load, both ways Vault does it, and no request fails: static KV (the password
 * changes in MySQL, the file is re-rendered a second later) and dynamic credentials (a new user appears in the
 * file; the old one is dropped a few seconds later). Wrong credentials in the file change nothing. A connection the
 * pool opens between ALTER USER and the render waits for the render (DB_AUTH_WAIT_MS, 2 s by default) instead of
 * failing; if no render comes, it fails after that bound.
 */
@ServerReady
class CredentialRotationIT {

    private static final URI BASE = Servers.mysql();
    private static final Duration SWITCH = Duration.ofSeconds(10);
    private static final int WARM = 6;

    @Test
    void rotationsUnderLoadFailNoRequest() throws Exception {
        String schema = "backend_it";
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong sent = new AtomicLong();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        ExecutorService load = Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) {
            load.execute(() -> {
                while (running.get()) {
                    sent.incrementAndGet();
                    try {
                        var response = Http.get(BASE, "/api/users?offset=0&limit=5", Tokens.caller());
                        if (response.statusCode() != 200) {
                            failures.add(response.statusCode() + " " + response.body());
                        }
                    } catch (Throwable e) { // a reset or a timeout is a failed request too
                        failures.add(e.toString());
                    }
                }
            });
        }
        long start = System.nanoTime();
        // "With a warm pool no request may fail": let the pool grow to the load before the first ALTER USER, since
        // a connection opened between ALTER USER and the render would still carry the old password.
        await().atMost(Duration.ofSeconds(10)).until(() -> sent.get() > 200);
        warmPool();
        String user = currentUser();
        List<String> passwords = new ArrayList<>();
        try {
            // Static secrets: ALTER USER first (open connections keep working), the file a second later.
            for (int i = 0; i < 2; i++) {
                String password = "pw-" + UUID.randomUUID();
                passwords.add(password);
                long switches = switches();
                alterPassword(user, password);
                Thread.sleep(1000); // the scenario: Vault Agent renders about a second after the change
                render(user, password);
                await().atMost(SWITCH).until(() -> switches() > switches);
                warmPool(); // the switch drained the pool of the old password's connections
                Thread.sleep(3000); // the scenario: traffic on the new credentials before the next rotation
            }
            // Dynamic secrets: a new user in the file; the old one is dropped when its lease ends, seconds later.
            String newUser = "backend_it_" + Long.toHexString(System.nanoTime() & 0xffffff);
            String newPassword = "pw-" + UUID.randomUUID();
            passwords.add(newPassword);
            createUser(newUser, newPassword, schema);
            long switches = switches();
            long rendered = System.nanoTime();
            render(newUser, newPassword);
            await().atMost(SWITCH).pollInterval(Duration.ofMillis(10)).until(() -> connectionsOf(newUser) > 0);
            System.out.printf("[rotation] first connection as the new user %d ms after the render%n",
                    Duration.ofNanos(System.nanoTime() - rendered).toMillis());
            await().atMost(SWITCH).until(() -> switches() > switches);
            // Drained: the pool closed every connection of the old user (MariaDB would keep them after DROP USER).
            await().atMost(SWITCH).until(() -> connectionsOf(user) == 0);
            Thread.sleep(3000); // the scenario: the old lease ends a few seconds later
            dropUser(user);
            while (Duration.ofNanos(System.nanoTime() - start).toSeconds() < 22) {
                Thread.sleep(200); // keep the load running for the whole scenario window
            }
        } finally {
            running.set(false);
            load.shutdown();
            assertTrue(load.awaitTermination(60, TimeUnit.SECONDS));
        }
        System.out.printf("[rotation] requests sent %d, failed %d over %d s%n", sent.get(), failures.size(),
                Duration.ofNanos(System.nanoTime() - start).toSeconds());
        assertTrue(sent.get() > 100, "load ran: " + sent.get());
        assertEquals(List.of(), failures.subList(0, Math.min(5, failures.size())), failures.size() + " requests failed");
        for (String password : passwords) {
            SecretHygiene.assertNowhere(BASE, password);
        }
    }

    @Test
    void wrongCredentialsAreRejectedAndTheServiceKeepsServing() throws Exception {
        String user = currentUser();
        String goodPassword = currentPassword();
        long rejections = rejections();
        String wrong = "wrong-" + UUID.randomUUID();
        render(user, wrong);
        await().atMost(SWITCH).until(() -> rejections() > rejections);
        assertEquals(200, Http.get(BASE, "/api/users", Tokens.caller()).statusCode(), "the pool kept its working connections");
        // More parallel requests than open connections: the pool must open new ones, with the settings that work.
        ExecutorService burst = Executors.newFixedThreadPool(30);
        try {
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < 150; i++) {
                statuses.add(burst.submit(() -> Http.get(BASE, "/api/users?offset=0&limit=50", Tokens.caller()).statusCode()));
            }
            for (var status : statuses) {
                assertEquals(200, status.get(60, TimeUnit.SECONDS), "a request while the new credentials are rejected");
            }
        } finally {
            burst.shutdownNow();
        }
        assertEquals(200, Http.get(BASE, "/api/health/ready").statusCode(), "ready: the database still answers");
        assertTrue(database().getJsonObject("data").getString("credentials").startsWith("rejected"));
        assertTrue(metric("db_credentials_rejections_total") >= 1, "the rejection is counted in /metrics");

        long switches = switches();
        render(user, goodPassword);
        await().atMost(SWITCH).until(() -> switches() > switches);
        assertFalse(database().getJsonObject("data").containsKey("credentials"), "recovered without restart");
        assertEquals(200, Http.get(BASE, "/api/users", Tokens.caller()).statusCode());
        SecretHygiene.assertNowhere(BASE, wrong);
        SecretHygiene.assertNowhere(BASE, goodPassword);
    }

    /**
     * The window where the database changes first: ALTER USER, the render a second later, and in that second 20
     * clients (the pool's maximum) on top of a warm pool of about {@value #WARM}, so the pool opens new connections
     * with the old password. They meet error 1045, wait for the render, and retry with it: no request fails.
     */
    @Test
    void newConnectionsBetweenAlterUserAndTheRenderWaitForItAndFailNoRequest() throws Exception {
        warmPool();
        String user = currentUser();
        String password = "pw-" + UUID.randomUUID();
        long switches = switches();
        long refusedBefore = abortedConnects();
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong sent = new AtomicLong();
        ExecutorService burst = Executors.newFixedThreadPool(20);
        alterPassword(user, password);
        long altered = System.nanoTime();
        try {
            for (int t = 0; t < 20; t++) {
                burst.execute(() -> {
                    while (running.get()) {
                        sent.incrementAndGet();
                        try {
                            var response = Http.get(BASE, "/api/users?offset=0&limit=50", Tokens.caller());
                            if (response.statusCode() != 200) {
                                failures.add(response.statusCode() + " " + response.body());
                            }
                        } catch (Throwable e) {
                            failures.add(e.toString());
                        }
                    }
                });
            }
            Thread.sleep(1000); // the scenario: Vault Agent renders about a second after the change
            render(user, password);
            await().atMost(SWITCH).until(() -> switches() > switches);
        } finally {
            running.set(false);
            burst.shutdown();
            assertTrue(burst.awaitTermination(60, TimeUnit.SECONDS));
        }
        long refused = abortedConnects() - refusedBefore;
        System.out.printf("[rotation] ALTER USER then render after 1 s: %d requests, %d failed, %d connections refused"
                + " with the old password, %d ms%n", sent.get(), failures.size(), refused,
                Duration.ofNanos(System.nanoTime() - altered).toMillis());
        assertTrue(refused > 0, "the pool opened new connections in that second (with the old password)");
        assertEquals(List.of(), failures.subList(0, Math.min(5, failures.size())), failures.size() + " requests failed");
        SecretHygiene.assertNowhere(BASE, password);
    }

    /**
     * ALTER USER and no render: a new connection waits for newer settings only as long as the bound, then the
     * request gets 503 as it did without the wait. The fault proxy closes the pool's connections so new ones are
     * needed; the password is restored afterwards.
     */
    @Test
    void aRenderThatNeverComesGives503AfterTheBound() throws Exception {
        String user = currentUser();
        String good = currentPassword();
        String password = "pw-" + UUID.randomUUID();
        AtomicLong tookMillis = new AtomicLong();
        alterPassword(user, password);
        try {
            FaultProxyControl.refuse(); // closes every pooled connection
            FaultProxyControl.pass();
            // The first requests may meet a closed connection (the pool then purges); later ones need new connections.
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                long start = System.nanoTime();
                int status = Http.get(BASE, "/api/users", Tokens.caller()).statusCode();
                tookMillis.set(Duration.ofNanos(System.nanoTime() - start).toMillis());
                return status == 503 && tookMillis.get() >= 1900;
            });
            System.out.printf("[rotation] no render: 503 after %d ms%n", tookMillis.get());
            assertTrue(tookMillis.get() < 10_000, "503 after the 2 s bound, not after a hang: " + tookMillis.get() + " ms");
        } finally {
            alterPassword(user, good);
        }
        await().atMost(SWITCH).until(() -> Http.get(BASE, "/api/users", Tokens.caller()).statusCode() == 200);
        SecretHygiene.assertNowhere(BASE, password);
    }

    /** Failed connection attempts the database counted, e.g. logins refused with error 1045. */
    private static long abortedConnects() throws SQLException {
        try (Connection db = TestDatabase.connect(); Statement sql = db.createStatement();
             ResultSet rows = sql.executeQuery("SHOW GLOBAL STATUS LIKE 'Aborted_connects'")) {
            rows.next();
            return rows.getLong(2);
        }
    }

    private static double metric(String name) {
        var matcher = Pattern.compile("(?m)^" + name + "\\{[^}]*mp_scope=\"application\"[^}]*\\} (\\S+)")
                .matcher(Http.metrics(BASE, Http.bearer(Tokens.caller())).body());
        if (!matcher.find()) {
            throw new AssertionError(name + " not in /metrics");
        }
        return Double.parseDouble(matcher.group(1));
    }

    private static JsonObject database() {
        return HealthChecks.diagnostics(BASE, "database");
    }

    /**
     * Grows the pool to {@value #WARM} connections or more: the load's 4 clients plus the service's own background
     * users (the readiness probe, the idempotency-key purge) then always find an idle one, and nobody opens a
     * connection in the second between ALTER USER and the render, while the file still holds the old password.
     * MariaDB has no dual passwords; with MySQL 8's RETAIN CURRENT PASSWORD production has no such second.
     */
    private static void warmPool() {
        await("a pool of " + WARM).atMost(SWITCH).until(() -> {
            Race.run(12, racer -> Http.get(BASE, "/api/users?offset=0&limit=5", Tokens.caller()).statusCode());
            return PrometheusText.sum(PrometheusText.parse(Http.metrics(BASE, Http.bearer(Tokens.caller())).body()),
                    "connectionpool_managedConnections", Map.of()) >= WARM;
        });
    }

    private static long switches() {
        return database().getJsonObject("data").getJsonNumber("credentialSwitches").longValue();
    }

    private static long rejections() {
        return database().getJsonObject("data").getJsonNumber("credentialRejections").longValue();
    }

    private static String currentUser() throws IOException {
        return SecretsFile.read().get("DB_USER");
    }

    private static String currentPassword() throws IOException {
        return SecretsFile.read().get("DB_PASSWORD");
    }

    private static void render(String user, String password) throws IOException {
        var values = SecretsFile.read();
        values.put("DB_USER", user);
        values.put("DB_PASSWORD", password);
        SecretsFile.render(values);
    }

    private static void alterPassword(String user, String password) throws SQLException {
        try (Connection db = TestDatabase.connect(); Statement sql = db.createStatement()) {
            for (String host : new String[] {"localhost", "%"}) {
                sql.execute("ALTER USER '" + user + "'@'" + host + "' IDENTIFIED BY '" + password + "'");
            }
        }
    }

    private static void createUser(String user, String password, String schema) throws SQLException {
        try (Connection db = TestDatabase.connect(); Statement sql = db.createStatement()) {
            for (String host : new String[] {"localhost", "%"}) {
                sql.execute("CREATE USER '" + user + "'@'" + host + "' IDENTIFIED BY '" + password + "'");
                sql.execute("GRANT ALL PRIVILEGES ON `" + schema + "`.* TO '" + user + "'@'" + host + "'");
            }
        }
    }

    private static void dropUser(String user) throws SQLException {
        try (Connection db = TestDatabase.connect(); Statement sql = db.createStatement()) {
            for (String host : new String[] {"localhost", "%"}) {
                sql.execute("DROP USER IF EXISTS '" + user + "'@'" + host + "'");
            }
        }
    }

    private static int connectionsOf(String user) throws SQLException {
        try (Connection db = TestDatabase.connect(); Statement sql = db.createStatement();
             ResultSet rows = sql.executeQuery("SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE USER = '"
                     + user + "'")) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
