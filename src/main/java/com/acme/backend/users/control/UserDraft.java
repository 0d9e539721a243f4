package com.acme.backend.users.control;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import com.acme.backend.problems.FieldError;
import com.acme.backend.problems.ProblemException;
import com.acme.backend.problems.ProblemType;

/**
 * A user as a client submits it, validated and normalised: the name trimmed, the email trimmed and lower-cased.
 * Any other member of the request ({@code id}, {@code createdAt}, ...) is ignored.
 */
public record UserDraft(String name, String email) {

    public static final int NAME_MAX = 100;
    public static final int EMAIL_MAX = 254;

    // Pragmatic: one @, no spaces or specials in the local part, dot-separated domain labels. Unicode letters are
    // allowed on both sides (internationalised addresses); the mail system is the final judge.
    private static final Pattern EMAIL = Pattern.compile(
            "[^\\s@\"(),:;<>\\[\\]\\\\]{1,64}@(?:[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]*[\\p{L}\\p{N}])?\\.)+"
                    + "[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]*[\\p{L}\\p{N}])?");

    /**
     * @throws ProblemException 400 listing every invalid field
     */
    public static UserDraft from(JsonObject json) {
        List<FieldError> errors = new ArrayList<>();
        String name = string(json, "name", errors);
        String email = string(json, "email", errors);
        if (name != null && !printable(name.strip())) {
            errors.add(new FieldError("name", "must not contain control characters or unpaired surrogates"));
            name = null;
        }
        if (email != null && !printable(email.strip())) {
            errors.add(new FieldError("email", "must be a valid email address"));
            email = null;
        }
        if (name != null) {
            name = name.strip();
            int length = name.codePointCount(0, name.length());
            if (length == 0) {
                errors.add(new FieldError("name", "must not be blank"));
            } else if (length > NAME_MAX) {
                errors.add(new FieldError("name", "must be at most " + NAME_MAX + " characters"));
            }
        }
        if (email != null) {
            email = email.strip().toLowerCase(Locale.ROOT);
            if (email.codePointCount(0, email.length()) > EMAIL_MAX) {
                errors.add(new FieldError("email", "must be at most " + EMAIL_MAX + " characters"));
            } else if (!EMAIL.matcher(email).matches()) {
                errors.add(new FieldError("email", "must be a valid email address"));
            }
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(ProblemType.VALIDATION, "The user is not valid.", errors);
        }
        return new UserDraft(name, email);
    }

    // Stored exactly as sent: a lone surrogate cannot be stored in UTF-8, and control characters have no place in
    // a name or an address.
    private static boolean printable(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c) || Character.isISOControl(c)) {
                return false;
            }
        }
        return true;
    }

    private static String string(JsonObject json, String field, List<FieldError> errors) {
        JsonValue value = json.get(field);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            errors.add(new FieldError(field, "is required"));
            return null;
        }
        if (value.getValueType() != JsonValue.ValueType.STRING) {
            errors.add(new FieldError(field, "must be a string"));
            return null;
        }
        return ((JsonString) value).getString();
    }

    /**
     * What this request asks for, as a SHA-256 in hex: a retry with an idempotency key must ask for the same. Of
     * the normalised fields, so a retry that differs only in spacing or the email's case is the same request.
     */
    public String fingerprint() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha.digest((name + '\u0000' + email).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
