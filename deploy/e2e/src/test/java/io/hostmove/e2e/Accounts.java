package io.hostmove.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/** What a customer's account holds on the old or the new host, read straight from the hosts' servers and disks. */
final class Accounts {

    static final String OLD = "127.0.0.2";
    static final String NEW = "127.0.0.3";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Accounts() {
    }

    /** A page as a visitor gets it. */
    record Page(int status, String body) {
    }

    /** GET http://{@code domain}/ from {@code address}, as a browser that resolved the domain there would. */
    static Page fetch(String address, String domain) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + address + ":" + Peers.HTTP_PORT + "/"))
                .header("Host", domain).timeout(Duration.ofSeconds(10)).GET().build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new Page(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Every regular file under {@code dir}, by path relative to it, with its SHA-256. */
    static Map<String, String> files(Path dir) {
        Map<String, String> files = new TreeMap<>();
        regularFiles(dir, file -> sha256(file).ifPresent(sum -> files.put(dir.relativize(file).toString(), sum)));
        return files;
    }

    /**
     * Visits the regular files under {@code dir}. A mail catch-up pass may be running meanwhile: the temporary
     * files its rsync or tar write and rename vanish between listing and reading, and are no files of the account.
     */
    private static void regularFiles(Path dir, Consumer<Path> visit) {
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    // A link to a file counts as that file, as Files.isRegularFile sees it.
                    if (attributes.isRegularFile() || attributes.isSymbolicLink() && Files.isRegularFile(file)) {
                        visit.accept(file);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE;
                    }
                    throw e;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The messages of every maildir under {@code home}/Maildir, by unique name (without the flags). */
    static Set<String> mailMessages(Path home) {
        Set<String> messages = new TreeSet<>();
        Path maildirs = home.resolve("Maildir");
        regularFiles(maildirs, f -> {
            if (Set.of("cur", "new").contains(f.getParent().getFileName().toString())) {
                messages.add(maildirs.relativize(f.getParent().getParent()) + "/"
                        + f.getFileName().toString().split(":", 2)[0]);
            }
        });
        return messages;
    }

    /** Row count of every table of a MariaDB database on {@code address}. */
    static Map<String, Long> mariadbRows(String address, String database) {
        return rows("jdbc:mariadb://" + address + ":" + Peers.MARIADB_PORT + "/" + database, "root", "",
                "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() "
                        + "AND table_type = 'BASE TABLE'");
    }

    /** Row count of every table of a PostgreSQL database on {@code address}. */
    static Map<String, Long> postgresRows(String address, String database) {
        return rows("jdbc:postgresql://" + address + ":" + Peers.HOSTS_PG_PORT + "/" + database, "postgres", "",
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'");
    }

    /** Runs {@code sql} as the account's own database user: why the server refused it, or empty if it accepted it. */
    static Optional<String> writeRefusal(String jdbcUrl, String user, String password, String sql) {
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password);
             Statement s = c.createStatement()) {
            s.execute(sql);
            return Optional.empty();
        } catch (SQLException e) {
            return Optional.of(e.getMessage());
        }
    }

    private static Map<String, Long> rows(String url, String user, String password, String tablesQuery) {
        Map<String, Long> counts = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(url, user, password);
             Statement s = c.createStatement()) {
            Set<String> tables = new TreeSet<>();
            try (ResultSet rs = s.executeQuery(tablesQuery)) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String table : tables) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + quote(url, table))) {
                    rs.next();
                    counts.put(table, rs.getLong(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading " + url + ": " + e.getMessage(), e);
        }
        return counts;
    }

    private static String quote(String url, String table) {
        return url.startsWith("jdbc:mariadb") ? "`" + table.replace("`", "``") + "`"
                : "\"" + table.replace("\"", "\"\"") + "\"";
    }

    /** The file's SHA-256, or nothing if it vanished since it was listed. */
    private static Optional<String> sha256(Path file) {
        try {
            return Optional.of(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(Files.readAllBytes(file))));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
