package io.junicorn.examples.jerseyservlet;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;

/** A response filter: every response says which worker process served it. */
@Provider
public class ServedByFilter implements ContainerResponseFilter {
    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        response.getHeaders().putSingle("X-Served-By", "jersey-servlet pid " + ProcessHandle.current().pid());
    }
}
