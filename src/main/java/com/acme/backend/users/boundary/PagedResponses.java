package com.acme.backend.users.boundary;

import com.acme.backend.users.control.Page;
import jakarta.ws.rs.core.GenericEntity;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;

/** A page as the API answers it: the items, {@code X-Total-Count}, and {@code Link} to the next and previous pages. */
final class PagedResponses {

    static final String TOTAL_COUNT = "X-Total-Count";

    private PagedResponses() {}

    /**
     * @param items the page's items as a {@code GenericEntity} (an anonymous subclass keeps the element type for
     *              JSON-B)
     * @param path  the collection's path, e.g. {@code /api/users}; the links repeat the page's limit
     */
    static Response of(Page<?> page, GenericEntity<?> items, String path) {
        Response.ResponseBuilder response = Response.ok(items).header(TOTAL_COUNT, page.total());
        List<String> links = new ArrayList<>();
        int limit = page.request().limit();
        page.request().nextOffset(page.total()).ifPresent(next -> links.add(link(path, next, limit, "next")));
        page.request().previousOffset().ifPresent(previous -> links.add(link(path, previous, limit, "prev")));
        if (!links.isEmpty()) {
            response.header("Link", String.join(", ", links));
        }
        return response.build();
    }

    private static String link(String path, long offset, int limit, String rel) {
        return "<" + path + "?offset=" + offset + "&limit=" + limit + ">; rel=\"" + rel + "\"";
    }
}
