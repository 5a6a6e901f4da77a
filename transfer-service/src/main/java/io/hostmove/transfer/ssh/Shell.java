package io.hostmove.transfer.ssh;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Builds POSIX shell command lines from arguments. Every argument is single-quoted, so a file, database or
 * domain name can never become shell syntax, whatever it contains.
 */
public final class Shell {

    private Shell() {
    }

    /** {@code value} as one shell word: inside single quotes, with each ' written as '\''. */
    public static String quote(String value) {
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a NUL byte cannot be passed to a remote command");
        }
        return "'" + value.replace("'", "'\\''") + "'";
    }

    /** A simple command: each argument quoted and joined by spaces. */
    public static String command(String... arguments) {
        return command(List.of(arguments));
    }

    public static String command(List<String> arguments) {
        if (arguments.isEmpty()) {
            throw new IllegalArgumentException("a command needs at least the program");
        }
        return arguments.stream().map(Shell::quote).collect(Collectors.joining(" "));
    }

    /**
     * A fixed shell script run by {@code sh -c}, with the values as its positional parameters ($1, $2 …):
     * the script never contains a value, so no value can change what it does.
     */
    public static String script(String script, String... values) {
        List<String> arguments = new ArrayList<>(List.of("sh", "-c", script, "sh"));
        arguments.addAll(List.of(values));
        return command(arguments);
    }

    /** Commands joined into a pipeline; each part must already be a quoted command line. */
    public static String pipe(String... commands) {
        return String.join(" | ", commands);
    }
}
