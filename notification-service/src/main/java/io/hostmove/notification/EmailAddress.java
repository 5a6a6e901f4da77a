package io.hostmove.notification;

import java.util.Optional;
import java.util.regex.Pattern;

/** Checks a recipient address before anything is sent to it: one mailbox, no display name, no header tricks. */
public final class EmailAddress {

    // RFC 5321 dot-atom local part and a host name with at least one dot; what customers' mailboxes look like.
    private static final Pattern ADDRESS = Pattern.compile(
            "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
                    + "@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

    private EmailAddress() {
    }

    /** The problem with {@code address}, in words an operator can act on, or empty when it can be sent to. */
    public static Optional<String> problem(String address) {
        if (address == null || address.isBlank()) {
            return Optional.of("the customer has no email address; add one to the customer in the planner's "
                    + "inventory, then ask for the notice again");
        }
        if (address.length() > 254 || !ADDRESS.matcher(address).matches()) {
            return Optional.of("the customer's email address '" + printable(address) + "' is not a valid address "
                    + "(expected name@domain.tld); correct it in the planner's inventory");
        }
        return Optional.empty();
    }

    /** The address as the once-only key compares it: domains are case-insensitive, local parts in practice too. */
    public static String key(String address) {
        return address == null ? "" : address.trim().toLowerCase(java.util.Locale.ROOT);
    }

    private static String printable(String address) {
        String shown = address.replaceAll("\\p{Cntrl}", "?");
        return shown.length() > 80 ? shown.substring(0, 80) + "…" : shown;
    }
}
