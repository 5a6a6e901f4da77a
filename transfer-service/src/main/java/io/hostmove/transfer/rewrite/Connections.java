package io.hostmove.transfer.rewrite;

import io.hostmove.transfer.rewrite.RewritePlan.DatabaseMove;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Database connections found in a file and how they change. A connection ("scope") is the set of settings that
 * belong together — a wp-config.php, one Drupal {@code $databases} block, the {@code DB_*} keys of a .env, one
 * URL. It is recognised as one of the plan's databases by its database name (by its user when it names no
 * database), its engine and its host and port; only then are its values that equal the old ones rewritten.
 * A connection with any value computed at runtime, with two different values for the same setting, matching
 * more than one planned database, whose new port has no setting to go into, or whose new values cannot be
 * written in the file's quoting, is left alone entirely: never half a connection.
 */
final class Connections {

    enum Kind { NAME, USER, HOST, PORT, ENGINE }

    /** How a value is written, so that the new one is written the same way. */
    enum Syntax { PHP_SINGLE, PHP_DOUBLE, PHP_NUMBER, ENV_BARE, ENV_SINGLE, ENV_DOUBLE, URL_PART, URL_HOST }

    /**
     * One setting: the raw text between {@code start} and {@code end} on {@code line} (inside the quotes)
     * holds {@code value}; a null value means it is not a plain literal. {@code hostCarriesPort} is true where a
     * host without {@code :port} means the default port (wp-config, Joomla, URLs) rather than "see the port
     * setting" (Drupal, .env).
     */
    record Field(Kind kind, int line, int start, int end, Syntax syntax, String value, boolean hostCarriesPort) {
    }

    static final class Scope {
        final String engine;
        final List<Field> fields = new ArrayList<>();

        Scope(String engine) {
            this.engine = engine;
        }

        void add(Field field) {
            fields.add(field);
        }
    }

    record Edit(int line, int start, int end, String replacement) {
    }

