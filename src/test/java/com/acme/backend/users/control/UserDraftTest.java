package com.acme.backend.users.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.util.List;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.acme.backend.problems.FieldError;
import com.acme.backend.problems.ProblemException;
import com.acme.backend.problems.ProblemType;

class UserDraftTest {

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    private static List<FieldError> errors(String text) {
        ProblemException e = assertThrows(ProblemException.class, () -> UserDraft.from(json(text)));
        assertEquals(ProblemType.VALIDATION, e.type());
        return e.errors();
    }

    @Test
    void trimsTheNameAndLowerCasesTheEmail() {
        UserDraft draft = UserDraft.from(json("{\"name\":\"  Zoë 李 🚀 \",\"email\":\"  ZOË@Example.COM \"}"));
        assertEquals("Zoë 李 🚀", draft.name());
        assertEquals("zoë@example.com", draft.email());
    }

    @Test
    void ignoresOtherMembers() {
        UserDraft draft = UserDraft.from(json("{\"id\":5,\"createdAt\":1,\"name\":\"N\",\"email\":\"n@example.com\"}"));
        assertEquals(new UserDraft("N", "n@example.com"), draft);
    }

    @Test
    void missingNullAndWrongTypesAreFieldErrors() {
        assertEquals(List.of(new FieldError("name", "is required"), new FieldError("email", "is required")),
                errors("{}"));
        assertEquals(List.of(new FieldError("name", "is required"), new FieldError("email", "must be a string")),
                errors("{\"name\":null,\"email\":[]}"));
        assertEquals(List.of(new FieldError("name", "must be a string")),
                errors("{\"name\":42,\"email\":\"a@example.com\"}"));
    }

    @Test
    void nameLengthCountsCharactersNotUtf16Units() {
        assertEquals(100, UserDraft.from(json("{\"name\":\"" + "🚀".repeat(100) + "\",\"email\":\"a@example.com\"}"))
                .name().codePointCount(0, 200));
        assertEquals(List.of(new FieldError("name", "must be at most 100 characters")),
                errors("{\"name\":\"" + "🚀".repeat(101) + "\",\"email\":\"a@example.com\"}"));
        assertEquals(List.of(new FieldError("name", "must not be blank")),
                errors("{\"name\":\" \\t \",\"email\":\"a@example.com\"}"));
    }

    @Test
    void controlCharactersAndLoneSurrogatesAreRejected() {
        assertEquals(List.of(new FieldError("name", "must not contain control characters or unpaired surrogates")),
                errors("{\"name\":\"a\\u0000b\",\"email\":\"a@example.com\"}"));
        assertEquals(List.of(new FieldError("name", "must not contain control characters or unpaired surrogates")),
                errors("{\"name\":\"a\\ud800b\",\"email\":\"a@example.com\"}"));
        assertEquals(List.of(new FieldError("email", "must be a valid email address")),
                errors("{\"name\":\"n\",\"email\":\"a\\u0007@example.com\"}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain", "@example.com", "a@", "a@b", "a b@example.com", "a@exa mple.com", "a@@example.com",
            "a@-example.com", "a@example..com", "a@.example.com"})
    void rejectsInvalidEmails(String email) {
        assertEquals(List.of(new FieldError("email", "must be a valid email address")),
                errors("{\"name\":\"N\",\"email\":\"" + email + "\"}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a@example.com", "first.last+tag@sub.example.co.uk", "zoë@exämple.de", "x@a-b.io"})
    void acceptsValidEmails(String email) {
        assertEquals(email, UserDraft.from(json("{\"name\":\"N\",\"email\":\"" + email + "\"}")).email());
    }

    @Test
    void emailLongerThan254IsRejected() {
        String email = "a".repeat(64) + "@" + "b".repeat(60) + "." + "c".repeat(60) + "." + "d".repeat(60) + "."
                + "e".repeat(60) + ".com";
        assertEquals(List.of(new FieldError("email", "must be at most 254 characters")),
                errors("{\"name\":\"N\",\"email\":\"" + email + "\"}"));
    }

    @Test
    void theFingerprintIsAHashOfTheNormalisedUser() {
        UserDraft draft = UserDraft.from(json("{\"name\":\"Ada\",\"email\":\"ada@example.com\"}"));
        assertEquals(draft.fingerprint(),
                UserDraft.from(json("{\"name\":\" Ada \",\"email\":\"ADA@example.com \"}")).fingerprint());
        assertNotEquals(draft.fingerprint(),
                UserDraft.from(json("{\"name\":\"Ada\",\"email\":\"ada2@example.com\"}")).fingerprint());
        // Name and email are separated: moving characters between them is another request.
        assertNotEquals(new UserDraft("ab", "c@d.e").fingerprint(),
                new UserDraft("a", "bc@d.e").fingerprint());
        assertTrue(draft.fingerprint().matches("[0-9a-f]{64}"), draft.fingerprint());
    }
}
