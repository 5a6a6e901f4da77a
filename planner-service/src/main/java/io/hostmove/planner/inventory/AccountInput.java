package io.hostmove.planner.inventory;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import java.util.List;

/**
 * A hosting account as the operator enters or imports it.
 *
 * @param customer    the customer's ref
 * @param oldHost     name of the host it lives on
 * @param newHost     name of the host it moves to
 * @param systemUser  Unix user owning it on both hosts
 * @param homePath    its home on the old host
 * @param newHomePath its home on the new host; the same path when absent
 * @param sites       its websites, each with a document root inside the home
 * @param databases   its databases
 * @param mailboxes   its mailboxes, each with a maildir inside the home
 * @param domains     its domains; the sites' domains are added when missing
 */
public record AccountInput(
        @NotBlank String customer,
        @NotBlank String oldHost,
        @NotBlank String newHost,
        @NotBlank @Pattern(regexp = Patterns.UNIX_USER, message = "must be a Unix user name") String systemUser,
        @NotBlank @Pattern(regexp = Patterns.ABSOLUTE_PATH, message = "must be an absolute path without . or ..")
        String homePath,
        @Pattern(regexp = Patterns.ABSOLUTE_PATH, message = "must be an absolute path without . or ..")
        String newHomePath,
        @NotNull List<@NotNull @Valid SiteInput> sites,
        List<@NotNull @Valid DatabaseInput> databases,
        List<@NotNull @Valid MailboxInput> mailboxes,
        List<@NotNull @Pattern(regexp = Patterns.DOMAIN, message = "must be a domain name") String> domains) {

    /** A website of the account. */
    public record SiteInput(
            @NotBlank @Pattern(regexp = Patterns.DOMAIN, message = "must be a domain name") String domain,
            List<@NotNull @Pattern(regexp = Patterns.DOMAIN, message = "must be a domain name") String> aliases,
            @NotBlank @Pattern(regexp = Patterns.ABSOLUTE_PATH, message = "must be an absolute path without . or ..")
            String documentRoot) {
    }

    /** A database of the account. */
    public record DatabaseInput(
            @NotBlank @Pattern(regexp = "mariadb|postgresql", message = "must be mariadb or postgresql") String engine,
            @NotBlank @Pattern(regexp = Patterns.DATABASE_NAME,
                    message = "must be 1 to 64 characters without control characters or slashes") String name,
            @NotBlank @Pattern(regexp = Patterns.DATABASE_NAME,
                    message = "must be 1 to 64 characters without control characters or slashes") String user) {
    }

    /** A mailbox of the account. */
    public record MailboxInput(
            @NotBlank @Email String address,
            @NotBlank @Pattern(regexp = Patterns.ABSOLUTE_PATH, message = "must be an absolute path without . or ..")
            String maildir) {
    }
}
