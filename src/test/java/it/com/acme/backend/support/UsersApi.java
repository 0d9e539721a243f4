package it.com.acme.backend.support;

import com.acme.backend.client.NewUser;
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

/** The users API as a MicroProfile Rest Client. Methods answer {@link Response} so tests can check failures too. */
@Path("/api/users")
@Produces(MediaType.APPLICATION_JSON)
public interface UsersApi {

    @GET
    Response list(@QueryParam("offset") String offset, @QueryParam("limit") String limit);

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    Response create(NewUser user);

    /** Sends the body as given, for malformed or partial JSON. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    Response createJson(String json);

    @GET
    @Path("{id}")
    Response get(@PathParam("id") String id);

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    Response replace(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch, NewUser user);

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    Response replaceJson(@PathParam("id") String id, String json);

    @DELETE
    @Path("{id}")
    Response delete(@PathParam("id") String id);
}
