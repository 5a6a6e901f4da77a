package io.hostmove.notification.rest;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * An RFC 9457 problem document naming the fields at fault.
 *
 * @param type     URI naming the kind of problem
 * @param title    short summary of the kind
 * @param status   HTTP status
 * @param detail   what was wrong with this request and what to do
 * @param instance the request path
 * @param errors   each field at fault and why
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance,
                      List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** One field at fault. */
    public record FieldError(String field, String message) {
    }
}
