package io.hostmove.transfer.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The reference tree of the transfer benchmarks, generated from a seed: a WordPress-like site of 2,000 files
 * (code, uploads, the config files) of 500 MiB in all, plus one 1 GiB backup file beside it. The same seed gives
 * the same paths, sizes and bytes (only wp-config.php's database password is drawn anew each time).
 */
final class ReferenceTree {

    static final String DOCROOT = "public_html";
    static final int FILES = 2_000;
    static final long SITE_BYTES = 500L << 20;
    static final String BIG_FILE = "backup/site-backup-2024.tar";
    static final long BIG_FILE_BYTES = 1L << 30;
    static final String SITE_TITLE = "Benchref Bakery";

    /** Files whose content the benchmarks set themselves; a "1% change" leaves them alone. */
    private static final List<String> FIXED = List.of(DOCROOT + "/index.html", DOCROOT + "/.htaccess",
            DOCROOT + "/wp-config.php");

    private static final String[] WORDS = {"function", "return", "array", "string", "value", "post", "query",
        "filter", "option", "cache", "render", "block", "user", "meta", "hook", "admin", "widget", "theme", "upload",
        "request", "response", "sanitize", "escape", "nonce", "term", "taxonomy", "comment", "media", "image"};

    /** One file of the tree: where, how big, and whether it holds text or binary bytes. */
    record Entry(String path, long size, boolean text) {
    }

    private ReferenceTree() {
    }

    /** The files of the tree for {@code seed}, the fixed config files and the big file included. */
    static List<Entry> plan(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Entry> entries = new ArrayList<>();
        String[] coreDirs = {"wp-admin", "wp-admin/includes", "wp-admin/css", "wp-admin/js", "wp-admin/network",
            "wp-admin/user", "wp-includes", "wp-includes/js", "wp-includes/css", "wp-includes/rest-api",
            "wp-includes/rest-api/endpoints", "wp-includes/blocks", "wp-includes/html-api", "wp-includes/widgets",
            "wp-includes/customize", "wp-includes/sodium_compat/src", "wp-includes/SimplePie/library",
            "wp-includes/Requests/src", "wp-includes/ID3", "wp-includes/block-patterns"};
        long textBytes = 0;
        for (int i = 0; i < 760; i++) {
            String dir = coreDirs[random.nextInt(coreDirs.length)];
            int kind = random.nextInt(10);
            String extension = kind < 7 ? ".php" : kind < 9 ? ".js" : ".css";
            long size = logUniform(random, 1_000, 60_000);
            textBytes += size;
            entries.add(new Entry(DOCROOT + "/" + dir + "/" + word(random) + "-" + i + extension, size, true));
        }
        for (int plugin = 0; plugin < 12; plugin++) {
            String dir = DOCROOT + "/wp-content/plugins/" + word(random) + "-" + word(random) + "-" + plugin;
            for (int i = 0; i < 15; i++) {
                int kind = random.nextInt(10);
                String extension = kind < 8 ? ".php" : kind < 9 ? ".js" : ".json";
                long size = logUniform(random, 800, 40_000);
                textBytes += size;
                entries.add(new Entry(dir + (i % 3 == 0 ? "/includes/" : "/") + word(random) + "-" + i + extension,
                        size, true));
            }
        }
        for (int i = 0; i < 20; i++) {
            String extension = i < 12 ? ".php" : i < 16 ? ".css" : ".js";
            long size = logUniform(random, 500, 30_000);
            textBytes += size;
            entries.add(new Entry(DOCROOT + "/wp-content/themes/benchref/" + word(random) + "-" + i + extension,
                    size, true));
        }
        int uploads = FILES - FIXED.size() - entries.size();
        long[] raw = new long[uploads];
        long rawTotal = 0;
        for (int i = 0; i < uploads; i++) {
            raw[i] = logUniform(random, 20_000, 4_000_000);
            rawTotal += raw[i];
        }
        long fixedBytes = 4_096;
        long budget = SITE_BYTES - textBytes - fixedBytes;
        long assigned = 0;
        for (int i = 0; i < uploads; i++) {
            long size = i == uploads - 1 ? budget - assigned : raw[i] * budget / rawTotal;
            assigned += size;
            int kind = random.nextInt(20);
            String extension = kind < 15 ? ".jpg" : kind < 19 ? ".png" : ".pdf";
            int year = 2019 + random.nextInt(6);
            int month = 1 + random.nextInt(12);
            entries.add(new Entry(String.format("%s/wp-content/uploads/%d/%02d/%s-%d%s", DOCROOT, year, month,
                    word(random), i, extension), size, false));
        }
        entries.add(new Entry(BIG_FILE, BIG_FILE_BYTES, false));
        return entries;
    }

    /**
     * Writes the tree below {@code home} (emptied first), owned by {@code user}: the seeded files, the site's
     * index page, .htaccess, and a wp-config.php that points at {@code database} on {@code databaseHost} with a
     * fresh random password.
     */
    static void generate(Path home, long seed, String user, String database, String databaseHost) {
        BenchEnv.freshHome(home);
        for (Entry entry : plan(seed)) {
            write(home.resolve(entry.path()), entry, seed);
        }
        writeText(home.resolve(DOCROOT + "/index.html"), """
                <!DOCTYPE html>
                <html lang="en">
                <head><meta charset="utf-8"><title>%s</title></head>
                <body><h1>%s</h1><p>Sourdough, cinnamon buns and rye bread, baked every morning.</p></body>
                </html>
                """.formatted(SITE_TITLE, SITE_TITLE));
        writeText(home.resolve(DOCROOT + "/.htaccess"), """
                # BEGIN WordPress
                RewriteEngine On
                RewriteBase /
                RewriteRule ^index\\.php$ - [L]
                # END WordPress
                php_value error_log %s/logs/php-error.log
                """.formatted(home));
        writeText(home.resolve(DOCROOT + "/wp-config.php"), """
                <?php
                define( 'DB_NAME', '%s' );
                define( 'DB_USER', '%s' );
                define( 'DB_PASSWORD', '%s' );
                define( 'DB_HOST', '%s' );
                define( 'DB_CHARSET', 'utf8mb4' );
                define( 'WP_CONTENT_DIR', '%s/%s/wp-content' );
                $table_prefix = 'wp_';
                require_once __DIR__ . '/wp-settings.php';
                """.formatted(database, database, password(), databaseHost, home, DOCROOT));
        BenchEnv.run(List.of("chown", "-R", user + ":" + user, home.toString()));
        BenchEnv.run(List.of("chmod", "711", home.toString()));
    }

    /** The database password wp-config.php names. */
    static String databasePassword(Path home) {
        try {
            String config = Files.readString(home.resolve(DOCROOT + "/wp-config.php"));
            var m = java.util.regex.Pattern.compile("'DB_PASSWORD',\\s*'([^']*)'").matcher(config);
            if (!m.find()) {
                throw new IllegalStateException("no DB_PASSWORD in " + home + "/" + DOCROOT + "/wp-config.php");
            }
            return m.group(1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Rewrites 1% of the tree's files (20 of 2,000; not the config files, not the big file) with new bytes of
     * about the same size, chosen from {@code seed} and {@code round}; returns the bytes written.
     */
    static long changeOnePercent(Path home, long seed, int round) {
        List<Entry> candidates = plan(seed).stream()
                .filter(entry -> !FIXED.contains(entry.path()) && !entry.path().equals(BIG_FILE)).toList();
        SplittableRandom random = new SplittableRandom(seed * 7_919 + round);
        List<Integer> chosen = new ArrayList<>();
        int count = FILES / 100;
        while (chosen.size() < count) {
            int pick = random.nextInt(candidates.size());
            if (!chosen.contains(pick)) {
                chosen.add(pick);
            }
        }
        long bytes = 0;
        for (int pick : chosen) {
            Entry entry = candidates.get(pick);
            long size = Math.max(1, entry.size() + random.nextLong(-entry.size() / 10, entry.size() / 10 + 1));
            Entry changed = new Entry(entry.path(), size, entry.text());
            write(home.resolve(entry.path()), changed, seed ^ (round * 1_000_003L + pick));
            bytes += size;
        }
        return bytes;
    }

    /** Relative path → size and modification second of every regular file and link below {@code root}. */
    static SortedMap<String, String> snapshot(Path root) {
        SortedMap<String, String> files = new TreeMap<>();
        try (var walk = Files.walk(root)) {
            for (Path file : walk.toList()) {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS);
                if (attributes.isRegularFile() || attributes.isSymbolicLink()) {
                    files.put(root.relativize(file).toString(), attributes.size() + "@"
                            + attributes.lastModifiedTime().toMillis() / 1000);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    /** Fails unless {@code copy} holds the same files, sizes and times as {@code original}. */
    static void requireSame(Path original, Path copy, String what) {
        SortedMap<String, String> expected = snapshot(original);
        SortedMap<String, String> actual = snapshot(copy);
        if (!expected.equals(actual)) {
            List<String> differences = new ArrayList<>();
            expected.forEach((path, value) -> {
                if (!value.equals(actual.get(path))) {
                    differences.add(path + " " + value + " → " + actual.get(path));
                }
            });
            actual.keySet().stream().filter(path -> !expected.containsKey(path))
                    .forEach(path -> differences.add("extra " + path));
            throw new IllegalStateException(what + " differs from the original in " + differences.size()
                    + " file(s), e.g. " + differences.subList(0, Math.min(5, differences.size())));
        }
    }

    /** Reads every file once, so that no run pays for the first read from disk. */
    static void warm(Path root) {
        BenchEnv.run(List.of("sh", "-c", "find \"$1\" -type f -exec cat {} + > /dev/null", "sh", root.toString()));
    }

    private static void write(Path file, Entry entry, long seed) {
        SplittableRandom random = new SplittableRandom(seed ^ (entry.path().hashCode() * 0x9E3779B97F4A7C15L));
        try {
            Files.createDirectories(file.getParent());
            try (OutputStream out = Files.newOutputStream(file)) {
                if (entry.text()) {
                    out.write(text(random, (int) entry.size()));
                } else {
                    byte[] chunk = new byte[1 << 20];
                    long left = entry.size();
                    while (left > 0) {
                        random.nextBytes(chunk);
                        int n = (int) Math.min(chunk.length, left);
                        out.write(chunk, 0, n);
                        left -= n;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Code-like lines of exactly {@code size} bytes. */
    private static byte[] text(SplittableRandom random, int size) {
        StringBuilder text = new StringBuilder(size + 128).append("<?php\n");
        while (text.length() < size) {
            text.append("function ").append(word(random)).append('_').append(word(random)).append('_')
                    .append(random.nextInt(100_000)).append("( $").append(word(random)).append(" ) { return $")
                    .append(word(random)).append("['").append(word(random)).append("'] ?? ")
                    .append(random.nextInt(1_000)).append("; }\n");
        }
        return text.substring(0, size).getBytes(StandardCharsets.US_ASCII);
    }

    private static String word(SplittableRandom random) {
        return WORDS[random.nextInt(WORDS.length)];
    }

    private static long logUniform(SplittableRandom random, long min, long max) {
        return Math.round(Math.exp(Math.log(min) + random.nextDouble() * (Math.log(max) - Math.log(min))));
    }

    private static String password() {
        String chars = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        SecureRandom random = new SecureRandom();
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 24; i++) {
            password.append(chars.charAt(random.nextInt(chars.length())));
        }
        return password.toString();
    }

    private static void writeText(Path file, String text) {
        BenchEnv.writeString(file, text);
    }
}