    private static final String AMBIGUOUS = "\u0000ambiguous";
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,5}");
    private static final Pattern ENV_BARE_SAFE = Pattern.compile("[^\\s#'\"`$\\\\]*");

    private Connections() {
    }

    static List<Edit> edits(List<Scope> scopes, RewritePlan plan) {
        List<Edit> edits = new ArrayList<>();
        for (Scope scope : scopes) {
            edits.addAll(edits(scope, plan));
        }
        return edits;
    }

    private static List<Edit> edits(Scope scope, RewritePlan plan) {
        for (Field f : scope.fields) {
            if (f.kind() != Kind.ENGINE && f.value() == null) {
                return List.of();
            }
        }
        String name = single(scope, Kind.NAME);
        String user = single(scope, Kind.USER);
        String host = single(scope, Kind.HOST);
        String port = single(scope, Kind.PORT);
        String engine = single(scope, Kind.ENGINE);
        if (AMBIGUOUS.equals(name) || AMBIGUOUS.equals(user) || AMBIGUOUS.equals(host) || AMBIGUOUS.equals(port)
                || AMBIGUOUS.equals(engine)) {
            return List.of();
        }
        String family = engine != null ? DatabaseMove.family(engine)
                : scope.engine != null ? DatabaseMove.family(scope.engine) : null;
        if (name == null && user == null) {
            return List.of();
        }
        Field hostField = first(scope, Kind.HOST);
        List<DatabaseMove> candidates = new ArrayList<>();
        for (DatabaseMove move : plan.databases()) {
            boolean identified = name != null ? name.equals(move.oldName()) : user.equals(move.oldUser());
            boolean engineOk = family == null || family.equals(DatabaseMove.family(move.engine()));
            boolean hostOk = hostField == null || Hosts.matches(hostField, port, move);
            if (identified && engineOk && hostOk) {
                candidates.add(move);
            }
        }
        if (candidates.size() != 1) {
            return List.of();
        }
        DatabaseMove move = candidates.get(0);
        if (!Objects.equals(move.effectiveOldPort(), move.effectiveNewPort()) && !hasPortToWrite(scope)) {
            return List.of();   // the new port has nowhere to go: a new host alone would be a broken connection
        }
        List<Edit> edits = new ArrayList<>();
        for (Field f : scope.fields) {
            String now = switch (f.kind()) {
                case NAME -> f.value().equals(move.oldName()) ? move.newName() : f.value();
                case USER -> f.value().equals(move.oldUser()) ? move.newUser() : f.value();
                case HOST -> Hosts.rewrite(f, move);
                case PORT -> newPort(f.value(), move);
                case ENGINE -> f.value();
            };
            if (now == null || now.equals(f.value())) {
                continue;
            }
            String encoded = encode(now, f.syntax());
            if (encoded == null) {
                return List.of();   // cannot be written the way the file writes it: all or nothing
            }
            edits.add(new Edit(f.line(), f.start(), f.end(), encoded));
        }
        return edits;
    }

    /** A port setting, or a host that carries its port ({@code host:port} in wp-config, Joomla, URLs). */
    private static boolean hasPortToWrite(Scope scope) {
        for (Field f : scope.fields) {
            if (f.kind() == Kind.PORT) {
                return true;
            }
            if (f.kind() == Kind.HOST) {
                Hosts.HostValue hv = Hosts.parse(f.value());
                if (f.hostCarriesPort() || (hv != null && hv.port() != null)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String newPort(String value, DatabaseMove move) {
        String v = value.trim();
        String effective = v.isEmpty() ? move.defaultPort() : v;
        if (!Objects.equals(effective, move.effectiveOldPort())) {
            return value;
        }
        String target = move.effectiveNewPort();
        if (Objects.equals(target, effective)) {
            return value;
        }
        return target == null ? "" : target;
    }

    private static String single(Scope scope, Kind kind) {
        Set<String> values = new LinkedHashSet<>();
        for (Field f : scope.fields) {
            if (f.kind() == kind && f.value() != null) {
                values.add(kind == Kind.HOST || kind == Kind.ENGINE ? f.value().toLowerCase(Locale.ROOT)
                        : f.value());
            }
        }
        if (values.size() > 1) {
            return AMBIGUOUS;
        }
        if (values.isEmpty()) {
            return null;
        }
        if (kind == Kind.HOST) {
            return first(scope, kind).value();
        }
        return values.iterator().next();
    }

    private static Field first(Scope scope, Kind kind) {
        for (Field f : scope.fields) {
            if (f.kind() == kind) {
                return f;
            }
        }
        return null;
    }

    /** The value as the file's syntax writes it, or null when that syntax cannot hold it safely. */
    static String encode(String value, Syntax syntax) {
        return switch (syntax) {
            case PHP_SINGLE -> PhpCode.encode(value, '\'');
            case PHP_DOUBLE -> PhpCode.encode(value, '"');
            case PHP_NUMBER -> DIGITS.matcher(value).matches() ? value : null;
            case ENV_BARE -> !value.isEmpty() && ENV_BARE_SAFE.matcher(value).matches() ? value : null;
            case ENV_SINGLE -> value.indexOf('\'') < 0 && value.indexOf('\\') < 0 ? value : null;
            case ENV_DOUBLE -> value.chars().noneMatch(c -> c == '"' || c == '\\' || c == '$' || c == '`')
                    ? value : null;
            case URL_PART -> percentEncode(value);
            case URL_HOST -> value;
        };
    }

    static String percentEncode(String value) {
        StringBuilder b = new StringBuilder();
        for (byte x : value.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                b.append((char) c);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return b.toString();
    }

    /** Percent-decoded UTF-8, or null when malformed. */
    static String percentDecode(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        byte[] out = new byte[raw.length() * 4];
        int n = 0;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    return null;
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                out[n++] = (byte) (hi * 16 + lo);
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < raw.length()) {
                    b = raw.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                System.arraycopy(b, 0, out, n, b.length);
                n += b.length;
            }
        }
        return ConfigFiles.decodeUtf8(Arrays.copyOf(out, n)).orElse(null);
    }
}
