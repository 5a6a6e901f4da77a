package io.hostmove.dns;

import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Record data in presentation form, as dnsjava prints it, so two spellings of one value compare equal. */
public final class Rdata {

    private Rdata() {
    }

    /** dnsjava's spelling of {@code text} for {@code type}. */
    public static String canonical(String type, String text) {
        return record(Name.root, type, 0, text).rdataToString();
    }

    public static Set<String> canonicalSet(String type, Collection<String> values) {
        Set<String> set = new TreeSet<>();
        values.forEach(value -> set.add(canonical(type, value)));
        return set;
    }

    public static boolean sameValues(String type, Collection<String> a, Collection<String> b) {
        return canonicalSet(type, a).equals(canonicalSet(type, b));
    }

    public static Record record(Name owner, String type, long ttl, String text) {
        try {
            return Record.fromString(owner, Type.value(type), DClass.IN, ttl, text, Name.root);
        } catch (IOException e) {
            throw new IllegalArgumentException("'" + text + "' is not " + type + " record data: " + e.getMessage(), e);
        }
    }

    public static Name name(String text) {
        try {
            return Name.fromString(text, Name.root);
        } catch (TextParseException e) {
            throw new DnsStepException("'" + text + "' is not a valid domain name: " + e.getMessage());
        }
    }

    /** What a person reads for a value: a TXT record's strings joined, anything else as it is. */
    public static String readable(String type, String text) {
        if (text == null) {
            return null;
        }
        if ("TXT".equals(type)) {
            return String.join("", ((TXTRecord) record(Name.root, type, 0, text)).getStrings());
        }
        return text;
    }

    /** TXT record data holding {@code text}, split into strings of at most 255 characters. */
    public static String txt(String text) {
        List<String> strings = new java.util.ArrayList<>();
        for (int i = 0; i < text.length(); i += 255) {
            strings.add(text.substring(i, Math.min(text.length(), i + 255)));
        }
        return new TXTRecord(Name.root, DClass.IN, 0, strings).rdataToString();
    }
}
