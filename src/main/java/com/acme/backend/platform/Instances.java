package com.acme.backend.platform;

import jakarta.ws.rs.core.UriInfo;

/** The {@code instance} member of a problem: the path of the request it answers. */
final class Instances {

    private Instances() {
    }

    static String of(UriInfo uriInfo) {
        try {
            return uriInfo == null ? "" : uriInfo.getRequestUri().getRawPath();
        } catch (RuntimeException e) {
            // No request in scope (e.g. a failure while writing): an empty instance beats failing the error response.
            return "";
        }
    }
}
