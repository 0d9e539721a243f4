package com.acme.backend.users.boundary;

import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.GenericEntity;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

import com.acme.backend.platform.RestApplication;
import com.acme.backend.problems.ProblemResponses;
import com.acme.backend.security.Roles;
import com.acme.backend.users.control.Page;
import com.acme.backend.users.control.PageRequest;
import com.acme.backend.users.control.UserStore;
import com.acme.backend.users.entity.UserChange;

/**
 * {@code /api/users/{id}/changes}: a user's audit trail, oldest first, paged like the users list. One instance for
 * the application, like {@link UsersResource}: no per-request creation.
 */
@ApplicationScoped
@Path("users/{id}/changes")
@Produces(MediaType.APPLICATION_JSON)
public class UserChangesResource {

    @Inject
    UserStore store;

    @GET
    @RolesAllowed({Roles.USERS_READ, Roles.USERS_WRITE})
    @SecurityRequirement(name = RestApplication.BEARER)
    @Operation(operationId = "listUserChanges", summary = "A user's audit trail: who changed what, and when",
            description = "Field names only, never values. A deleted user's trail stays, ending with DELETED.",
            extensions = @Extension(name = RestApplication.ROLES_EXTENSION,
                    value = Roles.USERS_READ + ", " + Roles.USERS_WRITE))
    @APIResponse(responseCode = "200", description = "The page; empty beyond the last change.",
            headers = {@Header(name = PagedResponses.TOTAL_COUNT, description = "How many changes there are in all.",
                    schema = @Schema(type = SchemaType.INTEGER)),
                    @Header(name = "Link", description = "The next and previous pages (rel=\"next\", rel=\"prev\").",
                            schema = @Schema(type = SchemaType.STRING))},
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = UserChangeView.class)))
    @APIResponse(responseCode = "400", ref = ProblemResponses.BAD_REQUEST)
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    @APIResponse(responseCode = "503", ref = ProblemResponses.UNAVAILABLE)
    public Response list(
            @Parameter(description = "The user's id.", schema = @Schema(type = SchemaType.INTEGER))
            @PathParam("id") String id,
            @Parameter(description = "Changes to skip.", schema = @Schema(type = SchemaType.INTEGER, minimum = "0",
                    defaultValue = "0")) @QueryParam("offset") String offset,
            @Parameter(description = "Changes per page.", schema = @Schema(type = SchemaType.INTEGER, minimum = "1",
                    maximum = "100", defaultValue = "20")) @QueryParam("limit") String limit) {
        long userId = UsersResource.parseId(id);
        PageRequest request = PageRequest.parse(offset, limit);
        Page<UserChange> page = store.changes(userId, request);
        List<UserChangeView> views = page.items().stream().map(UserChangeView::of).toList();
        return PagedResponses.of(page, new GenericEntity<List<UserChangeView>>(new ArrayList<>(views)) {
        }, "/api/users/" + userId + "/changes");
    }
}
