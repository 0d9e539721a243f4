package com.acme.backend.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.RecordComponent;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.annotation.security.RolesAllowed;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.junit.jupiter.api.Test;

/**
 * The server serves META-INF/openapi.json and scans no annotations at start (mp.openapi.scan.disable). This test
 * keeps that file in step with the annotations it was generated from: every resource method is in it, at its path
 * and HTTP method, with its operationId, summary, parameters, request body, response codes (plus the 401 and 403
 * that OpenApiDocument adds to secured operations) and security; it has no other operation; and each schema named
 * by a {@code @Schema(name)} record has the record's members as properties.
 * <p>
 * To regenerate the file after changing the annotations: start the server with {@code MP_OPENAPI_SCAN_DISABLE=false}
 * and save {@code GET /openapi} with {@code Accept: application/json} over it (the scan merges into the old file,
 * so remove what was removed from the code by hand).
 */
class OpenApiStaticDocumentTest {

    private static final Set<String> ADDED_TO_SECURED = Set.of("401", "403");

    private static JsonObject document() throws IOException {
        try (InputStream in = OpenApiStaticDocumentTest.class.getResourceAsStream("/META-INF/openapi.json")) {
            assertNotNull(in, "META-INF/openapi.json is on the class path");
            return Json.createReader(in).readObject();
        }
    }

    private static List<Class<?>> applicationClasses() throws IOException, URISyntaxException {
        Path classes = Path.of(RestApplication.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Class<?>> types = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class") && !f.toString().contains("$")).toList()) {
                String name = classes.relativize(file).toString().replace('/', '.').replace(".class", "");
                try {
                    types.add(Class.forName(name, false, OpenApiStaticDocumentTest.class.getClassLoader()));
                } catch (ClassNotFoundException | NoClassDefFoundError e) {
                    // classes that need the server's libraries declare no API
                }
            }
        }
        return types;
    }

    private static String join(String... parts) {
        return Stream.of(parts).filter(p -> p != null && !p.isEmpty()).map(p -> p.replaceAll("^/|/$", ""))
                .collect(Collectors.joining("/", "/", ""));
    }

    @Test
    void everyAnnotatedOperationIsInTheStaticDocumentAsDeclared() throws Exception {
        JsonObject paths = document().getJsonObject("paths");
        String root = RestApplication.class.getAnnotation(jakarta.ws.rs.ApplicationPath.class).value();
        Set<String> declared = new TreeSet<>();
        for (Class<?> type : applicationClasses()) {
            jakarta.ws.rs.Path classPath = type.getAnnotation(jakarta.ws.rs.Path.class);
            if (classPath == null) {
                continue;
            }
            for (Method method : type.getDeclaredMethods()) {
                String verb = Stream.of(method.getAnnotations())
                        .map(a -> a.annotationType().getAnnotation(HttpMethod.class)).filter(h -> h != null)
                        .map(h -> h.value().toLowerCase(Locale.ROOT)).findFirst().orElse(null);
                if (verb == null) {
                    continue;
                }
                jakarta.ws.rs.Path methodPath = method.getAnnotation(jakarta.ws.rs.Path.class);
                String path = join(root, classPath.value(), methodPath == null ? null : methodPath.value());
                String where = verb.toUpperCase(Locale.ROOT) + " " + path + " (" + type.getSimpleName() + "."
                        + method.getName() + ")";
                declared.add(verb + " " + path);
                assertTrue(paths.containsKey(path) && paths.getJsonObject(path).containsKey(verb),
                        where + " is in META-INF/openapi.json");
                JsonObject operation = paths.getJsonObject(path).getJsonObject(verb);

                Operation annotation = method.getAnnotation(Operation.class);
                assertEquals(annotation.operationId(), operation.getString("operationId"), where);
                assertEquals(annotation.summary(), operation.getString("summary"), where);

                Set<String> parameters = new TreeSet<>();
                boolean body = false;
                for (Parameter parameter : method.getParameters()) {
                    PathParam p = parameter.getAnnotation(PathParam.class);
                    QueryParam q = parameter.getAnnotation(QueryParam.class);
                    HeaderParam h = parameter.getAnnotation(HeaderParam.class);
                    if (p != null) {
                        parameters.add("path " + p.value());
                    } else if (q != null) {
                        parameters.add("query " + q.value());
                    } else if (h != null) {
                        parameters.add("header " + h.value());
                    }
                    body |= parameter.isAnnotationPresent(RequestBody.class);
                }
                Set<String> documented = new TreeSet<>();
                for (JsonValue p : operation.getOrDefault("parameters", JsonValue.EMPTY_JSON_ARRAY).asJsonArray()) {
                    documented.add(p.asJsonObject().getString("in") + " " + p.asJsonObject().getString("name"));
                }
                assertEquals(parameters, documented, where + ": parameters");
                assertEquals(body, operation.containsKey("requestBody"), where + ": request body");

                boolean secured = method.isAnnotationPresent(RolesAllowed.class);
                Set<String> codes = Stream.of(method.getAnnotationsByType(APIResponse.class))
                        .map(APIResponse::responseCode).collect(Collectors.toCollection(TreeSet::new));
                if (secured) {
                    codes.addAll(ADDED_TO_SECURED);
                }
                assertEquals(codes, new TreeSet<>(operation.getJsonObject("responses").keySet()), where + ": responses");
                String security = operation.getJsonArray("security").toString();
                assertEquals(secured ? "[{\"" + RestApplication.BEARER + "\":[]}]" : "[{}]", security,
                        where + ": security");
            }
        }
        Set<String> inDocument = new TreeSet<>();
        paths.forEach((path, item) -> item.asJsonObject().keySet().forEach(verb -> inDocument.add(verb + " " + path)));
        assertEquals(declared, inDocument, "the document's operations are exactly the annotated ones");
    }

    @Test
    void everyNamedSchemaHasItsRecordsMembers() throws Exception {
        JsonObject schemas = document().getJsonObject("components").getJsonObject("schemas");
        int checked = 0;
        for (Class<?> type : applicationClasses()) {
            Schema schema = type.getAnnotation(Schema.class);
            if (schema == null || schema.name().isEmpty() || !type.isRecord()) {
                continue;
            }
            assertTrue(schemas.containsKey(schema.name()), schema.name() + " is a component schema");
            Set<String> members = Stream.of(type.getRecordComponents()).map(RecordComponent::getName)
                    .collect(Collectors.toCollection(TreeSet::new));
            assertEquals(members, new TreeSet<>(schemas.getJsonObject(schema.name()).getJsonObject("properties")
                    .keySet()), schema.name() + " (" + type.getSimpleName() + ")");
            checked++;
        }
        assertTrue(checked >= 3, "the API's records were found: " + checked);
    }
}
