package it.com.acme.backend.support;

/** The body of a create or replace request. */
public record NewUser(String name, String email) {
}
