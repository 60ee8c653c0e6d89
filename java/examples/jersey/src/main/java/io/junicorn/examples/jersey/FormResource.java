package io.junicorn.examples.jersey;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** An HTML form's POST. */
@Path("/form")
public class FormResource {
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_PLAIN)
    public String submit(@FormParam("name") String name, @FormParam("color") String color) {
        return "name=" + name + ", color=" + color + "\n";
    }
}
