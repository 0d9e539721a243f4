package com.acme.backend.platform;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

import com.acme.backend.problems.PayloadTooLargeException;
import com.acme.backend.problems.ProblemException;
import com.acme.backend.problems.ProblemType;

/**
 * Reads a request body that must be one JSON object. UTF-8 is decoded strictly: the usual lenient decoding would
 * silently turn invalid bytes into U+FFFD and store them.
 */
public final class JsonBodies {

    private JsonBodies() {
    }

    /**
     * @throws ProblemException 400 when the body is empty, not UTF-8, not JSON or not an object; 413 when it is
     *                          too large
     */
    public static JsonObject readObject(InputStream body) {
        if (body == null) {
            throw new ProblemException(ProblemType.VALIDATION, "The request body must be a JSON object.");
        }
        Reader reader = new InputStreamReader(body, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT));
        JsonValue value;
        try (JsonReader json = Json.createReader(reader)) {
            value = json.readValue();
        } catch (JsonException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof PayloadTooLargeException tooLarge) {
                    throw new ProblemException(ProblemType.PAYLOAD_TOO_LARGE,
                            "The request body exceeds the limit of " + tooLarge.limitBytes() + " bytes.");
                }
                if (t instanceof IOException && !(t instanceof java.nio.charset.CharacterCodingException)) {
                    // The client went away or stalled: nothing sensible to parse.
                    throw new ProblemException(ProblemType.VALIDATION, "The request body could not be read.");
                }
            }
            boolean encoding = hasCause(e, java.nio.charset.CharacterCodingException.class);
            throw new ProblemException(ProblemType.VALIDATION, encoding
                    ? "The request body is not valid UTF-8."
                    : "The request body is not valid JSON.");
        } catch (RuntimeException e) {
            // Parsson reports nesting beyond its depth limit (1000) with a plain RuntimeException.
            throw new ProblemException(ProblemType.VALIDATION, "The request body is not valid JSON.");
        }
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new ProblemException(ProblemType.VALIDATION, "The request body must be a JSON object.");
        }
        return value.asJsonObject();
    }

    private static boolean hasCause(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
