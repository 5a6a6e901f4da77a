package io.hostmove.dns;

import org.xbill.DNS.Name;
import org.xbill.DNS.TSIG;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The TSIG key our primary accepts updates with. The secret stays inside: nothing here prints, logs or returns it.
 */
public final class TsigKey {

    private static final Pattern KEY = Pattern.compile(
            "key\\s+\"?([A-Za-z0-9._-]+)\"?\\s*\\{([^}]*)}", Pattern.DOTALL);
    private static final Pattern ALGORITHM = Pattern.compile("algorithm\\s+\"?([A-Za-z0-9.-]+)\"?\\s*;");
    private static final Pattern SECRET = Pattern.compile("secret\\s+\"([A-Za-z0-9+/=\\s]+)\"\\s*;");

    private final String name;
    private final String algorithm;
    private final byte[] secret;

    private TsigKey(String name, String algorithm, byte[] secret) {
        this.name = name;
        this.algorithm = algorithm;
        this.secret = secret;
    }

    /**
     * The key from a BIND key file ({@code key "name" { algorithm ...; secret "..."; };}, as tsig-keygen writes
     * it), or from a name and a base64 secret given directly; the file wins when both are set.
     */
    public static TsigKey load(Optional<Path> file, Optional<String> keyName, Optional<String> secret,
                               String algorithm) {
        if (file.isPresent()) {
            return fromFile(file.get(), keyName);
        }
        if (keyName.isPresent() && secret.isPresent()) {
            return new TsigKey(keyName.get(), algorithm, decode(secret.get(), "hostmove.dns.tsig.secret"));
        }
        throw new DnsStepException("no TSIG key to sign updates with: set hostmove.dns.tsig.key-file "
                + "(HOSTMOVE_DNS_TSIG_KEY_FILE) to the key file our primary name server trusts, or "
                + "hostmove.dns.tsig.key-name and hostmove.dns.tsig.secret");
    }

    static TsigKey fromFile(Path file, Optional<String> wanted) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new DnsStepException("TSIG key file " + file + " cannot be read (" + e.getClass().getSimpleName()
                    + "); check hostmove.dns.tsig.key-file and the file's permissions");
        }
        Matcher key = KEY.matcher(text);
        while (key.find()) {
            if (wanted.isPresent() && !wanted.get().equals(key.group(1))) {
                continue;
            }
            Matcher algorithm = ALGORITHM.matcher(key.group(2));
            Matcher secret = SECRET.matcher(key.group(2));
            if (!secret.find()) {
                throw new DnsStepException("TSIG key '" + key.group(1) + "' in " + file + " has no secret");
            }
            return new TsigKey(key.group(1), algorithm.find() ? algorithm.group(1) : "hmac-sha256",
                    decode(secret.group(1), "the secret of key '" + key.group(1) + "' in " + file));
        }
        throw new DnsStepException(wanted.map(w -> "TSIG key file " + file + " has no key named '" + w + "'")
                .orElse("TSIG key file " + file + " holds no key { algorithm ...; secret \"...\"; } statement"));
    }

    private static byte[] decode(String base64, String what) {
        try {
            return Base64.getDecoder().decode(base64.replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw new DnsStepException(what + " is not base64");
        }
    }

    public String name() {
        return name;
    }

    /** The dnsjava signer for this key. */
    public TSIG tsig() {
        return new TSIG(TSIG.algorithmToName(algorithm), Name.fromConstantString(name + "."), secret.clone());
    }

    @Override
    public String toString() {
        return "TSIG key " + name + " (" + algorithm + ")";
    }
}
