package it.com.acme.backend.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.ws.rs.core.Response;
import java.net.http.HttpResponse;
import java.util.regex.Pattern;

/** Assertions on RFC 9457 problem responses. */
public final class Problems {

    // A stack frame, a Java exception class or a Liberty message id would all mean internals leaked.
    private static final Pattern LEAK = Pattern.compile(
            "\\bat [a-z]+\\.[\\w.$]+\\(|\\b(java|jakarta|javax|org|com)\\.[a-z]+\\.[\\w.]*[A-Z]\\w*(Exception|Error)\\b"
                    + "|Exception:|[A-Z]{4,5}\\d{4}[EWI]:");

    private Problems() {}

    public static JsonObject assertProblem(Response response, int status, String type) {
        return assertProblem(
                status,
                type,
                response.getStatus(),
                response.getHeaderString("Content-Type"),
                response.readEntity(String.class));
    }

    public static JsonObject assertProblem(HttpResponse<String> response, int status, String type) {
        return assertProblem(
                status,
                type,
                response.statusCode(),
                response.headers().firstValue("Content-Type").orElse(null),
                response.body());
    }

    private static JsonObject assertProblem(
            int status, String type, int actualStatus, String contentType, String body) {
        assertEquals(status, actualStatus, () -> "status; body: " + body);
        assertNotNull(contentType, "Content-Type");
        assertTrue(contentType.startsWith("application/problem+json"), () -> "Content-Type was " + contentType);
        assertNoLeak(body);
        JsonObject problem = Http.json(body);
        assertEquals(type, problem.getString("type"), () -> "type; body: " + body);
        assertEquals(status, problem.getInt("status"));
        assertFalse(problem.getString("title").isBlank(), "title");
        assertFalse(problem.getString("detail").isBlank(), "detail");
        assertTrue(problem.containsKey("instance"), "instance");
        return problem;
    }

    public static void assertNoLeak(String body) {
        assertFalse(LEAK.matcher(body).find(), () -> "response leaks internals: " + body);
    }
}
