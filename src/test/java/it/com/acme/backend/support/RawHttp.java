package it.com.acme.backend.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/**
 * HTTP/1.1 over a plain socket, for what HttpClient will not send: stalled bodies, oversized headers, bytes that are
 * not UTF-8. One request per connection.
 */
public final class RawHttp implements AutoCloseable {

    /** What came back: the status (0 when the server closed without answering), the raw answer, the wait. */
    public record Answer(int status, String text, Duration took) {

        public boolean closedWithoutAnswer() {
            return status == 0;
        }
    }

    private final Socket socket;
    private final long opened = System.nanoTime();

    private RawHttp(Socket socket) {
        this.socket = socket;
    }

    public static RawHttp open(URI base, Duration readTimeout) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5000);
        socket.setSoTimeout((int) readTimeout.toMillis());
        return new RawHttp(socket);
    }

    /** This end's port, to find the connection in the system's socket table. */
    public int localPort() {
        return socket.getLocalPort();
    }

    public RawHttp send(String text) throws IOException {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    public RawHttp send(byte[] bytes) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(bytes);
        out.flush();
        return this;
    }

    /**
     * Sends {@code text} in {@code pieces} equal parts, the first now and one more every {@code every}, and stops early
     * once the server has answered or closed the connection (a write after that would only meet a reset).
     */
    public RawHttp trickle(String text, int pieces, Duration every) throws IOException, InterruptedException {
        return trickle(text.getBytes(StandardCharsets.ISO_8859_1), pieces, every);
    }

    /** {@link #trickle(String, int, Duration)} for bytes that are not text. */
    public RawHttp trickle(byte[] bytes, int pieces, Duration every) throws IOException, InterruptedException {
        int size = Math.max(1, (bytes.length + pieces - 1) / pieces);
        long start = System.nanoTime();
        for (int k = 0; k * size < bytes.length; k++) {
            long due = start + every.toNanos() * k;
            while (System.nanoTime() < due) {
                if (answered()) {
                    return this;
                }
                Thread.sleep(Math.max(1, Math.min(100, (due - System.nanoTime()) / 1_000_000)));
            }
            if (answered()) {
                return this;
            }
            try {
                send(Arrays.copyOfRange(bytes, k * size, Math.min(bytes.length, (k + 1) * size)));
            } catch (IOException closedByServer) {
                return this;
            }
        }
        return this;
    }

    private boolean answered() throws IOException {
        return socket.getInputStream().available() > 0;
    }

    /** Reads until the server closes the connection or a complete answer with Content-Length has arrived. */
    public Answer answer() throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                received.write(buffer, 0, n);
                if (complete(received.toString(StandardCharsets.ISO_8859_1))) {
                    break;
                }
            }
        } catch (SocketTimeoutException e) {
            throw e;
        } catch (IOException reset) {
            // A reset after (or instead of) the answer: keep what arrived.
        }
        String text = received.toString(StandardCharsets.ISO_8859_1);
        int status = text.startsWith("HTTP/1.") && text.length() >= 12 ? Integer.parseInt(text.substring(9, 12)) : 0;
        return new Answer(status, text, Duration.ofNanos(System.nanoTime() - opened));
    }

    private static boolean complete(String text) {
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            return false;
        }
        String head = text.substring(0, end).toLowerCase(Locale.ROOT);
        int at = head.indexOf("content-length:");
        if (at < 0) {
            return head.contains("transfer-encoding: chunked") ? text.endsWith("0\r\n\r\n") : false;
        }
        int lineEnd = head.indexOf("\r\n", at);
        int length = Integer.parseInt(head.substring(at + 15, lineEnd < 0 ? head.length() : lineEnd).trim());
        return text.length() - end - 4 >= length;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
