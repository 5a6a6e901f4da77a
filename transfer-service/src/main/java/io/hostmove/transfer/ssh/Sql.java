package io.hostmove.transfer.ssh;

/** Quoting for names that end up inside SQL text or a libpq connection string. */
public final class Sql {

    private Sql() {
    }

    /** A MariaDB/MySQL string literal: quotes and backslashes escaped. */
    public static String mariadbString(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    /** A MariaDB/MySQL identifier in backticks. */
    public static String mariadbIdentifier(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    /** A PostgreSQL string literal (standard_conforming_strings: only quotes are doubled). */
    public static String pgString(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    /** A PostgreSQL identifier in double quotes. */
    public static String pgIdentifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /** A libpq connection string naming database {@code name}, so no character of it is read as an option. */
    public static String pgConninfo(String name) {
        return "dbname='" + name.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
