package io.hostmove.dns.rest;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;

/** Renders a {@link ProblemException} as application/problem+json, naming the field at fault. */
public class ProblemMapper {

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        Problem problem = new Problem("about:blank", e.title(), e.status(), e.getMessage(), uri.getPath(),
                e.field() == null ? null : List.of(new Problem.FieldError(e.field(), e.getMessage())));
        return Response.status(e.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}
