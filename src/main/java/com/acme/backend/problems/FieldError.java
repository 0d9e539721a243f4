package com.acme.backend.problems;

/** One invalid field of a request, by name, with what is wrong with it (never the rejected value). */
public record FieldError(String field, String message) {}
