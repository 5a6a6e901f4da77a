package io.hostmove.events.model;

/**
 * A mailbox of an account.
 *
 * @param address e-mail address
 * @param maildir absolute path of its maildir inside the account's home
 */
public record MailboxSpec(String address, String maildir) {
}
