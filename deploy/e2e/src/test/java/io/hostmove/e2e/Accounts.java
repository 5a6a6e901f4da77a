package io.hostmove.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
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
import java.util.stream.Stream;

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
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.filter(Files::isRegularFile).forEach(f -> files.put(dir.relativize(f).toString(), sha256(f)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    /** The messages of every maildir under {@code home}/Maildir, by unique name (without the flags). */
    static Set<String> mailMessages(Path home) {
        Set<String> messages = new TreeSet<>();
        Path maildirs = home.resolve("Maildir");
        try (Stream<Path> walk = Files.walk(maildirs)) {
            walk.filter(Files::isRegularFile)
                    .filter(f -> Set.of("cur", "new").contains(f.getParent().getFileName().toString()))
                    .forEach(f -> messages.add(maildirs.relativize(f.getParent().getParent()) + "/"
                            + f.getFileName().toString().split(":", 2)[0]));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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

    private static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
