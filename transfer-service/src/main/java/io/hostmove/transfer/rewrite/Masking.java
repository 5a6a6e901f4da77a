package io.hostmove.transfer.rewrite;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps secrets out of reports and logs. {@link #mask(String)} replaces with {@value #MASK}:
 * <ul>
 *   <li>the value of any setting whose name looks secret — containing {@code pass}, {@code pwd}, {@code pw} (as a
 *   word), {@code secret}, {@code token}, {@code key}, {@code salt}, {@code auth} or {@code credential}, any case —
 *   written as {@code define('NAME', …)}, {@code 'name' => …}, {@code "name": …}, {@code $name = …},
 *   {@code ['name'] = …}, {@code NAME=…}, {@code name = …}, {@code name: …}, {@code SetEnv NAME …},
 *   {@code fastcgi_param NAME …} or {@code php_value name …};</li>
 *   <li>the password of any URL: {@code scheme://user:****@host}.</li>
 * </ul>
 * Quoted values keep their quotes ({@code '****'}); empty values stay empty; anything else that is not a single
 * literal is masked whole. It errs on the side of masking too much (an {@code author} is masked, too).
 */
public final class Masking {

    public static final String MASK = "****";

    private static final int USERINFO_MAX = 1024;

    private static final String NAME = "(?<name>[A-Za-z0-9_.\\-]{1,200})";
    private static final Pattern DEFINE = Pattern.compile(
            "(?i:define)\\s*\\(\\s*(['\"])(?<name>[^'\"]{1,200})\\1\\s*,\\s*");
    private static final Pattern QUOTED_KEY = Pattern.compile(
            "(['\"])(?<name>[^'\"]{1,200})\\1\\s*(?:=>|:(?![:/]))\\s*");
    private static final Pattern BRACKET = Pattern.compile(
            "\\[\\s*(['\"])(?<name>[^'\"]{1,200})\\1\\s*\\]\\s*=(?![=>])\\s*");
    private static final Pattern VARIABLE = Pattern.compile(
            "(?:\\$|->)(?<name>[A-Za-z_][A-Za-z0-9_]{0,199})\\s*=(?![=>])\\s*");
    private static final Pattern BARE = Pattern.compile(
            "(?:^|(?<=[\\s;{,(\\uFEFF]))(?:export\\s+)?" + NAME + "\\s*(?:=(?![=>])|:(?![:/]))\\s*");
    private static final Pattern DIRECTIVE = Pattern.compile(
            "(?i:\\b(?:SetEnv|SetEnvIf|SetEnvIfNoCase|fastcgi_param|php_value|php_admin_value|env))\\s+"
                    + NAME + "\\s+");

    private static final List<Pattern> EXPRESSIONS = List.of(DEFINE, QUOTED_KEY, BRACKET, VARIABLE);
    private static final List<Pattern> REST_OF_LINE = List.of(BARE, DIRECTIVE);

    private Masking() {
    }

    /** The line with every secret value masked; null stays null. */
    public static String mask(String line) {
        if (line == null || line.isEmpty()) {
            return line;
        }
        List<int[]> spans = merge(spans(line));
        if (spans.isEmpty()) {
            return line;
        }
        StringBuilder out = new StringBuilder(line.length());
        int copied = 0;
        for (int[] s : spans) {
            out.append(line, copied, s[0]).append(MASK);
            copied = s[1];
        }
        return out.append(line, copied, line.length()).toString();
    }

    /** Where the line holds secret values (what {@link #mask} masks), as {start, end} pairs. */
    static List<int[]> secretSpans(String line) {
        return spans(line);
    }

    private static List<int[]> spans(String line) {
        List<int[]> values = new ArrayList<>();   // {where the value starts, 1 for an expression, 0 for rest of line}
        for (Pattern p : EXPRESSIONS) {
            Matcher m = p.matcher(line);
            while (m.find()) {
                if (secretName(m.group("name"))) {
                    values.add(new int[] {m.end(), 1});
                }
            }
        }
        for (Pattern p : REST_OF_LINE) {
            Matcher m = p.matcher(line);
            while (m.find()) {
                if (secretName(m.group("name"))) {
                    values.add(new int[] {m.end(), 0});
                }
            }
        }
        values.sort(Comparator.comparingInt((int[] v) -> v[0]));
        List<int[]> spans = new ArrayList<>();
        int covered = -1;
        for (int[] v : values) {
            if (v[0] < covered) {
                continue;   // inside a value already masked (keeps long lines linear)
            }
            int[] span = v[1] == 1 ? expression(line, v[0]) : restOfLine(line, v[0]);
            if (span != null && span[1] > span[0]) {
                spans.add(span);
                covered = Math.max(covered, span[1]);
            }
        }
        urlPasswords(line, spans);
        return spans;
    }

    static boolean secretName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.contains("pass") || n.contains("pwd") || n.contains("secret") || n.contains("token")
                || n.contains("key") || n.contains("salt") || n.contains("auth") || n.contains("credential")) {
            return true;
        }
        for (String word : n.split("[^a-z0-9]+")) {
            if (word.equals("pw")) {
                return true;
            }
        }
        return false;
    }

    /** A PHP/JSON value: one literal (its inside), or the expression up to {@code , ; )} at its own level. */
    private static int[] expression(String s, int i) {
        int n = s.length();
        int j = i;
        int depth = 0;
        while (j < n) {
            char c = s.charAt(j);
            if (c == '\'' || c == '"' || c == '`') {
                int close = closing(s, j);
                if (close < 0) {
                    j = n;
                    break;
                }
                j = close + 1;
                continue;
            }
            if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                if (depth == 0) {
                    break;
                }
                depth--;
            } else if ((c == ',' || c == ';') && depth == 0) {
                break;
            }
            j++;
        }
        int end = trimEnd(s, i, j);
        if (end <= i) {
            return null;
        }
        char q = s.charAt(i);
        if ((q == '\'' || q == '"' || q == '`') && closing(s, i) == end - 1) {
            return new int[] {i + 1, end - 1};
        }
        return new int[] {i, end};
    }

    /** An env/ini/YAML value: a quoted string (its inside), else everything to the end of the line. */
    private static int[] restOfLine(String s, int i) {
        if (i >= s.length()) {
            return null;
        }
        char q = s.charAt(i);
        if (q == '\'' || q == '"') {
            int close = closing(s, i);
            return new int[] {i + 1, close < 0 ? s.length() : close};
        }
        return new int[] {i, trimEnd(s, i, s.length())};
    }

    private static int closing(String s, int open) {
        char q = s.charAt(open);
        for (int i = open + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == q) {
                return i;
            }
        }
        return -1;
    }

    private static int trimEnd(String s, int from, int end) {
        while (end > from && Character.isWhitespace(s.charAt(end - 1))) {
            end--;
        }
        return end;
    }

    /**
     * {@code scheme://user:password@host}: the password, up to the last {@code @} of the URL. Only the first
     * {@value #USERINFO_MAX} characters after {@code ://} are searched for the {@code @}.
     */
    private static void urlPasswords(String line, List<int[]> spans) {
        int n = line.length();
        int i = line.indexOf("://");
        while (i > 0) {
            int start = i + 3;
            if (isSchemeChar(line.charAt(i - 1))) {
                int window = (int) Math.min(n, (long) start + USERINFO_MAX);
                int token = start;
                while (token < window && !Character.isWhitespace(line.charAt(token))) {
                    token++;
                }
                int at = lastIndexOf(line, '@', start, token);
                if (at < 0) {
                    at = lastIndexOf(line, '@', start, window);   // a password with a blank in it, but no slash
                    if (at > start && line.substring(start, at).indexOf('/') >= 0) {
                        at = -1;
                    }
                }
                int colon = at > start ? line.indexOf(':', start) : -1;
                if (colon >= start && colon < at && plainUser(line.substring(start, colon))) {
                    add(spans, new int[] {colon + 1, at});
                }
            }
            i = line.indexOf("://", start);
        }
    }

    private static int lastIndexOf(String s, char c, int from, int to) {
        for (int i = to - 1; i >= from; i--) {
            if (s.charAt(i) == c) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isSchemeChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' || c == '-'
                || c == '.';
    }

    private static boolean plainUser(String user) {
        return user.chars().noneMatch(c -> c == '/' || c == '?' || c == '#' || c == '\'' || c == '"'
                || Character.isWhitespace(c));
    }

    private static void add(List<int[]> spans, int[] span) {
        if (span != null && span[1] > span[0]) {
            spans.add(span);
        }
    }

    private static List<int[]> merge(List<int[]> spans) {
        spans.sort(Comparator.comparingInt((int[] s) -> s[0]));
        List<int[]> merged = new ArrayList<>();
        for (int[] s : spans) {
            int[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && s[0] <= last[1]) {
                last[1] = Math.max(last[1], s[1]);
            } else {
                merged.add(new int[] {s[0], s[1]});
            }
        }
        return merged;
    }
}
