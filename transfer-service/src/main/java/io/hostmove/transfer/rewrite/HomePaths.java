package io.hostmove.transfer.rewrite;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Old home → new home, whole paths only: {@code /home/nordlys} matches in {@code /home/nordlys/public_html},
 * {@code '/home/nordlys'} and {@code open_basedir = /home/nordlys:/tmp}, not in {@code /home/nordlys2},
 * {@code /home/nordlys.bak} or {@code /srv/home/nordlys}. JSON's escaped form ({@code \/home\/nordlys}) is
 * rewritten as well. Secret values (passwords, keys, salts, URL passwords — whatever {@link Masking} masks) are
 * left alone unless the whole value is a path below the old home; PHP-serialised strings are left alone, too
 * (their length prefix would no longer fit).
 */
final class HomePaths {

    private static final String AFTER = "/'\"`\\:;,)]}>";
    private static final Pattern SERIALISED_STRING = Pattern.compile("\\bs:[0-9]+:\"");

    private HomePaths() {
    }

    static String rewrite(String line, String oldHome, String newHome) {
        String out = rewrite(line, oldHome, newHome, false);
        return rewrite(out, oldHome.replace("/", "\\/"), newHome.replace("/", "\\/"), true);
    }

    private static String rewrite(String line, String from, String to, boolean escaped) {
        int hit = line.indexOf(from);
        if (hit < 0) {
            return line;
        }
        List<int[]> secrets = protectedSpans(line, from);
        int k = 0;
        int serialised = firstSerialisedString(line);
        boolean below = to.startsWith(from + (escaped ? "\\/" : "/"));
        StringBuilder out = new StringBuilder(line.length() + 16);
        int copied = 0;
        while (hit >= 0) {
            int end = hit + from.length();
            boolean whole = boundaryBefore(line, hit) && boundaryAfter(line, end);
            boolean alreadyNew = below && line.startsWith(to, hit) && boundaryAfter(line, hit + to.length());
            while (k < secrets.size() && secrets.get(k)[1] <= hit) {
                k++;
            }
            boolean secret = k < secrets.size() && secrets.get(k)[0] < end;
            int next = hit + 1;
            if (alreadyNew) {
                next = hit + to.length();
            } else if (whole && (serialised < 0 || hit < serialised) && !secret) {
                out.append(line, copied, hit).append(to);
                copied = end;
                next = end;
            }
            hit = line.indexOf(from, next);
        }
        return out.append(line, copied, line.length()).toString();
    }

    private static boolean boundaryBefore(String line, int at) {
        if (at == 0) {
            return true;
        }
        char c = line.charAt(at - 1);
        if (c == '/') {
            return at >= 7 && line.startsWith("file://", at - 7);
        }
        return !(Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.' || c == '~' || c == '@'
                || c == '+' || c == '%' || c == '\\');
    }

    private static boolean boundaryAfter(String line, int at) {
        if (at >= line.length()) {
            return true;
        }
        char c = line.charAt(at);
        return Character.isWhitespace(c) || AFTER.indexOf(c) >= 0;
    }

    /**
     * The secret values of the line, sorted and merged — except values that are a path beginning with the old
     * home ({@code SSL_KEY=/home/nordlys/ssl/site.key}, {@code password_file: /home/nordlys/.pgpass}).
     */
    private static List<int[]> protectedSpans(String line, String from) {
        List<int[]> spans = new ArrayList<>();
        for (int[] s : Masking.secretSpans(line)) {
            if (!line.startsWith(from, s[0])) {
                spans.add(s);
            }
        }
        spans.sort(Comparator.comparingInt((int[] x) -> x[0]));
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

    /**
     * Where the line's first PHP-serialised string ({@code s:24:"/home/nordlys/…"}) starts, or -1: from there on
     * nothing is rewritten, as a changed length would corrupt the serialised value.
     */
    private static int firstSerialisedString(String line) {
        if (line.indexOf(":\"") < 0) {
            return -1;
        }
        Matcher m = SERIALISED_STRING.matcher(line);
        return m.find() ? m.start() : -1;
    }
}
