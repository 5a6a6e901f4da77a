package io.hostmove.transfer.database;

import java.util.Collection;
import java.util.regex.Pattern;

/**
 * Keeps password hashes out of messages: an error of a statement that carried one may echo part of it
 * ("near '...'", "LINE 1: ..."), so such output is scrubbed before it reaches an exception or a log.
 */
final class Secrets {

    private static final String REDACTED = "<redacted>";

    /** A quoted value after PASSWORD or USING, closed or cut off by the server's echo. */
    private static final Pattern AFTER_KEYWORD = Pattern.compile("(?i)\\b(PASSWORD|USING)(\\s+E?)'[^']*'?");
    /** Hash formats that may show up without their keyword (MariaDB native, SCRAM, md5). */
    private static final Pattern HASHES = Pattern.compile(
            "\\*[0-9A-Fa-f]{40}|SCRAM-SHA-256\\$[^\\s']*|md5[0-9a-f]{32}");

    private Secrets() {
    }

    static String redact(String text, Collection<String> secrets) {
        if (text == null) {
            return "";
        }
        String out = text;
        for (String secret : secrets) {
            if (secret != null && secret.length() >= 4) {
                out = out.replace(secret, REDACTED);
            }
        }
        out = AFTER_KEYWORD.matcher(out).replaceAll("$1$2'" + REDACTED + "'");
        return HASHES.matcher(out).replaceAll(REDACTED);
    }

    /** The start of an error output: enough to act on, short enough for an event. */
    static String firstLines(String output) {
        String trimmed = output == null ? "" : output.strip();
        String[] lines = trimmed.split("\n", 6);
        String head = String.join(" / ", java.util.Arrays.copyOf(lines, Math.min(lines.length, 5)));
        return head.length() > 500 ? head.substring(0, 500) + "…" : head;
    }

    /**
     * Redacted, then shortened (in this order, so a cut never leaves half a hash behind). When the output has
     * error lines (mariadb's "ERROR 1146 ...", psql's "ERROR:  ...", pg_dump's "error: ..."), only those and
     * their DETAIL/HINT lines are kept: the statement a client echoes around them may hold customer data.
     */
    static String brief(String output, Collection<String> secrets) {
        String redacted = redact(output, secrets);
        java.util.List<String> errors = redacted.lines()
                .filter(line -> ERROR_LINE.matcher(line).find())
                .toList();
        return firstLines(errors.isEmpty() ? redacted : String.join("\n", errors));
    }

    private static final Pattern ERROR_LINE = Pattern.compile(
            "^(ERROR \\d+|ERROR:|FATAL:|DETAIL:|HINT:)|^\\S*: (ERROR|FATAL|DETAIL|HINT):|\\berror: |^mariadb-dump: |^pg_dump: ");
}
