package io.hostmove.events.model;

import java.util.List;

/**
 * A website of an account.
 *
 * @param domain       primary domain the site answers for
 * @param aliases      further host names of the site
 * @param documentRoot absolute path, inside the account's home, that the web server serves
 */
public record SiteSpec(String domain, List<String> aliases, String documentRoot) {
}
