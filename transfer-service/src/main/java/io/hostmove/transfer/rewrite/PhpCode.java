package io.hostmove.transfer.rewrite;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Just enough PHP lexing for configuration files: a "code view" of each line in which comments are blanked out
 * (same length, so offsets stay valid), string literals, and bracket matching. Heredocs and inline HTML are not
 * understood; configuration files do not use them for database settings.
 */
final class PhpCode {

    /**
     * A quoted literal: {@code start} is the opening quote, {@code end} is just past the closing one; the value is
     * null when the literal is not plain text (interpolation, escapes other than backslash/quote/dollar).
     */
    record Literal(int start, int end, char quote, String value) {

        int contentStart() {
            return start + 1;
        }

        int contentEnd() {
            return end - 1;
        }
    }

    final List<String> lines;
    final List<String> code;

    PhpCode(List<String> lines) {
        this.lines = lines;
        this.code = codeView(lines);
    }

    private static List<String> codeView(List<String> lines) {
        List<String> view = new ArrayList<>(lines.size());
        boolean block = false;
        char quote = 0;
        for (String line : lines) {
            StringBuilder b = new StringBuilder(line);
            int n = line.length();
            for (int i = 0; i < n; i++) {
                char c = line.charAt(i);
                char next = i + 1 < n ? line.charAt(i + 1) : 0;
                if (block) {
                    b.setCharAt(i, ' ');
                    if (c == '*' && next == '/') {
                        b.setCharAt(i + 1, ' ');
                        i++;
                        block = false;
                    }
                } else if (quote != 0) {
                    if (c == '\\') {
                        i++;
                    } else if (c == quote) {
                        quote = 0;
                    }
                } else if (c == '\'' || c == '"' || c == '`') {
                    quote = c;
                } else if (c == '/' && next == '*') {
                    block = true;
                    b.setCharAt(i, ' ');
                    b.setCharAt(i + 1, ' ');
                    i++;
                } else if ((c == '#' && next != '[') || (c == '/' && next == '/')) {
                    for (int j = i; j < n; j++) {
                        b.setCharAt(j, ' ');
                    }
                    break;
                }
            }
            view.add(b.toString());
        }
        return view;
    }

    /** The quoted literal starting at {@code i}, or null when there is none on this line. */
    static Literal literal(String s, int i) {
        if (i >= s.length()) {
            return null;
        }
        char q = s.charAt(i);
        if (q != '\'' && q != '"') {
            return null;
        }
        StringBuilder value = new StringBuilder();
        boolean plain = true;
        for (int j = i + 1; j < s.length(); j++) {
            char c = s.charAt(j);
            if (c == q) {
                return new Literal(i, j + 1, q, plain ? value.toString() : null);
            }
            if (c == '\\' && j + 1 < s.length()) {
                char e = s.charAt(j + 1);
                if (e == '\\' || e == q || (q == '"' && e == '$')) {
                    value.append(e);
                    j++;
                    continue;
                }
                if (q == '"' && "ntrvef01234567xu".indexOf(e) >= 0) {
                    plain = false;
                }
                value.append(c);
                continue;
            }
            if (q == '"' && c == '$' && j + 1 < s.length()) {
                char e = s.charAt(j + 1);
                if (e == '{' || e == '_' || Character.isLetter(e)) {
                    plain = false;
                }
            }
            if (q == '"' && c == '{' && j + 1 < s.length() && s.charAt(j + 1) == '$') {
                plain = false;
            }
            value.append(c);
        }
        return null;
    }

    /** {@code value} written as the inside of a PHP literal quoted with {@code quote}. */
    static String encode(String value, char quote) {
        String v = value.replace("\\", "\\\\");
        if (quote == '\'') {
            return v.replace("'", "\\'");
        }
        return v.replace("\"", "\\\"").replace("$", "\\$");
    }

    static boolean lookingAt(String s, int i, Pattern p) {
        return i <= s.length() && p.matcher(s).region(i, s.length()).lookingAt();
    }

    /**
     * The closing bracket matching the opening one at ({@code line}, {@code col}) in the code view, as
     * {@code {line, col}}; null when it is never closed.
     */
    int[] matchClose(int line, int col) {
        int depth = 0;
        char quote = 0;
        for (int l = line; l < code.size(); l++) {
            String s = code.get(l);
            for (int i = l == line ? col : 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (quote != 0) {
                    if (c == '\\') {
                        i++;
                    } else if (c == quote) {
                        quote = 0;
                    }
                } else if (c == '\'' || c == '"') {
                    quote = c;
                } else if (c == '(' || c == '[' || c == '{') {
                    depth++;
                } else if (c == ')' || c == ']' || c == '}') {
                    depth--;
                    if (depth == 0) {
                        return new int[] {l, i};
                    }
                }
            }
        }
        return null;
    }
}
