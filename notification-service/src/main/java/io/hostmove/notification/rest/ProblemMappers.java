package io.hostmove.notification.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import io.hostmove.notification.LetterException;
import io.hostmove.notification.Secrets;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;

/** Every error of the API as RFC 9457 problem+json that names the field and says what to do. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    private static final String TYPES = "https://hostmove.io/problems/";

    @ServerExceptionMapper
    public Response badRequest(BadRequestException e, UriInfo uri) {
        return problem(400, "invalid-request", "Invalid request", e.field() + ": " + e.getMessage(), uri,
                List.of(new Problem.FieldError(e.field(), e.getMessage())));
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e, UriInfo uri) {
        return problem(404, "not-found", "Not found", e.getMessage(), uri, null);
    }

    @ServerExceptionMapper
    public Response letter(LetterException e, UriInfo uri) {
        return problem(422, "letter-not-written", "The letter could not be written", Secrets.scrub(e.getMessage()),
                uri, null);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return json(json, uri);
        }
        int status = e.getResponse().getStatus();
        return problem(status, "http-" + status, e.getResponse().getStatusInfo().getReasonPhrase(), e.getMessage(),
                uri, null);
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e, UriInfo uri) {
        String field = e instanceof JsonMappingException mapping ? path(mapping) : "body";
        String message = "cannot be read: " + e.getOriginalMessage();
        return problem(400, "invalid-request", "Invalid request", field + " " + message, uri,
                List.of(new Problem.FieldError(field, message)));
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e, UriInfo uri) {
        LOG.errorf(e, "unexpected error on %s", uri.getPath());
        return problem(500, "internal-error", "Internal error",
                "the notification-service could not complete the request; it has been logged, and retrying may help",
                uri, null);
    }

    private static Response problem(int status, String type, String title, String detail, UriInfo uri,
                                    List<Problem.FieldError> errors) {
        return Response.status(status).type(Problem.MEDIA_TYPE)
                .entity(new Problem(TYPES + type, title, status, detail, uri.getPath(), errors)).build();
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "body" : path.toString();
    }
}
