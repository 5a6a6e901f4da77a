package io.hostmove.planner.inventory;

import io.hostmove.events.model.DatabaseSpec;
import io.hostmove.events.model.MailboxSpec;
import io.hostmove.events.model.SiteSpec;
import io.hostmove.planner.ConflictException;
import io.hostmove.planner.InvalidInputException;
import io.hostmove.planner.persistence.Customer;
import io.hostmove.planner.persistence.Host;
import io.hostmove.planner.persistence.HostRole;
import io.hostmove.planner.persistence.HostingAccount;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Creates customers, hosts and accounts, one by one or a whole inventory at once, all or nothing. */
@ApplicationScoped
public class InventoryService {

    @Transactional
    public Customer createCustomer(CustomerInput input) {
        return customer(input, "");
    }

    @Transactional
    public Host createHost(HostInput input) {
        return host(input, "");
    }

    @Transactional
    public HostingAccount createAccount(AccountInput input) {
        return account(input, "");
    }

    /** Imports everything in one transaction: one bad entry and nothing is created. */
    @Transactional
    public List<HostingAccount> importAll(InventoryDocument document) {
        for (int i = 0; i < document.customers().size(); i++) {
            customer(document.customers().get(i), "customers[" + i + "].");
        }
        for (int i = 0; i < document.hosts().size(); i++) {
            host(document.hosts().get(i), "hosts[" + i + "].");
        }
        List<HostingAccount> accounts = new ArrayList<>();
        for (int i = 0; i < document.accounts().size(); i++) {
            accounts.add(account(document.accounts().get(i), "accounts[" + i + "]."));
        }
        return accounts;
    }

    private static Customer customer(CustomerInput input, String at) {
        if (Customer.findByRef(input.ref()).isPresent()) {
            throw new ConflictException(at + "ref", "customer '" + input.ref() + "' exists already");
        }
        Customer customer = new Customer();
        customer.id = UUID.randomUUID();
        customer.ref = input.ref();
        customer.name = input.name();
        customer.email = input.email();
        customer.language = input.language().toLowerCase(Locale.ROOT);
        customer.timeZone = input.timeZone();
        customer.createdAt = Instant.now();
        customer.persist();
        return customer;
    }

    private static Host host(HostInput input, String at) {
        if (Host.findByName(input.name()).isPresent()) {
            throw new ConflictException(at + "name", "host '" + input.name() + "' exists already");
        }
        Host host = new Host();
        host.id = UUID.randomUUID();
        host.name = input.name();
        host.role = input.role();
        host.sshHost = input.sshHost();
        host.sshPort = input.sshPort() == null ? 22 : input.sshPort();
        host.sshUser = input.sshUser();
        host.hostKeyFingerprint = input.hostKeyFingerprint();
        host.ipv4 = input.ipv4();
        host.ipv6 = input.ipv6();
        host.createdAt = Instant.now();
        host.persist();
        return host;
    }

    private static HostingAccount account(AccountInput input, String at) {
        Customer customer = Customer.findByRef(input.customer()).orElseThrow(() -> new InvalidInputException(
                at + "customer", "no customer with ref '" + input.customer() + "'; create it first"));
        Host oldHost = hostInRole(input.oldHost(), HostRole.OLD, at + "oldHost");
        Host newHost = hostInRole(input.newHost(), HostRole.NEW, at + "newHost");
        if (HostingAccount.count("oldHost = ?1 and systemUser = ?2", oldHost, input.systemUser()) > 0) {
            throw new ConflictException(at + "systemUser", "host '" + oldHost.name + "' already has an account '"
                    + input.systemUser() + "' in the inventory");
        }
        String home = input.homePath();
        List<SiteSpec> sites = new ArrayList<>();
        Set<String> domains = new LinkedHashSet<>();
        for (int i = 0; i < input.sites().size(); i++) {
            AccountInput.SiteInput site = input.sites().get(i);
            requireInside(home, site.documentRoot(), at + "sites[" + i + "].documentRoot");
            List<String> aliases = lowerCase(site.aliases());
            sites.add(new SiteSpec(site.domain().toLowerCase(Locale.ROOT), aliases, site.documentRoot()));
            domains.add(site.domain().toLowerCase(Locale.ROOT));
            domains.addAll(aliases);
        }
        List<MailboxSpec> mailboxes = new ArrayList<>();
        List<AccountInput.MailboxInput> mailboxInputs = Optional.ofNullable(input.mailboxes()).orElse(List.of());
        for (int i = 0; i < mailboxInputs.size(); i++) {
            AccountInput.MailboxInput mailbox = mailboxInputs.get(i);
            requireInside(home, mailbox.maildir(), at + "mailboxes[" + i + "].maildir");
            mailboxes.add(new MailboxSpec(mailbox.address(), mailbox.maildir()));
        }
        domains.addAll(lowerCase(input.domains()));
        List<DatabaseSpec> databases = Optional.ofNullable(input.databases()).orElse(List.of()).stream()
                .map(db -> new DatabaseSpec(db.engine(), db.name(), db.user()))
                .toList();
        HostingAccount account = new HostingAccount();
        account.id = UUID.randomUUID();
        account.customer = customer;
        account.oldHost = oldHost;
        account.newHost = newHost;
        account.systemUser = input.systemUser();
        account.homePath = home;
        account.newHomePath = input.newHomePath() == null ? home : input.newHomePath();
        account.sites = sites;
        account.databases = databases;
        account.mailboxes = mailboxes;
        account.domains = List.copyOf(domains);
        account.createdAt = Instant.now();
        account.persist();
        return account;
    }

    private static Host hostInRole(String name, HostRole role, String field) {
        Host host = Host.findByName(name).orElseThrow(() -> new InvalidInputException(field,
                "no host named '" + name + "'; create it first"));
        if (host.role != role) {
            throw new InvalidInputException(field, "host '" + name + "' is a " + host.role
                    + " host; this field needs a " + role + " host");
        }
        return host;
    }

    /** Every path the services touch must stay inside the account's home. */
    private static void requireInside(String home, String path, String field) {
        String prefix = home.endsWith("/") ? home : home + "/";
        if (!path.equals(home) && !path.startsWith(prefix)) {
            throw new InvalidInputException(field, "'" + path + "' is outside the account's home " + home);
        }
    }

    private static List<String> lowerCase(List<String> names) {
        return names == null ? List.of() : names.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList();
    }
}
