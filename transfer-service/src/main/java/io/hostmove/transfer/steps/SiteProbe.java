package io.hostmove.transfer.steps;

import io.hostmove.events.model.HostSpec;
import io.hostmove.transfer.config.TransferConfig;
import io.hostmove.transfer.ssh.RemoteException;
import io.hostmove.transfer.ssh.RemoteHost;
import io.hostmove.transfer.ssh.Shell;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Fetches a site from one host's own web server, as a visitor of that domain would get it from that host. */
final class SiteProbe {

    /** What a site answered: status, title and a hash of the body. */
    record Answer(String domain, int status, String title, String bodySha256) {

        /** How {@code after} differs from this answer, or null when it does not. */
        String differenceTo(Answer after, String hostBefore, String hostAfter) {
            if (status != after.status) {
                return domain + " answers " + after.status + " on " + hostAfter + " but answered " + status + " on "
                        + hostBefore;
            }
            if (!Objects.equals(title, after.title)) {
                return domain + " has the title \"" + after.title + "\" on " + hostAfter + " but \"" + title
                        + "\" on " + hostBefore;
            }
            if (!bodySha256.equals(after.bodySha256)) {
                return domain + " returns a different page on " + hostAfter + " than on " + hostBefore;
            }
            return null;
        }
    }

    private static final Pattern TITLE = Pattern.compile("<title[^>]*>(.*?)</title>",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final String STATUS_MARK = "\nhostmove-http-status:";

    private SiteProbe() {
    }

    static Answer fetch(RemoteHost host, HostSpec spec, TransferConfig config, String domain) {
        String address = address(spec, config);
        var result = host.exec(Shell.command("curl", "-sS", "--max-time", "20", "-o", "-", "-w",
                STATUS_MARK + "%{http_code}", "-H", "Host: " + domain, "http://" + address + "/"));
        int mark = result.stdout().lastIndexOf(STATUS_MARK);
        if (!result.ok() || mark < 0) {
            throw new RemoteException("cannot fetch " + domain + " from " + host.name() + " (" + address + "): "
                    + result.stderr().strip());
        }
        String body = result.stdout().substring(0, mark);
        int status = Integer.parseInt(result.stdout().substring(mark + STATUS_MARK.length()).strip());
        Matcher title = TITLE.matcher(body);
        return new Answer(domain, status, title.find() ? title.group(1).strip() : null, sha256(body));
    }

    private static String address(HostSpec host, TransferConfig config) {
        TransferConfig.HostSettings settings = config.hosts().get(host.name());
        if (settings != null && settings.httpAddress().isPresent()) {
            return settings.httpAddress().get();
        }
        return host.ipv4() != null ? host.ipv4() : "[" + host.ipv6() + "]";
    }

    private static String sha256(String body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
