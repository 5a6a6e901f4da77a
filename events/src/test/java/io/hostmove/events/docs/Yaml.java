package io.hostmove.events.docs;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes a Jackson tree as block-style YAML, two spaces per level. Hand-written so that the events module needs
 * no YAML library; it covers what the AsyncAPI document uses (mappings, sequences, strings, numbers, booleans,
 * null) and quotes every string YAML could read as something else.
 */
public final class Yaml {

    private static final Set<String> RESERVED = Set.of("true", "false", "null", "yes", "no", "on", "off", "y", "n",
            "~");
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_/$][^\\n\\t]*");

    private final StringBuilder out = new StringBuilder();

    private Yaml() {
    }

    public static String write(JsonNode document) {
        Yaml yaml = new Yaml();
        if (!document.isObject()) {
            throw new IllegalArgumentException("a YAML document here is a mapping");
        }
        yaml.mapping(document, 0, false);
        return yaml.out.toString();
    }

    private void mapping(JsonNode node, int indent, boolean firstInline) {
        boolean first = true;
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (!(first && firstInline)) {
                out.append(" ".repeat(indent));
            }
            first = false;
            out.append(scalar(field.getKey())).append(':');
            afterKey(field.getValue(), indent);
        }
    }

    private void sequence(JsonNode node, int indent, boolean firstInline) {
        boolean first = true;
        for (JsonNode item : node) {
            if (!(first && firstInline)) {
                out.append(" ".repeat(indent));
            }
            first = false;
            out.append("- ");
            if (item.isObject() && !item.isEmpty()) {
                mapping(item, indent + 2, true);
            } else if (item.isArray() && !item.isEmpty()) {
                sequence(item, indent + 2, true);
            } else {
                out.append(inline(item)).append('\n');
            }
        }
    }

    private void afterKey(JsonNode value, int indent) {
        if (value.isObject() && !value.isEmpty()) {
            out.append('\n');
            mapping(value, indent + 2, false);
        } else if (value.isArray() && !value.isEmpty()) {
            out.append('\n');
            sequence(value, indent + 2, false);
        } else {
            out.append(' ').append(inline(value)).append('\n');
        }
    }

    private static String inline(JsonNode value) {
        if (value.isObject()) {
            return "{}";
        }
        if (value.isArray()) {
            return "[]";
        }
        if (value.isNull()) {
            return "null";
        }
        if (value.isNumber() || value.isBoolean()) {
            return value.asText();
        }
        return scalar(value.asText());
    }

    /** A string as a plain scalar where that reads back as the same string, else quoted. */
    static String scalar(String text) {
        if (text.contains("\n") || text.chars().anyMatch(c -> c < 0x20)) {
            return doubleQuoted(text);
        }
        boolean plain = PLAIN.matcher(text).matches()
                && !text.contains(": ") && !text.contains(" #") && !text.endsWith(":")
                && text.equals(text.strip())
                && !RESERVED.contains(text.toLowerCase(Locale.ROOT));
        return plain ? text : "'" + text.replace("'", "''") + "'";
    }

    private static String doubleQuoted(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\t' -> quoted.append("\\t");
                default -> {
                    if (c < 0x20) {
                        quoted.append(String.format("\\x%02x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }
}
