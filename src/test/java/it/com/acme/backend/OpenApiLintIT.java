package it.com.acme.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;

import it.com.acme.backend.support.Http;
import it.com.acme.backend.support.ServerReady;
import it.com.acme.backend.support.Servers;

/**
 * The OpenAPI document the server generates passes Redocly's recommended rules with zero errors, and describes
 * every operation with its problem responses and the headers clients rely on. The linter runs through npx at the
 * version the pom pins ({@code redocly.version}); its output is kept in target/openapi/lint.txt.
 */
@ServerReady
class OpenApiLintIT {

    private static final URI BASE = Servers.mysql();
    private static final Path OUT = Path.of(System.getProperty("it.openapi.dir", "target/openapi"));

    private static String document() {
        HttpResponse<String> response = Http.send(BASE, "GET", "/openapi", Map.of("Accept", "application/json"),
                BodyPublishers.noBody());
        assertEquals(200, response.statusCode());
        return response.body();
    }

    @Test
    void redoclyFindsNoErrors() throws Exception {
        Files.createDirectories(OUT);
        Path file = OUT.resolve("openapi.json");
        Files.writeString(file, document());
        String version = System.getProperty("redocly.version");
        Process lint = new ProcessBuilder(List.of("npx", "--yes", "@redocly/cli@" + version, "lint",
                file.toAbsolutePath().toString(), "--format=stylish"))
                .redirectErrorStream(true).start();
        String output = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(lint.waitFor(5, TimeUnit.MINUTES), "the linter finished");
        Files.writeString(OUT.resolve("lint.txt"), output);
        assertEquals(0, lint.exitValue(), output);
        assertTrue(output.contains("Your API description is valid"), output);
    }

    @Test
    void everyUsersOperationDocumentsItsProblemsAndHeaders() {
        JsonObject paths = Http.json(document()).getJsonObject("paths");
        JsonObject users = paths.getJsonObject("/api/users");
        JsonObject user = paths.getJsonObject("/api/users/{id}");
        assertResponses(users.getJsonObject("get"), "200", "400", "401", "403", "503");
        assertResponses(users.getJsonObject("post"), "201", "400", "401", "403", "409", "413", "415", "503");
        assertResponses(user.getJsonObject("get"), "200", "401", "403", "404", "503");
        assertResponses(user.getJsonObject("put"), "200", "400", "401", "403", "404", "409", "412", "413", "415",
                "503");
        assertResponses(user.getJsonObject("delete"), "204", "401", "403", "404", "503");
        JsonObject listHeaders = users.getJsonObject("get").getJsonObject("responses").getJsonObject("200")
                .getJsonObject("headers");
        assertTrue(listHeaders.containsKey("X-Total-Count") && listHeaders.containsKey("Link"), listHeaders.toString());
        assertTrue(users.getJsonObject("post").getJsonObject("responses").getJsonObject("201").getJsonObject("headers")
                .containsKey("Location"));
        assertTrue(user.getJsonObject("put").getJsonArray("parameters").stream()
                .anyMatch(p -> p.asJsonObject().getString("name").equals("If-Match")));
    }

    private static void assertResponses(JsonObject operation, String... codes) {
        JsonObject responses = operation.getJsonObject("responses");
        for (String code : codes) {
            assertTrue(responses.containsKey(code), operation.getString("operationId") + " documents " + code);
        }
    }
}
