package io.hostmove.planner.rest;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.hostmove.planner.ConflictException;
import io.hostmove.planner.InvalidInputException;
import io.hostmove.planner.TransitionRefusedException;
import io.hostmove.planner.UnknownResourceException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/** Every error of the API as RFC 9457 problem+json that names the field and says what to do. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    private static final String TYPES = "https://hostmove.io/problems/";

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e, UriInfo uri) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(field(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        String detail = errors.stream().map(err -> err.field() + " " + err.message())
                .collect(Collectors.joining("; "));
        return problem(400, "invalid-request", "Invalid request", detail, uri, errors, null);
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonParseException e, UriInfo uri) {
        return problem(400, "malformed-json", "Malformed JSON",
                "the request body is not valid JSON" + where(e) + ": " + e.getOriginalMessage(), uri,
                List.of(new Problem.FieldError("body", "is not valid JSON")), null);
    }

    // Quarkus has its own mapper for this type; naming it exactly makes ours the one that answers.
    @ServerExceptionMapper
    public Response mismatchedJson(MismatchedInputException e, UriInfo uri) {
        String field = path(e);
        String message = e instanceof InvalidFormatException format ? expected(format)
                : field.equals("body") ? "is incomplete or not a JSON object" + where(e) : "has the wrong type or shape";
        return problem(400, "invalid-request", "Invalid request", field + " " + message, uri,
                List.of(new Problem.FieldError(field, message)), null);
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e, UriInfo uri) {
        String field = e instanceof JsonMappingException mapping ? path(mapping) : "body";
        return problem(400, "invalid-request", "Invalid request", field + " cannot be read: " + e.getOriginalMessage(),
                uri, List.of(new Problem.FieldError(field, "cannot be read")), null);
    }

    @ServerExceptionMapper
    public Response invalidInput(InvalidInputException e, UriInfo uri) {
        return problem(400, "invalid-request", "Invalid request", e.field() + ": " + e.getMessage(), uri,
                List.of(new Problem.FieldError(e.field(), e.getMessage())), null);
    }

    @ServerExceptionMapper
    public Response unknown(UnknownResourceException e, UriInfo uri) {
        return problem(404, "not-found", "Not found", e.getMessage(), uri, null, null);
    }

    @ServerExceptionMapper
    public Response conflict(ConflictException e, UriInfo uri) {
        return problem(409, "conflict", "Conflict", e.field() + ": " + e.getMessage(), uri,
                List.of(new Problem.FieldError(e.field(), e.getMessage())), null);
    }

    @ServerExceptionMapper
    public Response refused(TransitionRefusedException e, UriInfo uri) {
        return problem(409, "transition-refused", "Not allowed in the migration's current state",
                e.getMessage(), uri, null, e);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        // The JSON reader wraps what Jackson says about a body it cannot parse.
        if (e.getCause() instanceof JsonParseException parse) {
            return malformedJson(parse, uri);
        }
        if (e.getCause() instanceof MismatchedInputException mismatch) {
            return mismatchedJson(mismatch, uri);
        }
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadableJson(json, uri);
        }
        return problem(status, "http-" + status, e.getResponse().getStatusInfo().getReasonPhrase(),
                e.getMessage(), uri, null, null);
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e, UriInfo uri) {
        LOG.errorf(e, "unexpected error on %s", uri.getPath());
        return problem(500, "internal-error", "Internal error",
                "the planner could not complete the request; it has been logged, and retrying may help", uri, null,
                null);
    }

    private static Response problem(int status, String type, String title, String detail, UriInfo uri,
                                    List<Problem.FieldError> errors, TransitionRefusedException refused) {
        Problem body = new Problem(TYPES + type, title, status, detail, uri.getPath(), errors,
                refused == null ? null : refused.state().phase().name(),
                refused == null ? null : refused.state().isPaused());
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(body).build();
    }

    /** The JSON path of the violated property: method and parameter names are the API's business, not the user's. */
    private static String field(ConstraintViolation<?> violation) {
        StringBuilder field = new StringBuilder();
        String parameter = "body";
        for (Path.Node node : violation.getPropertyPath()) {
            ElementKind kind = node.getKind();
            if (kind == ElementKind.PARAMETER) {
                parameter = node.getName();
            }
            if (kind == ElementKind.METHOD || kind == ElementKind.PARAMETER) {
                continue;
            }
            // Hibernate Validator puts an element's index on the node after its collection.
            if (node.getIndex() != null) {
                field.append('[').append(node.getIndex()).append(']');
            }
            if (kind == ElementKind.PROPERTY) {
                field.append(field.isEmpty() ? "" : ".").append(node.getName());
            }
        }
        return field.isEmpty() ? parameter : field.toString();
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "body" : path.toString();
    }

    private static String where(JsonProcessingException e) {
        return e.getLocation() == null ? ""
                : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
    }

    private static String expected(InvalidFormatException e) {
        Class<?> target = e.getTargetType();
        if (target != null && target.isEnum()) {
            return "must be one of " + Arrays.stream(target.getEnumConstants()).map(Object::toString)
                    .collect(Collectors.joining(", "));
        }
        if (target != null && java.time.temporal.Temporal.class.isAssignableFrom(target)) {
            return "must be an ISO-8601 date-time with offset, e.g. 2026-12-01T09:00:00+01:00";
        }
        return "must be " + (target == null ? "of another type" : "a " + target.getSimpleName());
    }
}
