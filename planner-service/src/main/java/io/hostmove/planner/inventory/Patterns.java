package io.hostmove.planner.inventory;

/** Shapes of inventory fields, so that nothing arrives that a shell, a path or DNS would misread. */
final class Patterns {

    /** A fully qualified DNS name of letters, digits and hyphens (IDNs in their xn-- form). */
    static final String DOMAIN =
            "(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z][A-Za-z0-9-]{0,61}[A-Za-z0-9]";
    /** A POSIX user name as useradd accepts it. */
    static final String UNIX_USER = "[a-z_][a-z0-9_-]{0,31}";
    /** An absolute path without empty, . or .. segments and without control characters. */
    static final String ABSOLUTE_PATH = "(/(?!\\.\\.?(/|$))[^/\\p{Cntrl}]+)+";
    /** OpenSSH's SHA-256 fingerprint form. */
    static final String FINGERPRINT = "SHA256:[A-Za-z0-9+/]{43}";
    /** BCP 47 language tag, e.g. nb, de, fr-CH. */
    static final String LANGUAGE = "[a-z]{2,3}(-[A-Za-z0-9]{2,8})*";
    /** A host name or address to connect to. */
    static final String HOST_ADDRESS = "[A-Za-z0-9.:-]{1,253}";
    /** Database names may be awkward (they are quoted everywhere) but hold no control characters. */
    static final String DATABASE_NAME = "[^\\p{Cntrl}/\\\\]{1,64}";

    private Patterns() {
    }
}
