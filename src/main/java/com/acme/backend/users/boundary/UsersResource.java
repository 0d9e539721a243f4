package com.acme.backend.users.boundary;

import java.io.InputStream;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.GenericEntity;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

import com.acme.backend.idempotency.control.IdempotencyKey;
import com.acme.backend.platform.JsonBodies;
import com.acme.backend.platform.RestApplication;
import com.acme.backend.problems.ProblemResponses;
import com.acme.backend.security.Roles;
import com.acme.backend.users.control.Page;
import com.acme.backend.users.control.PageRequest;
import com.acme.backend.users.control.UserDraft;
import com.acme.backend.users.control.UserNotFoundException;
import com.acme.backend.users.control.UserStore;
import com.acme.backend.users.entity.User;

/**
 * {@code /api/users}: the users API. Errors are problems (see {@code com.acme.backend.problems}).
 * One instance for the application: a per-request resource cost a CDI creation, injection and destruction on every
 * request. It therefore holds no request state; the caller's {@link SecurityContext} is a method parameter.
 */
@ApplicationScoped
@Path("users")
@Produces(MediaType.APPLICATION_JSON)
public class UsersResource {

    static final String TOTAL_COUNT = PagedResponses.TOTAL_COUNT;
    /** On a 201 that repeats an earlier request's answer (same idempotency key): nothing new was created. */
    static final String REPLAYED = "Idempotent-Replayed";

    @Inject
    UserStore store;

