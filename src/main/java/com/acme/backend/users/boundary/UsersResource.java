package com.acme.backend.users.boundary;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.GenericEntity;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

import com.acme.backend.platform.JsonBodies;
import com.acme.backend.platform.RestApplication;
import com.acme.backend.security.Roles;
import com.acme.backend.users.control.EntityTags;
import com.acme.backend.users.control.Page;
import com.acme.backend.users.control.PageRequest;
import com.acme.backend.users.control.UserDraft;
import com.acme.backend.users.control.UserNotFoundException;
import com.acme.backend.users.control.UserStore;
import com.acme.backend.users.entity.User;

/** {@code /api/users}: the users API. Errors are problems (see {@code com.acme.backend.problems}). */
@Path("users")
@Produces(MediaType.APPLICATION_JSON)
public class UsersResource {

    static final String TOTAL_COUNT = "X-Total-Count";

    @Inject
    UserStore store;

    @GET
    @RolesAllowed({Roles.USERS_READ, Roles.USERS_WRITE})
    @SecurityRequirement(name = RestApplication.BEARER)
    @Extension(name = RestApplication.ROLES_EXTENSION, value = Roles.USERS_READ + ", " + Roles.USERS_WRITE)
    public Response list(@QueryParam("offset") String offset, @QueryParam("limit") String limit) {
        PageRequest request = PageRequest.parse(offset, limit);
        Page<User> page = store.page(request);
        List<UserView> views = page.items().stream().map(UserView::of).toList();
        Response.ResponseBuilder response = Response.ok(new GenericEntity<List<UserView>>(new ArrayList<>(views)) {
        }).header(TOTAL_COUNT, page.total());
        List<String> links = new ArrayList<>();
        request.nextOffset(page.total()).ifPresent(next -> links.add(link(next, request.limit(), "next")));
        request.previousOffset().ifPresent(previous -> links.add(link(previous, request.limit(), "prev")));
        if (!links.isEmpty()) {
            response.header("Link", String.join(", ", links));
        }
        return response.build();
    }

    @POST
    @RolesAllowed(Roles.USERS_WRITE)
    @SecurityRequirement(name = RestApplication.BEARER)
    @Extension(name = RestApplication.ROLES_EXTENSION, value = Roles.USERS_WRITE)
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(InputStream body) {
        UserDraft draft = UserDraft.from(JsonBodies.readObject(body));
        User user = store.create(draft);
        return Response.status(Response.Status.CREATED)
                .header(HttpHeaders.LOCATION, "/api/users/" + user.getId())
                .tag(Long.toString(user.getVersion()))
                .entity(UserView.of(user))
                .build();
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.USERS_READ, Roles.USERS_WRITE})
    @SecurityRequirement(name = RestApplication.BEARER)
    @Extension(name = RestApplication.ROLES_EXTENSION, value = Roles.USERS_READ + ", " + Roles.USERS_WRITE)
    public Response get(@PathParam("id") String id) {
        User user = store.find(parseId(id)).orElseThrow(() -> new UserNotFoundException(id));
        return Response.ok(UserView.of(user)).tag(Long.toString(user.getVersion())).build();
    }

    @PUT
    @Path("{id}")
    @RolesAllowed(Roles.USERS_WRITE)
    @SecurityRequirement(name = RestApplication.BEARER)
    @Extension(name = RestApplication.ROLES_EXTENSION, value = Roles.USERS_WRITE)
    @Consumes(MediaType.APPLICATION_JSON)
    public Response replace(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                            InputStream body) {
        long userId = parseId(id);
        UserDraft draft = UserDraft.from(JsonBodies.readObject(body));
        User user = store.replace(userId, draft, Optional.ofNullable(ifMatch));
        return Response.ok(UserView.of(user)).tag(Long.toString(user.getVersion())).build();
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed(Roles.USERS_WRITE)
    @SecurityRequirement(name = RestApplication.BEARER)
    @Extension(name = RestApplication.ROLES_EXTENSION, value = Roles.USERS_WRITE)
    public Response delete(@PathParam("id") String id) {
        store.delete(parseId(id));
        return Response.noContent().build();
    }

    /** An id that is not a positive long names no user: 404, whatever it looks like. */
    private static long parseId(String id) {
        try {
            long value = Long.parseLong(id);
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // falls through to not found
        }
        throw new UserNotFoundException(id);
    }

    private static String link(long offset, int limit, String rel) {
        return "</api/users?offset=" + offset + "&limit=" + limit + ">; rel=\"" + rel + "\"";
    }
}
