package it.com.acme.backend.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Switches the fault proxy between the server on MySQL and its database (see the fixture's FaultProxy). */
public final class FaultProxyControl {

    private FaultProxyControl() {}

    /** Forward traffic again. */
    public static String pass() {
        return command("pass");
    }

    /** Refuse new connections and close open ones. */
    public static String refuse() {
        return command("refuse");
    }

    /** Silently discard all traffic: the database just stops answering. */
    public static String drop() {
        return command("drop");
    }

    private static String command(String command) {
        int port = Integer.parseInt(System.getProperty("it.proxy.control.port", "13307"));
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
                PrintWriter out = new PrintWriter(socket.getOutputStream(), true, StandardCharsets.US_ASCII);
                BufferedReader in =
                        new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))) {
            socket.setSoTimeout(5000);
            out.println(command);
            String answer = in.readLine();
            if (answer == null || !answer.startsWith("ok")) {
                throw new AssertionError("fault proxy refused '" + command + "': " + answer);
            }
            return answer;
        } catch (IOException e) {
            throw new AssertionError("fault proxy control port " + port + " not reachable", e);
        }
    }
}
