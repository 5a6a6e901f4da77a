package io.hostmove.transfer.steps;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Compares the leading dotted numbers of version strings such as "8.2.7", "10.11.6-MariaDB-0+deb12u1", "15.8". */
final class Versions {

    private static final Pattern NUMBERS = Pattern.compile("(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?");

    private Versions() {
    }

    static int compare(String a, String b) {
        int[] x = parse(a);
        int[] y = parse(b);
        for (int i = 0; i < 3; i++) {
            if (x[i] != y[i]) {
                return Integer.compare(x[i], y[i]);
            }
        }
        return 0;
    }

    static int major(String version) {
        return parse(version)[0];
    }

    private static int[] parse(String version) {
        Matcher m = NUMBERS.matcher(version);
        int[] parts = new int[3];
        if (m.find()) {
            for (int i = 0; i < 3; i++) {
                parts[i] = m.group(i + 1) == null ? 0 : Integer.parseInt(m.group(i + 1));
            }
        }
        return parts;
    }
}
