package io.hostmove.events.model;

/**
 * Something the pre-migration checks found.
 *
 * @param severity {@link Severity#BLOCKING} pauses the migration until an operator decides
 * @param code     stable machine code, e.g. {@code php-version-lower}
 * @param subject  what it is about: a file, database, site or host
 * @param message  what is wrong and what to do, for a person
 */
public record Finding(Severity severity, String code, String subject, String message) {

    public enum Severity {
        WARNING,
        BLOCKING
    }
}
