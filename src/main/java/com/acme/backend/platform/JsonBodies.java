package com.acme.backend.platform;

import com.acme.backend.problems.PayloadTooLargeException;
import com.acme.backend.problems.ProblemException;
import com.acme.backend.problems.ProblemType;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.stream.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads a request body that must be one JSON object. UTF-8 is decoded strictly: the usual lenient decoding would
 * silently turn invalid bytes into U+FFFD and store them.
 */
public final class JsonBodies {

    private JsonBodies() {}

    /**
     * @throws ProblemException 400 when the body is empty, not UTF-8, not JSON or not an object; 413 when it is
     *                          too large
     */
    public static JsonObject readObject(InputStream body) {
        if (body == null) {
            throw new ProblemException(ProblemType.VALIDATION, "The request body must be a JSON object.");
        }
        Reader reader = new InputStreamReader(
                body,
                StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT));
        try (JsonParser parser = Json.createParser(reader)) {
            if (!parser.hasNext() || parser.next() != JsonParser.Event.START_OBJECT) {
                throw new ProblemException(ProblemType.VALIDATION, "The request body must be a JSON object.");
            }
            JsonObject object = parser.getObject();
            // One object and nothing after it: trailing data would otherwise go unread (and uncounted).
            if (parser.hasNext()) {
                throw new ProblemException(ProblemType.VALIDATION, "The request body must be a single JSON object.");
            }
            return object;
        } catch (JsonException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof PayloadTooLargeException tooLarge) {
                    throw new ProblemException(ProblemType.PAYLOAD_TOO_LARGE, tooLarge.detail());
                }
                if (t instanceof IOException && !(t instanceof CharacterCodingException)) {
                    // The client went away or stalled: nothing sensible to parse.
                    throw new ProblemException(ProblemType.VALIDATION, "The request body could not be read.");
                }
            }
            throw new ProblemException(
                    ProblemType.VALIDATION,
                    hasCause(e, CharacterCodingException.class)
                            ? "The request body is not valid UTF-8."
                            : "The request body is not valid JSON.");
        } catch (ProblemException e) {
            throw e;
        } catch (RuntimeException e) {
            // Parsson reports nesting beyond its depth limit (1000) with a plain RuntimeException.
            throw new ProblemException(ProblemType.VALIDATION, "The request body is not valid JSON.");
        }
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
