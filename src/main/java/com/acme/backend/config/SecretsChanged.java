package com.acme.backend.config;

import java.util.Set;

/** A CDI event fired after the secrets file was reloaded with different content: the names of the keys that changed. */
public record SecretsChanged(Set<String> keys) {
    public SecretsChanged {
        keys = Set.copyOf(keys);
    }
}
