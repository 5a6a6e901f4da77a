package io.hostmove.transfer.database;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One line of {@code SHOW GRANTS}, taken apart: {@code GRANT <privileges> ON <object> TO <grantee> [...]}.
 * The parser respects backticks and quotes, so names holding " ON ", commas or quotes stay whole.
 *
 * @param statement   the line, any IDENTIFIED clause removed
 * @param privileges  the privilege list as written, column lists included
 * @param object      the object as written ({@code *.*}, {@code `db`.*}, {@code `db`.`t`}, {@code PROCEDURE `db`.`p`})
 * @param level       what kind of object it is
 * @param database    the database part, unquoted (as stored: for a database-level grant, a LIKE pattern)
 * @param grantee     {@code `user`@`host`} as written
 * @param grantOption whether WITH GRANT OPTION is part of it
 */
record MariadbGrant(String statement, String privileges, String object, Level level, String database,
                    String grantee, boolean grantOption) {

    enum Level { GLOBAL, DATABASE, TABLE, ROUTINE, OTHER }

    /** Privileges that change data or schema; any of them on *.* or a matching pattern defeats read-only. */
    static final Set<String> WRITE = Set.of("ALL", "ALL PRIVILEGES", "INSERT", "UPDATE", "DELETE", "CREATE", "DROP",
            "ALTER", "INDEX", "CREATE VIEW", "CREATE ROUTINE", "ALTER ROUTINE", "EXECUTE", "TRIGGER", "EVENT",
            "DELETE HISTORY", "REFERENCES");

    /** Privileges a read-only database keeps. */
    static final Set<String> READ = Set.of("SELECT", "SHOW VIEW");

    private static final String[] ROUTINE_KINDS = {"PROCEDURE ", "FUNCTION ", "PACKAGE BODY ", "PACKAGE "};

    /** Parses a SHOW GRANTS line; the IDENTIFIED clause (password hash) is dropped first. */
    static MariadbGrant parse(String line) {
        String statement = stripIdentified(line.strip());
        if (!statement.startsWith("GRANT ")) {
            return new MariadbGrant(statement, "", "", Level.OTHER, null, "", false);
        }
        int on = topLevel(statement, " ON ", 6);
        int to = topLevel(statement, " TO ", 6);
        if (to < 0) {
            return new MariadbGrant(statement, "", "", Level.OTHER, null, "", false);
        }
        if (on < 0 || on > to) { // GRANT `role` TO `user`@`host`
            return new MariadbGrant(statement, statement.substring(6, to), "", Level.OTHER, null,
                    grantee(statement, to), false);
        }
        to = topLevel(statement, " TO ", on + 4);
        String privileges = statement.substring(6, on);
        String object = statement.substring(on + 4, to);
        String grantee = grantee(statement, to);
        String rest = statement.substring(to + 4 + grantee.length());
        boolean grantOption = topLevel(rest, "GRANT OPTION", 0) >= 0;
        if (privileges.startsWith("PROXY")) {
            return new MariadbGrant(statement, privileges, object, Level.OTHER, null, grantee, grantOption);
        }
        Level level;
        String target = object;
        String kind = null;
        for (String routine : ROUTINE_KINDS) {
            if (object.startsWith(routine)) {
                kind = routine;
                target = object.substring(routine.length());
                break;
            }
        }
        if (target.equals("*.*") || target.equals("*")) {
            return new MariadbGrant(statement, privileges, object, Level.GLOBAL, null, grantee, grantOption);
        }
        int dot = topLevel(target, ".", 0);
        if (dot < 0) {
            return new MariadbGrant(statement, privileges, object, Level.OTHER, null, grantee, grantOption);
        }
        String database = unquote(target.substring(0, dot));
        String name = target.substring(dot + 1);
        if (kind != null) {
            level = Level.ROUTINE;
        } else if (name.equals("*")) {
            level = Level.DATABASE;
        } else {
            level = Level.TABLE;
        }
        return new MariadbGrant(statement, privileges, object, level, database, grantee, grantOption);
    }

    /** The line without {@code IDENTIFIED BY PASSWORD '...'} / {@code IDENTIFIED VIA ...}: no hash in it. */
    static String stripIdentified(String line) {
        int start = topLevel(line, " IDENTIFIED ", 0);
        if (start < 0) {
            return line;
        }
        int end = line.length();
        for (String next : new String[]{" REQUIRE ", " WITH "}) {
            int at = topLevel(line, next, start + 1);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        return line.substring(0, start) + line.substring(end);
    }

    /** Whether the grant concerns database {@code name} itself (not a pattern that also matches it). */
    boolean concerns(String name) {
        return switch (level) {
            case DATABASE -> database.equals(name) || database.equals(Mariadb.likeEscape(name));
            case TABLE, ROUTINE -> database.equals(name);
            default -> false;
        };
    }

    /** Whether this is a database-level pattern grant (e.g. {@code `shop\_%`.*}) that covers {@code name} too. */
    boolean patternCovers(String name) {
        return level == Level.DATABASE && !concerns(name) && Mariadb.likeMatches(database, name);
    }

    /** The privileges as separate items: {@code SELECT}, {@code INSERT (`a`, `b`)}, {@code ALL PRIVILEGES}. */
    List<String> items() {
        List<String> items = new ArrayList<>();
        int depth = 0;
        int start = 0;
        boolean quoted = false;
        for (int i = 0; i < privileges.length(); i++) {
            char c = privileges.charAt(i);
            if (c == '`') {
                quoted = !quoted; // a doubled backtick toggles twice: still right
            } else if (!quoted && c == '(') {
                depth++;
            } else if (!quoted && c == ')') {
                depth--;
            } else if (!quoted && depth == 0 && c == ',') {
                items.add(privileges.substring(start, i).strip());
                start = i + 1;
            }
        }
        items.add(privileges.substring(start).strip());
        return items;
    }

    /** The name of a privilege item without its column list, upper case. */
    static String itemName(String item) {
        int paren = item.indexOf(" (");
        return (paren < 0 ? item : item.substring(0, paren)).strip().toUpperCase(Locale.ROOT);
    }

    boolean writes() {
        return items().stream().map(MariadbGrant::itemName).anyMatch(WRITE::contains);
    }

    /** The read privileges of this grant, column lists kept; ALL becomes SELECT and SHOW VIEW. */
    List<String> readItems() {
        if (level != Level.DATABASE && level != Level.TABLE) {
            return List.of();
        }
        List<String> kept = new ArrayList<>();
        for (String item : items()) {
            String name = itemName(item);
            if (name.equals("ALL") || name.equals("ALL PRIVILEGES")) {
                return List.of("SELECT", "SHOW VIEW");
            }
            if (READ.contains(name)) {
                kept.add(item);
            }
        }
        return kept;
    }

    /** Statements that take this grant away entirely. */
    List<String> revokes() {
        List<String> revokes = new ArrayList<>();
        if (!privileges.strip().equalsIgnoreCase("USAGE")) {
            revokes.add("REVOKE " + privileges + " ON " + object + " FROM " + grantee);
        }
        if (grantOption) {
            revokes.add("REVOKE GRANT OPTION ON " + object + " FROM " + grantee);
        }
        return revokes;
    }

    /** The statement that grants only the read part of this grant; null if there is none. */
    String readOnlyGrant() {
        List<String> read = readItems();
        return read.isEmpty() ? null : "GRANT " + String.join(", ", read) + " ON " + object + " TO " + grantee;
    }

    private static String grantee(String statement, int to) {
        int start = to + 4;
        int end = statement.length();
        for (String next : new String[]{" WITH ", " REQUIRE ", " IDENTIFIED ", " AS "}) {
            int at = topLevel(statement, next, start);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        return statement.substring(start, end);
    }

    /** Index of {@code token} outside backticks, quotes and double quotes, from {@code from}; -1 if none. */
    static int topLevel(String s, String token, int from) {
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == '\\' && quote != '`' && i + 1 < s.length()) {
                    i++;
                } else if (c == quote) {
                    if (i + 1 < s.length() && s.charAt(i + 1) == quote) {
                        i++;
                    } else {
                        quote = 0;
                    }
                }
                continue;
            }
            if (i >= from && s.startsWith(token, i)) {
                return i;
            }
            if (c == '`' || c == '\'' || c == '"') {
                quote = c;
            }
        }
        return -1;
    }

    /** A name as SHOW GRANTS writes it, without its backticks. */
    static String unquote(String name) {
        if (name.length() >= 2 && name.startsWith("`") && name.endsWith("`")) {
            return name.substring(1, name.length() - 1).replace("``", "`");
        }
        return name;
    }
}
