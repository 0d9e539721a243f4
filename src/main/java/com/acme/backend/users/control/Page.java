package com.acme.backend.users.control;

import java.util.List;

/** One page of results and the total number of rows. */
public record Page<T>(List<T> items, long total, PageRequest request) {
    public Page {
        items = List.copyOf(items);
    }
}