    @GET
    @RolesAllowed({Roles.USERS_READ, Roles.USERS_WRITE})
    @SecurityRequirement(name = RestApplication.BEARER)
    @Operation(operationId = "listUsers", summary = "List users, ordered by id, one page at a time",
            extensions = @Extension(name = RestApplication.ROLES_EXTENSION,
                    value = Roles.USERS_READ + ", " + Roles.USERS_WRITE))
    @APIResponse(responseCode = "200", description = "The page; empty beyond the last user.",
            headers = {@Header(name = TOTAL_COUNT, description = "How many users there are in all.",
                    schema = @Schema(type = SchemaType.INTEGER)),
                    @Header(name = "Link", description = "The next and previous pages (rel=\"next\", rel=\"prev\").",
                            schema = @Schema(type = SchemaType.STRING))},
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = UserView.class)))
    @APIResponse(responseCode = "400", ref = ProblemResponses.BAD_REQUEST)
    @APIResponse(responseCode = "503", ref = ProblemResponses.UNAVAILABLE)
    public Response list(
            @Parameter(description = "Users to skip.", schema = @Schema(type = SchemaType.INTEGER, minimum = "0",
                    defaultValue = "0")) @QueryParam("offset") String offset,
            @Parameter(description = "Users per page.", schema = @Schema(type = SchemaType.INTEGER, minimum = "1",
                    maximum = "100", defaultValue = "20")) @QueryParam("limit") String limit) {
        PageRequest request = PageRequest.parse(offset, limit);
        Page<User> page = store.page(request);
        List<UserView> views = page.items().stream().map(UserView::of).toList();
        return PagedResponses.of(page, new GenericEntity<List<UserView>>(new ArrayList<>(views)) {
        }, "/api/users");
    }

    @POST
    @RolesAllowed(Roles.USERS_WRITE)
    @SecurityRequirement(name = RestApplication.BEARER)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createUser", summary = "Create a user",
            extensions = @Extension(name = RestApplication.ROLES_EXTENSION, value = Roles.USERS_WRITE))
    @APIResponse(responseCode = "201", description = "Created.", headers = {
            @Header(name = HttpHeaders.LOCATION, description = "The new user's URL.", schema = @Schema(type = SchemaType.STRING)),
            @Header(name = HttpHeaders.ETAG, ref = ProblemResponses.ETAG_HEADER),
            @Header(name = REPLAYED, description = "true when an earlier request with the same Idempotency-Key"
                    + " created this user and nothing new was created.", schema = @Schema(type = SchemaType.STRING))},
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = UserView.class)))
    @APIResponse(responseCode = "400", ref = ProblemResponses.BAD_REQUEST)
    @APIResponse(responseCode = "409", ref = ProblemResponses.EMAIL_TAKEN)
    @APIResponse(responseCode = "413", ref = ProblemResponses.TOO_LARGE)
    @APIResponse(responseCode = "415", ref = ProblemResponses.NOT_JSON)
    @APIResponse(responseCode = "422", ref = ProblemResponses.KEY_REUSED)
    @APIResponse(responseCode = "503", ref = ProblemResponses.UNAVAILABLE)
    public Response create(
            @Parameter(description = "Makes retries safe: a repeat of this request with the same key, by the same"
                    + " caller within 24 h, creates nothing and answers 201 with the user the first one created"
                    + " (and Idempotent-Replayed: true). Use a new key, such as a UUID, for each new user.",
                    schema = @Schema(type = SchemaType.STRING, minLength = 1, maxLength = IdempotencyKey.MAX_LENGTH,
                            pattern = "^[!-~]+$")) @HeaderParam(IdempotencyKey.HEADER) String idempotencyKey,
            @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = UserInput.class))) InputStream body,
            @Context SecurityContext security) {
        Optional<IdempotencyKey> key = IdempotencyKey.parse(idempotencyKey);
        UserDraft draft = UserDraft.from(JsonBodies.readObject(body));
        UserStore.Creation creation = store.create(draft, actor(security), key);
        User user = creation.user();
        Response.ResponseBuilder created = Response.status(Response.Status.CREATED)
                .header(HttpHeaders.LOCATION, "/api/users/" + user.getId())
                .tag(Long.toString(user.getVersion()))
                .entity(UserView.of(user));
        if (creation.replayed()) {
            created.header(REPLAYED, "true");
        }
        return created.build();
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.USERS_READ, Roles.USERS_WRITE})
    @SecurityRequirement(name = RestApplication.BEARER)
    @Operation(operationId = "getUser", summary = "Get one user",
            extensions = @Extension(name = RestApplication.ROLES_EXTENSION,
                    value = Roles.USERS_READ + ", " + Roles.USERS_WRITE))
    @APIResponse(responseCode = "200", description = "The user.",
            headers = @Header(name = HttpHeaders.ETAG, ref = ProblemResponses.ETAG_HEADER),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = UserView.class)))
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    @APIResponse(responseCode = "503", ref = ProblemResponses.UNAVAILABLE)
    public Response get(@Parameter(description = "The user's id.", schema = @Schema(type = SchemaType.INTEGER))
                        @PathParam("id") String id) {
        User user = store.find(parseId(id)).orElseThrow(() -> new UserNotFoundException(id));
        return Response.ok(UserView.of(user)).tag(Long.toString(user.getVersion())).build();
    }

    @PUT
    @Path("{id}")
    @RolesAllowed(Roles.USERS_WRITE)
    @SecurityRequirement(name = RestApplication.BEARER)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "replaceUser", summary = "Replace a user's name and email",
            extensions = @Extension(name = RestApplication.ROLES_EXTENSION, value = Roles.USERS_WRITE))
    @APIResponse(responseCode = "200", description = "The user as changed.",
            headers = @Header(name = HttpHeaders.ETAG, ref = ProblemResponses.ETAG_HEADER),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = UserView.class)))
    @APIResponse(responseCode = "400", ref = ProblemResponses.BAD_REQUEST)
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ProblemResponses.EMAIL_TAKEN)
    @APIResponse(responseCode = "412", ref = ProblemResponses.STALE)
    @APIResponse(responseCode = "413", ref = ProblemResponses.TOO_LARGE)
    @APIResponse(responseCode = "415", ref = ProblemResponses.NOT_JSON)
    @APIResponse(responseCode = "503", ref = ProblemResponses.UNAVAILABLE)
    public Response replace(@Parameter(description = "The user's id.", schema = @Schema(type = SchemaType.INTEGER))
                            @PathParam("id") String id,
                            @Parameter(description = "The ETag last read; the change is refused (412) if the user"
                                    + " changed since.") @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                            @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                    schema = @Schema(implementation = UserInput.class))) InputStream body,
                            @Context SecurityContext security) {
        long userId = parseId(id);
        UserDraft draft = UserDraft.from(JsonBodies.readObject(body));
        User user = store.replace(userId, draft, Optional.ofNullable(ifMatch), actor(security));
        return Response.ok(UserView.of(user)).tag(Long.toString(user.getVersion())).build();
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed(Roles.USERS_WRITE)
    @SecurityRequirement(name = RestApplication.BEARER)
    @Operation(operationId = "deleteUser", summary = "Delete a user",
            extensions = @Extension(name = RestApplication.ROLES_EXTENSION, value = Roles.USERS_WRITE))
    @APIResponse(responseCode = "204", description = "Deleted.")
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    @APIResponse(responseCode = "503", ref = ProblemResponses.UNAVAILABLE)
    public Response delete(@Parameter(description = "The user's id.", schema = @Schema(type = SchemaType.INTEGER))
                           @PathParam("id") String id, @Context SecurityContext security) {
        store.delete(parseId(id), actor(security));
        return Response.noContent().build();
    }

    /**
     * Who makes a change, for the audit trail: the token's subject, the identity provider's stable id for the
     * caller, rather than its name, which is often an email and would put personal data in the trail.
     */
    static String actor(SecurityContext security) {
        Principal caller = security.getUserPrincipal();
        String id = caller instanceof JsonWebToken token ? token.getSubject() : caller == null ? null : caller.getName();
        return id == null || id.isBlank() ? "unknown" : id.length() > 254 ? id.substring(0, 254) : id;
    }

    /** A malformed id is a user that does not exist: 404, like an unknown one. */
    static long parseId(String id) {
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

}
