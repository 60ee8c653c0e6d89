package io.junicorn.examples.jersey;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Plain text, and a path variable. */
@Path("/hello")
public class GreetingResource {
    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public String hello() {
        return "Hello from Jersey\n";
    }

    @GET
    @Path("{name}")
    @Produces(MediaType.TEXT_PLAIN)
    public String hello(@PathParam("name") String name) {
        return "Hello, " + name + "\n";
    }

    /** An exception no mapper handles: Jersey answers 500. */
    @GET
    @Path("boom/now")
    public String boom() {
        throw new IllegalStateException("boom");
    }
}
