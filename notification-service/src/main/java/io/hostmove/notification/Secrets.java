package io.hostmove.notification;

import io.hostmove.events.NotificationRequest.CustomerNoticeRequested;
import io.hostmove.events.model.ConfigRewrite;
import io.hostmove.events.model.DnsRecordChange;
import io.hostmove.events.model.Recipient;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hides anything that looks like a secret in text that may reach an email. The planner already masks secrets;
 * this is the second line, so that a secret in an unexpected field still never reaches a customer.
 */
public final class Secrets {

    public static final String HIDDEN = "[hidden]";

    private static final String NAME = "[A-Za-z0-9_.-]*(?:pass(?:word|wd|phrase)?|pwd|secret|token|api[_-]?key"
            + "|private[_-]?key|auth[_-]?key|salt|credential|tsig)[A-Za-z0-9_.-]*";

    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN [A-Z0-9 ]*-----.*?(?:-----END [A-Z0-9 ]*-----|$)", Pattern.DOTALL);
    /** {@code password = 'x y'}, {@code define('DB_PASSWORD', "x")}, {@code secret "x";}, {@code "token": "x"}. */
    private static final Pattern QUOTED = Pattern.compile(
            "(?i)(" + NAME + ")(['\"]?\\s*(?:=>|=|:|,)?\\s*)(['\"])(.*?)(\\3|$)");
    /** {@code DB_PASSWORD=x}, {@code password: x}, {@code --password x}. */
    private static final Pattern BARE = Pattern.compile(
            "(?i)(" + NAME + ")(\\s*(?:=>|=|:)\\s*|\\s+)(?!\\[hidden])([^\\s'\";,)]+)");
    /** Credentials in a URL: {@code mysql://user:secret@host}. */
    private static final Pattern URL_PASSWORD = Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*://[^:/\\s@]+:)[^@\\s/]+@");
    /** dig/nsupdate -y form {@code hmac-sha256:name:secret}. */
    private static final Pattern TSIG_Y = Pattern.compile("(?i)(hmac-[a-z0-9-]+:[^:\\s]+:)[A-Za-z0-9+/=]+");
    /** A long random-looking token (keys, TSIG secrets, API tokens) wherever it stands. */
    private static final Pattern TOKEN = Pattern.compile(
            "(?<![A-Za-z0-9+/])(?:(?=[A-Za-z0-9+/]*[0-9])(?=[A-Za-z0-9+/]*[a-z])(?=[A-Za-z0-9+/]*[A-Z])"
                    + "[A-Za-z0-9+/]{20,}|(?=[A-Za-z0-9+/]*[a-z])(?=[A-Za-z0-9+/]*[A-Z])[A-Za-z0-9+/]{28,})={0,2}"
                    + "|\\b[0-9a-fA-F]{32,}\\b");

    private Secrets() {
    }

    /** {@code text} with every secret-looking part replaced by {@link #HIDDEN}; null stays null. */
    public static String scrub(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = PEM.matcher(text).replaceAll(HIDDEN);
        out = URL_PASSWORD.matcher(out).replaceAll("$1" + Matcher.quoteReplacement(HIDDEN) + "@");
        out = TSIG_Y.matcher(out).replaceAll("$1" + Matcher.quoteReplacement(HIDDEN));
        out = QUOTED.matcher(out).replaceAll(m -> Matcher.quoteReplacement(
                m.group(1) + m.group(2) + m.group(3) + HIDDEN + m.group(5)));
        out = BARE.matcher(out).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + m.group(2) + HIDDEN));
        return TOKEN.matcher(out).replaceAll(Matcher.quoteReplacement(HIDDEN));
    }

    /** The notice with every text field scrubbed; the rewritten lines themselves are dropped, only files remain. */
    public static CustomerNoticeRequested scrub(CustomerNoticeRequested notice) {
        Recipient r = notice.recipient();
        Recipient recipient = r == null ? null
                : new Recipient(scrub(r.name()), r.email(), r.language(), r.timeZone());
        List<String> domains = notice.domains() == null ? List.of()
                : notice.domains().stream().map(Secrets::scrub).toList();
        List<DnsRecordChange> changes = notice.dnsChanges() == null ? List.of()
                : notice.dnsChanges().stream().map(c -> new DnsRecordChange(scrub(c.zone()), scrub(c.name()),
                        scrub(c.type()), c.ttl(), scrub(c.oldValue()), scrub(c.newValue()))).toList();
        List<ConfigRewrite> rewrites = notice.configRewrites() == null ? List.of()
                : notice.configRewrites().stream().map(c -> new ConfigRewrite(scrub(c.file()), c.line(), null, null))
                .toList();
        return new CustomerNoticeRequested(notice.kind(), recipient, notice.cutoverAt(),
                notice.expectedDowntimeMinutes(), domains, changes, rewrites);
    }
}
