package com.acme.backend.client;

import java.util.List;

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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * The users API. Inject it with {@code @Inject @RestClient UsersClient users;} and configure
 * {@code backend-users/mp-rest/url}; send the bearer token with a {@code ClientHeadersFactory} or a
 * {@code ClientRequestFilter} (see client/README.md). Failures throw {@link UsersApiException} subclasses.
 */
@RegisterRestClient(configKey = UsersClient.CONFIG_KEY)
@RegisterProvider(ProblemExceptionMapper.class)
@Path("/api/users")
@Produces(MediaType.APPLICATION_JSON)
public interface UsersClient {

    String CONFIG_KEY = "backend-users";

    /** A page of users ordered by id: offset 0 or more, limit 1 to 100 (defaults 0 and 20 when null). */
    @GET
    List<User> list(@QueryParam("offset") Integer offset, @QueryParam("limit") Integer limit);

    /** The page with its headers: {@code X-Total-Count}, and {@code Link} to the next and previous pages. */
    @GET
    Response listWithHeaders(@QueryParam("offset") Integer offset, @QueryParam("limit") Integer limit);

    @GET
    @Path("{id}")
    User get(@PathParam("id") long id);

    /** The user with its {@code ETag}, for a later {@link #replace} that must not overwrite someone else's change. */
    @GET
    @Path("{id}")
    Response getWithEtag(@PathParam("id") long id);

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    User create(NewUser user);

    /**
     * Creates the user at most once per {@code idempotencyKey} (a new UUID per new user): after a timeout, a
     * connection reset or a 503, call again with the same key and user to get the user the first call created, if
     * it did. A key reused for a different user throws {@link UsersApiException.IdempotencyKeyReused}.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    User create(@HeaderParam("Idempotency-Key") String idempotencyKey, NewUser user);

    /** Replaces name and email; with an {@code ifMatch} ETag, only if the user has not changed since (else 412). */
    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    User replace(@PathParam("id") long id, @HeaderParam("If-Match") String ifMatch, NewUser user);

    @DELETE
    @Path("{id}")
    void delete(@PathParam("id") long id);

    /** A user's audit trail, oldest first (offset and limit as for {@link #list}); a deleted user's too. */
    @GET
    @Path("{id}/changes")
    List<UserChange> changes(@PathParam("id") long id, @QueryParam("offset") Integer offset,
                             @QueryParam("limit") Integer limit);
}
