package io.hostmove.transfer.rewrite;

import io.hostmove.transfer.rewrite.Connections.Field;
import io.hostmove.transfer.rewrite.Connections.Kind;
import io.hostmove.transfer.rewrite.Connections.Scope;
import io.hostmove.transfer.rewrite.Connections.Syntax;
import io.hostmove.transfer.rewrite.PhpCode.Literal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds the database settings of WordPress, Joomla, Drupal and Laravel/Symfony .env files. */
final class SiteFormats {

    private static final Pattern DRUPAL_SETTINGS = Pattern.compile("settings(\\.[A-Za-z0-9_-]+)?\\.php");

    private SiteFormats() {
    }

    /** The connections in {@code lines}, by the file's name; none for files of no known kind. */
    static List<Scope> scopes(String path, List<String> lines) {
        String name = ConfigFiles.baseName(path);
        if (name.equals("wp-config.php")) {
            return wordPress(new PhpCode(lines));
        }
        if (name.equals("configuration.php")) {
            return joomla(new PhpCode(lines));
        }
        if (DRUPAL_SETTINGS.matcher(name).matches()) {
            return drupal(new PhpCode(lines));
        }
        if (ConfigFiles.isDotEnv(name)) {
            return dotEnv(lines);
        }
        return List.of();
    }

    // ---------------------------------------------------------------- WordPress

    private static final Pattern WP_DEFINE = Pattern.compile(
            "(?<![\\w$>:\\\\])(?i:define)\\s*\\(\\s*(['\"])(DB_NAME|DB_USER|DB_HOST)\\1\\s*,\\s*");
    private static final Pattern WP_KEY = Pattern.compile("(['\"])(DB_NAME|DB_USER|DB_HOST)\\1");
    private static final Pattern CLOSE_CALL = Pattern.compile("\\s*\\)");

    private static List<Scope> wordPress(PhpCode php) {
        Scope scope = new Scope("mysql");
        for (int l = 0; l < php.code.size(); l++) {
            String code = php.code.get(l);
            String line = php.lines.get(l);
            Set<Integer> captured = new HashSet<>();
            Matcher m = WP_DEFINE.matcher(code);
            while (m.find()) {
                captured.add(m.start(1));
                Kind kind = switch (m.group(2)) {
                    case "DB_NAME" -> Kind.NAME;
                    case "DB_USER" -> Kind.USER;
                    default -> Kind.HOST;
                };
                scope.add(phpField(kind, l, line, code, m.end(), CLOSE_CALL, true));
            }
            Matcher k = WP_KEY.matcher(code);
            while (k.find()) {
                if (!captured.contains(k.start()) && !afterDefined(code, k.start())) {
                    // DB_NAME & co. used some other way (a define over several lines, getenv('DB_NAME')…)
                    scope.add(dynamic(kindOf(k.group(2)), l));
                }
            }
        }
        return List.of(scope);
    }

    /** Whether {@code defined(} precedes position {@code at}: {@code if (!defined('DB_HOST'))} is no setting. */
    private static boolean afterDefined(String code, int at) {
        int i = at - 1;
        while (i >= 0 && Character.isWhitespace(code.charAt(i))) {
            i--;
        }
        if (i < 0 || code.charAt(i) != '(') {
            return false;
        }
        i--;
        while (i >= 0 && Character.isWhitespace(code.charAt(i))) {
            i--;
        }
        return i >= 6 && code.regionMatches(true, i - 6, "defined", 0, 7);
    }

    private static Kind kindOf(String constant) {
        return switch (constant) {
            case "DB_NAME" -> Kind.NAME;
            case "DB_USER" -> Kind.USER;
            default -> Kind.HOST;
        };
    }

    // ---------------------------------------------------------------- Joomla

    private static final Pattern JOOMLA_CLASS = Pattern.compile("\\bclass\\s+JConfig\\b");
    private static final Pattern JOOMLA_PROPERTY = Pattern.compile(
            "\\b(?:public|var)\\s+\\$(host|db|user|dbtype)\\s*=\\s*");
    private static final Pattern STATEMENT_END = Pattern.compile("\\s*;");

    private static List<Scope> joomla(PhpCode php) {
        if (php.code.stream().noneMatch(c -> JOOMLA_CLASS.matcher(c).find())) {
            return List.of();
        }
        Scope scope = new Scope(null);
        for (int l = 0; l < php.code.size(); l++) {
            Matcher m = JOOMLA_PROPERTY.matcher(php.code.get(l));
            while (m.find()) {
                Kind kind = switch (m.group(1)) {
                    case "host" -> Kind.HOST;
                    case "db" -> Kind.NAME;
                    case "user" -> Kind.USER;
                    default -> Kind.ENGINE;
                };
                scope.add(phpField(kind, l, php.lines.get(l), php.code.get(l), m.end(), STATEMENT_END, true));
            }
        }
        return List.of(scope);
    }

