package io.junicorn.examples.jersey;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import java.util.Map;

/** Turns {@link InvalidItemException} into 422 with a JSON error. */
@Provider
public class InvalidItemMapper implements ExceptionMapper<InvalidItemException> {
    @Override
    public Response toResponse(InvalidItemException e) {
        return Response.status(422).type(MediaType.APPLICATION_JSON).entity(Map.of("error", e.getMessage())).build();
    }
}
