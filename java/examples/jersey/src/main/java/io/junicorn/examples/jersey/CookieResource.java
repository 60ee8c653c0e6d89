package io.junicorn.examples.jersey;

import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;

/** Counts a client's visits in a cookie. */
@Path("/visits")
public class CookieResource {
    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public Response visit(@CookieParam("visits") Integer visits) {
        int count = visits == null ? 1 : visits + 1;
        return Response.ok("visits: " + count + "\n")
                .cookie(new NewCookie.Builder("visits").value(Integer.toString(count)).path("/").build())
                .build();
    }
}
