package com.acme.backend.problems;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProblemTest {

    private static JsonObject parse(Problem problem) {
        return Json.createReader(new StringReader(problem.toJson())).readObject();
    }

    @Test
    void hasTheRfc9457Members() {
        JsonObject json = parse(new Problem(ProblemType.NOT_FOUND, "No user with id 4.", "/api/users/4"));
        assertEquals("urn:problem:not-found", json.getString("type"));
        assertEquals("Not found", json.getString("title"));
        assertEquals(404, json.getInt("status"));
        assertEquals("No user with id 4.", json.getString("detail"));
        assertEquals("/api/users/4", json.getString("instance"));
        assertEquals(5, json.size(), "no errors member without field errors");
    }

    @Test
    void validationProblemsListFieldErrors() {
        JsonObject json = parse(new Problem(
                ProblemType.VALIDATION,
                "bad",
                "/api/users",
                List.of(new FieldError("email", "must be a valid email address"))));
        assertEquals("email", json.getJsonArray("errors").getJsonObject(0).getString("field"));
        assertEquals(
                "must be a valid email address",
                json.getJsonArray("errors").getJsonObject(0).getString("message"));
    }

    @Test
    void serviceUnavailableSaysWhenToRetry() {
        assertEquals(Map.of("Retry-After", "5"), new Problem(ProblemType.SERVICE_UNAVAILABLE, "down", "/").headers());
        assertEquals(Map.of(), new Problem(ProblemType.CONFLICT, "taken", "/").headers());
    }

    @Test
    void statusesMapToTypes() {
        assertEquals(ProblemType.METHOD_NOT_ALLOWED, ProblemType.forStatus(405));
        assertEquals(ProblemType.INTERNAL, ProblemType.forStatus(502));
        assertEquals(ProblemType.SERVICE_UNAVAILABLE, ProblemType.forStatus(503));
    }
}
