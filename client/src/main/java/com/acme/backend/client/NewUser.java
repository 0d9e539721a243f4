package com.acme.backend.client;

/** The body of a create or replace: a name (1 to 100 characters) and an email, unique case-insensitively. */
public record NewUser(String name, String email) {}
