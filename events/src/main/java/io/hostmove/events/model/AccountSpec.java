package io.hostmove.events.model;

import java.util.List;
import java.util.UUID;

/**
 * Everything a service needs to know about the hosting account being migrated, as the planner's inventory
 * holds it when the step is requested.
 *
 * @param accountId  planner's id of the account
 * @param systemUser Unix user owning the account on both hosts
 * @param homePath   the account's home directory on the old host
 * @param newHomePath the account's home directory on the new host
 * @param oldHost    where the account lives now
 * @param newHost    where it moves to
 * @param sites      its websites
 * @param databases  its databases
 * @param mailboxes  its mailboxes
 * @param domains    every domain name of the account
 */
public record AccountSpec(UUID accountId, String systemUser, String homePath, String newHomePath,
                          HostSpec oldHost, HostSpec newHost, List<SiteSpec> sites,
                          List<DatabaseSpec> databases, List<MailboxSpec> mailboxes, List<String> domains) {
}