    // ---------------------------------------------------------------- Drupal

    private static final Pattern DRUPAL_BLOCK = Pattern.compile(
            "\\$databases\\b(?:\\s*\\[[^\\]]*\\])*\\s*=\\s*(?:array\\s*\\(|\\[)");
    private static final Pattern DRUPAL_KEY = Pattern.compile(
            "(['\"])(database|username|host|port|driver)\\1\\s*=>\\s*");
    private static final Pattern ELEMENT_END = Pattern.compile("\\s*(?:,|\\)|\\]|$)");
    private static final Pattern NUMBER = Pattern.compile("[0-9]+");

    private static List<Scope> drupal(PhpCode php) {
        List<Scope> scopes = new ArrayList<>();
        int l = 0;
        int from = 0;
        while (l < php.code.size()) {
            Matcher block = DRUPAL_BLOCK.matcher(php.code.get(l));
            if (!block.find(from)) {
                l++;
                from = 0;
                continue;
            }
            int[] close = php.matchClose(l, block.end() - 1);
            if (close == null) {
                break;
            }
            Scope scope = new Scope(null);
            for (int i = l; i <= close[0]; i++) {
                String code = php.code.get(i);
                int start = i == l ? block.end() : 0;
                int end = i == close[0] ? close[1] : code.length();
                Matcher m = DRUPAL_KEY.matcher(code).region(start, end);
                while (m.find()) {
                    Kind kind = switch (m.group(2)) {
                        case "database" -> Kind.NAME;
                        case "username" -> Kind.USER;
                        case "host" -> Kind.HOST;
                        case "port" -> Kind.PORT;
                        default -> Kind.ENGINE;
                    };
                    String line = php.lines.get(i);
                    Matcher number = NUMBER.matcher(line).region(m.end(), line.length());
                    if (kind == Kind.PORT && number.lookingAt()
                            && PhpCode.lookingAt(code, number.end(), ELEMENT_END)) {
                        scope.add(new Field(kind, i, number.start(), number.end(), Syntax.PHP_NUMBER,
                                number.group(), false));
                    } else {
                        scope.add(phpField(kind, i, line, code, m.end(), ELEMENT_END, false));
                    }
                }
            }
            scopes.add(scope);
            l = close[0];
            from = close[1] + 1;
        }
        return scopes;
    }

    private static Field phpField(Kind kind, int line, String text, String code, int at, Pattern after,
                                  boolean hostCarriesPort) {
        Literal lit = PhpCode.literal(text, at);
        if (lit == null || !PhpCode.lookingAt(code, lit.end(), after)) {
            return dynamic(kind, line);
        }
        return new Field(kind, line, lit.contentStart(), lit.contentEnd(),
                lit.quote() == '\'' ? Syntax.PHP_SINGLE : Syntax.PHP_DOUBLE, lit.value(), hostCarriesPort);
    }

    private static Field dynamic(Kind kind, int line) {
        return new Field(kind, line, 0, 0, Syntax.PHP_SINGLE, null, false);
    }

    // ---------------------------------------------------------------- .env

    private static final Pattern ENV_KEY = Pattern.compile(
            "^\\uFEFF?\\s*(?:export\\s+)?(DB_HOST|DB_PORT|DB_DATABASE|DB_USERNAME|DB_CONNECTION|DATABASE_URL|DB_URL)"
                    + "\\s*=\\s*");
    private static final Pattern ENV_AFTER_QUOTE = Pattern.compile("\\s*(?:#.*)?$");

