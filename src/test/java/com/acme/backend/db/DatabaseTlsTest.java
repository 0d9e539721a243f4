package com.acme.backend.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.mysql.cj.jdbc.MysqlDataSource;

import com.acme.backend.db.pool.DatabaseSettings;

/**
 * The service's TLS to the database as production sets it ({@code DB_SSL_MODE=VERIFY_IDENTITY},
 * {@code DB_SSL_TRUSTSTORE} = a trust store made by {@code deploy/scripts/rds-truststore.sh}, as the image's RDS
 * bundle is): Connector/J against a stand-in that speaks MySQL's handshake up to TLS, with a certificate for
 * {@code localhost} from a CA made here. Connected when the trust store holds that CA and the host name matches;
 * refused when the CA is missing or the name is not the certificate's.
 */
class DatabaseTlsTest {

    private static final String STOREPASS = "test-only-keystore";

    @TempDir
    static Path dir;
    private static TlsGreeter server;

    @BeforeAll
    static void certificates() throws Exception {
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-dname", "CN=Test database CA", "-ext", "bc:c",
                "-validity", "2", "-keystore", "ca.p12");
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", "ca.p12", "-file", "ca.pem");
        keytool("-genkeypair", "-alias", "other", "-keyalg", "EC", "-dname", "CN=Another CA", "-ext", "bc:c",
                "-validity", "2", "-keystore", "other.p12");
        keytool("-exportcert", "-rfc", "-alias", "other", "-keyalg", "EC", "-keystore", "other.p12", "-file",
                "other.pem");
        keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-dname", "CN=localhost", "-validity", "2",
                "-keystore", "server.p12");
        keytool("-certreq", "-alias", "server", "-keystore", "server.p12", "-file", "server.csr");
        keytool("-gencert", "-alias", "ca", "-keystore", "ca.p12", "-infile", "server.csr", "-outfile", "server.pem",
                "-rfc", "-ext", "SAN=dns:localhost", "-validity", "2");
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", "ca.pem", "-keystore", "server.p12");
        keytool("-importcert", "-alias", "server", "-file", "server.pem", "-keystore", "server.p12");
        // Bundles as AWS publishes them: several CAs in one PEM file.
        Files.writeString(dir.resolve("with-ca.pem"), Files.readString(dir.resolve("other.pem"))
                + Files.readString(dir.resolve("ca.pem")));
        truststore("with-ca.pem", "with-ca.p12");
        truststore("other.pem", "without-ca.p12");
        server = new TlsGreeter(dir.resolve("server.p12"));
    }

    @AfterAll
    static void stop() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theCaInTheTrustStoreAndTheHostNameVerifyTheServer() {
        server.reset();
        SQLException login = assertThrows(SQLException.class, () -> connect("localhost", "with-ca.p12"));
        assertTrue(server.clientSpokeOverTls(), "the client sent its login over TLS; it ended: " + login);
    }

    @Test
    void aServerSignedByACaOutsideTheTrustStoreIsRefused() {
        server.reset();
        SQLException refused = assertThrows(SQLException.class, () -> connect("localhost", "without-ca.p12"));
        assertFalse(server.clientSpokeOverTls());
        assertTrue(chain(refused).contains("SSLHandshakeException") && chain(refused).contains("trust anchors"),
                chain(refused));
    }

    @Test
    void aHostNameThatIsNotTheCertificatesIsRefused() {
        server.reset();
        SQLException refused = assertThrows(SQLException.class, () -> connect("127.0.0.1", "with-ca.p12"));
        assertFalse(server.clientSpokeOverTls(), "no login is sent to a server that is not the one named");
        assertTrue(chain(refused).contains("127.0.0.1"), chain(refused));
    }

    @Test
    void withoutATrustStoreTheJvmsCasDecideAndDoNotKnowThisOne() {
        server.reset();
        assertThrows(SQLException.class, () -> connect("localhost", null));
        assertFalse(server.clientSpokeOverTls());
    }

    private static void connect(String host, String trustStore) throws SQLException {
        Map<String, String> values = new HashMap<>(Map.of("DB_HOST", host, "DB_PORT",
                Integer.toString(server.port()), "DB_NAME", "backend", "DB_USER", "app", "DB_PASSWORD",
                "pw-tls-test", "DB_SSL_MODE", "VERIFY_IDENTITY", "DB_CONNECT_TIMEOUT_MS", "3000",
                "DB_SOCKET_TIMEOUT_MS", "3000"));
        if (trustStore != null) {
            values.put("DB_SSL_TRUSTSTORE", dir.resolve(trustStore).toString());
        }
        DatabaseSettings settings = DatabaseSettings.read(key -> Optional.ofNullable(values.get(key)));
        settings.configure(new MysqlDataSource()).getConnection().close();
    }

    private static String chain(Throwable e) {
        StringBuilder messages = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            messages.append(t).append(" / ");
        }
        return messages.toString();
    }

    private static void truststore(String pem, String p12) throws Exception {
        run(List.of("bash", Path.of("deploy/scripts/rds-truststore.sh").toAbsolutePath().toString(),
                dir.resolve(pem).toString(), dir.resolve(p12).toString()));
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin",
                "keytool").toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("-storepass", STOREPASS, "-keypass", STOREPASS, "-storetype", "PKCS12"));
        run(command);
    }

    private static void run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), command + ": " + output);
    }

    /**
     * Speaks MySQL's protocol up to the client's login: a version 10 greeting that offers TLS, the client's
     * SSLRequest, the TLS handshake with this certificate, then one packet read over TLS (the login), and closes.
     */
    static final class TlsGreeter implements AutoCloseable {
        private static final int CAPABILITIES = 0x00000001 | 0x00000008 | 0x00000200 | 0x00000800 | 0x00002000
                | 0x00008000 | 0x00080000; // long password, with db, protocol 41, SSL, transactions, secure, plugin auth
        private final ServerSocket listener;
        private final SSLContext tls;
        private final AtomicBoolean loginOverTls = new AtomicBoolean();

        TlsGreeter(Path keyStore) throws Exception {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keyStore)) {
                keys.load(in, STOREPASS.toCharArray());
            }
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(keys, STOREPASS.toCharArray());
            tls = SSLContext.getInstance("TLS");
            tls.init(factory.getKeyManagers(), null, null);
            listener = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
            Thread thread = new Thread(this::serve, "tls-greeter");
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return listener.getLocalPort();
        }

        void reset() {
            loginOverTls.set(false);
        }

        boolean clientSpokeOverTls() {
            return loginOverTls.get();
        }

        private void serve() {
            while (!listener.isClosed()) {
                try (Socket plain = listener.accept()) {
                    plain.setSoTimeout(5000);
                    greet(plain.getOutputStream());
                    readPacket(plain.getInputStream()); // SSLRequest
                    try (SSLSocket secure = (SSLSocket) tls.getSocketFactory().createSocket(plain,
                            plain.getInetAddress().getHostAddress(), plain.getPort(), false)) {
                        secure.setUseClientMode(false);
                        secure.startHandshake();
                        readPacket(secure.getInputStream());
                        loginOverTls.set(true);
                    }
                } catch (IOException e) {
                    // the client gave up (refused the certificate), or the listener closed
                }
            }
        }

        private static void greet(OutputStream out) throws IOException {
            ByteArrayOutputStream payload = new ByteArrayOutputStream();
            payload.write(10);
            payload.writeBytes("8.4.0-tls-greeter\0".getBytes(StandardCharsets.US_ASCII));
            payload.writeBytes(new byte[] {1, 0, 0, 0});
            payload.writeBytes("abcdefgh".getBytes(StandardCharsets.US_ASCII));
            payload.write(0);
            payload.write(CAPABILITIES & 0xff);
            payload.write((CAPABILITIES >> 8) & 0xff);
            payload.write(255); // utf8mb4
            payload.writeBytes(new byte[] {2, 0}); // autocommit
            payload.write((CAPABILITIES >> 16) & 0xff);
            payload.write((CAPABILITIES >> 24) & 0xff);
            payload.write(21);
            payload.writeBytes(new byte[10]);
            payload.writeBytes("ijklmnopqrst\0".getBytes(StandardCharsets.US_ASCII));
            payload.writeBytes("mysql_native_password\0".getBytes(StandardCharsets.US_ASCII));
            byte[] body = payload.toByteArray();
            out.write(new byte[] {(byte) body.length, (byte) (body.length >> 8), (byte) (body.length >> 16), 0});
            out.write(body);
            out.flush();
        }

        private static void readPacket(InputStream in) throws IOException {
            DataInputStream data = new DataInputStream(in);
            byte[] header = new byte[4];
            data.readFully(header);
            int length = (header[0] & 0xff) | (header[1] & 0xff) << 8 | (header[2] & 0xff) << 16;
            data.readFully(new byte[length]);
        }

        @Override
        public void close() throws IOException {
            listener.close();
        }
    }
}
