package com.acme.backend.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Set;
import org.junit.jupiter.api.Test;

class CorsFilterTest {

    @Test
    void originsAreSchemeHostAndPort() {
        assertEquals(
                Set.of("https://app.example.com", "http://localhost:3000"),
                CorsFilter.parse(" https://App.Example.com/ , http://localhost:3000/path "));
        assertEquals("https://a.example", CorsFilter.normalize("https://a.example:443"));
        assertEquals("https://a.example:8443", CorsFilter.normalize("https://a.example:8443/x"));
    }

    @Test
    void wildcardsAndGarbageAreNeverAllowed() {
        assertEquals(Set.of(), CorsFilter.parse("*"));
        assertEquals(
                Set.of("https://ok.example"), CorsFilter.parse("https://*.example.com, not a url, https://ok.example"));
        assertNull(CorsFilter.normalize("null"));
        assertEquals(Set.of(), CorsFilter.parse(""));
    }
}