    private static List<Scope> dotEnv(List<String> lines) {
        Scope scope = new Scope(null);
        List<Scope> scopes = new ArrayList<>();
        scopes.add(scope);
        for (int l = 0; l < lines.size(); l++) {
            String line = lines.get(l);
            Matcher m = ENV_KEY.matcher(line);
            if (!m.find()) {
                continue;
            }
            String key = m.group(1);
            int at = m.end();
            int start;
            int end;
            Syntax syntax;
            boolean literal;
            char q = at < line.length() ? line.charAt(at) : 0;
            if (q == '\'' || q == '"') {
                int close = closingQuote(line, at, q);
                if (close < 0 || !PhpCode.lookingAt(line, close + 1, ENV_AFTER_QUOTE)) {
                    scope.add(dynamic(envKind(key), l));
                    continue;
                }
                start = at + 1;
                end = close;
                syntax = q == '\'' ? Syntax.ENV_SINGLE : Syntax.ENV_DOUBLE;
                String raw = line.substring(start, end);
                literal = q == '\'' ? raw.indexOf('\\') < 0 : raw.indexOf('\\') < 0 && raw.indexOf('$') < 0;
            } else {
                start = at;
                end = bareEnd(line, at);
                syntax = Syntax.ENV_BARE;
                String raw = line.substring(start, end);
                literal = raw.chars().noneMatch(c -> Character.isWhitespace(c) || c == '$' || c == '\\'
                        || c == '\'' || c == '"' || c == '`');
            }
            if (key.equals("DATABASE_URL") || key.equals("DB_URL")) {
                Scope url = url(l, line, start, end, syntax);
                if (url != null) {
                    scopes.add(url);
                }
                continue;
            }
            String raw = line.substring(start, end);
            scope.add(new Field(envKind(key), l, start, end, syntax, literal ? raw : null, false));
        }
        return scopes;
    }

    private static Kind envKind(String key) {
        return switch (key) {
            case "DB_HOST" -> Kind.HOST;
            case "DB_PORT" -> Kind.PORT;
            case "DB_DATABASE" -> Kind.NAME;
            case "DB_USERNAME" -> Kind.USER;
            default -> Kind.ENGINE;
        };
    }

    private static int closingQuote(String line, int open, char q) {
        for (int i = open + 1; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && q == '"') {
                i++;
            } else if (c == q) {
                return i;
            }
        }
        return -1;
    }

    private static int bareEnd(String line, int at) {
        int end = line.length();
        for (int i = at; i < line.length(); i++) {
            if (line.charAt(i) == '#' && (i == at || Character.isWhitespace(line.charAt(i - 1)))) {
                end = i;
                break;
            }
        }
        while (end > at && Character.isWhitespace(line.charAt(end - 1))) {
            end--;
        }
        return end;
    }

    // ---------------------------------------------------------------- URLs

    /**
     * {@code scheme://user:password@host:port/name?query} between {@code start} and {@code end}: user, host
     * (with port) and name become fields; the password is not even looked at.
     */
    private static Scope url(int l, String line, int start, int end, Syntax syntax) {
        String raw = line.substring(start, end);
        int sep = raw.indexOf("://");
        if (sep <= 0) {
            return null;
        }
        String scheme = raw.substring(0, sep).toLowerCase(Locale.ROOT);
        String family = RewritePlan.DatabaseMove.family(scheme);
        if (!family.equals("mysql") && !family.equals("postgresql") && !scheme.equals("mariadb")) {
            return null;
        }
        boolean interpolating = syntax != Syntax.ENV_SINGLE;
        Scope scope = new Scope(family);
        int rest = sep + 3;
        int at = raw.lastIndexOf('@');
        int hostStart = rest;
        if (at >= rest) {
            int colon = raw.indexOf(':', rest);
            int userEnd = colon >= 0 && colon < at ? colon : at;
            if (userEnd > rest) {
                scope.add(urlField(Kind.USER, l, start + rest, start + userEnd, raw.substring(rest, userEnd),
                        Syntax.URL_PART, interpolating));
            }
            hostStart = at + 1;
        }
        int hostEnd = indexOfAny(raw, "/?#", hostStart);
        if (hostEnd > hostStart) {
            scope.add(urlField(Kind.HOST, l, start + hostStart, start + hostEnd, raw.substring(hostStart, hostEnd),
                    Syntax.URL_HOST, interpolating));
        }
        if (hostEnd < raw.length() && raw.charAt(hostEnd) == '/') {
            int nameEnd = indexOfAny(raw, "?#", hostEnd + 1);
            if (nameEnd > hostEnd + 1) {
                scope.add(urlField(Kind.NAME, l, start + hostEnd + 1, start + nameEnd,
                        raw.substring(hostEnd + 1, nameEnd), Syntax.URL_PART, interpolating));
            }
        }
        return scope;
    }

    private static Field urlField(Kind kind, int line, int start, int end, String raw, Syntax syntax,
                                  boolean interpolating) {
        boolean dynamic = raw.indexOf('\\') >= 0 || (interpolating && raw.indexOf('$') >= 0);
        String value = dynamic ? null : kind == Kind.HOST ? raw : Connections.percentDecode(raw);
        return new Field(kind, line, start, end, syntax, value, true);
    }

    private static int indexOfAny(String s, String chars, int from) {
        for (int i = from; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return s.length();
    }
}
