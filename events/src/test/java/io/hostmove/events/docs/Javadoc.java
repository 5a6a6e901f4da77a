package io.hostmove.events.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the javadoc of the contract's records, enums and accessors from their source files, which a running
 * JVM cannot see. Deliberately small: it knows the shapes the contract uses ({@code record X(}, {@code enum X},
 * {@code CONSTANT,} and {@code Type name();}) and turns {@code {@code x}} and {@code {@link A#b}} into Markdown.
 */
public final class Javadoc {

    /** A comment's text before its block tags, and its {@code @param} lines by name. */
    public record Comment(String description, Map<String, String> params) {

        static final Comment NONE = new Comment("", Map.of());

        /** The first sentence of the description. */
        public String summary() {
            int end = description.indexOf(". ");
            return end < 0 ? description : description.substring(0, end + 1);
        }
    }

    private static final Pattern INLINE_CODE = Pattern.compile("\\{@code\\s+([^}]*)}");
    private static final Pattern INLINE_LINK = Pattern.compile("\\{@link(?:plain)?\\s+([^}\\s]*)(?:\\s+([^}]*))?}");

    private final Path sourceRoot;
    private final Map<Class<?>, String> sources = new HashMap<>();

    public Javadoc(Path sourceRoot) {
        this.sourceRoot = sourceRoot;
    }

    /** The comment on a top-level or nested record, enum, interface or class. */
    public Comment ofType(Class<?> type) {
        String kind = type.isRecord() ? "record" : type.isEnum() ? "enum" : type.isInterface() ? "interface" : "class";
        return before(type, Pattern.compile("\\b" + kind + "\\s+" + type.getSimpleName() + "\\b"));
    }

    /** The comment on an enum constant. */
    public Comment ofConstant(Enum<?> constant) {
        return before(constant.getDeclaringClass(),
                Pattern.compile("(?m)^\\s*" + constant.name() + "\\s*[,;(}]"));
    }

    /** The comment on an interface accessor such as {@code AccountSpec account();}. */
    public Comment ofAccessor(Class<?> type, String name) {
        return before(type, Pattern.compile("(?m)^\\s*[\\w<>,.? ]+\\s" + name + "\\(\\)\\s*;"));
    }

    private Comment before(Class<?> type, Pattern declaration) {
        String source = source(type);
        Matcher matcher = declaration.matcher(source);
        while (matcher.find()) {
            Optional<String> raw = commentEndingAt(source, matcher.start());
            if (raw.isPresent()) {
                return parse(raw.get());
            }
        }
        return Comment.NONE;
    }

    /** The comment right before {@code position}, with nothing but whitespace, modifiers and annotations between. */
    private static Optional<String> commentEndingAt(String source, int position) {
        int end = source.lastIndexOf("*/", position);
        if (end < 0) {
            return Optional.empty();
        }
        String between = source.substring(end + 2, position)
                .replaceAll("@\\w+(\\([^)]*\\))?", "")
                .replaceAll("\\b(public|protected|private|static|final|sealed|non-sealed|abstract)\\b", "");
        if (!between.isBlank()) {
            return Optional.empty();
        }
        int start = source.lastIndexOf("/**", end);
        return start < 0 ? Optional.empty() : Optional.of(source.substring(start + 3, end));
    }

    private static Comment parse(String raw) {
        StringBuilder description = new StringBuilder();
        Map<String, String> params = new LinkedHashMap<>();
        String currentParam = null;
        boolean inTags = false;
        for (String line : raw.split("\n")) {
            String text = line.strip();
            if (text.startsWith("*")) {
                text = text.substring(1).strip();
            }
            if (text.startsWith("@")) {
                inTags = true;
                currentParam = null;
                if (text.startsWith("@param ")) {
                    String[] parts = text.substring(7).strip().split("\\s+", 2);
                    currentParam = parts[0];
                    params.put(currentParam, parts.length > 1 ? parts[1] : "");
                }
                continue;
            }
            if (inTags) {
                if (currentParam != null && !text.isEmpty()) {
                    params.merge(currentParam, text, (a, b) -> a + " " + b);
                }
                continue;
            }
            description.append(text).append(' ');
        }
        Map<String, String> cleaned = new LinkedHashMap<>();
        params.forEach((name, text) -> cleaned.put(name, markdown(text)));
        return new Comment(markdown(description.toString()), cleaned);
    }

    /** Javadoc inline tags to Markdown, whitespace collapsed. */
    static String markdown(String javadoc) {
        String text = INLINE_CODE.matcher(javadoc).replaceAll(m -> Matcher.quoteReplacement("`" + m.group(1) + "`"));
        text = INLINE_LINK.matcher(text).replaceAll(m -> {
            if (m.group(2) != null) {
                return Matcher.quoteReplacement(m.group(2));
            }
            String target = m.group(1);
            String shown = target.contains("#") ? target.substring(target.indexOf('#') + 1) : target;
            return Matcher.quoteReplacement("`" + shown + "`");
        });
        return text.replaceAll("</?(p|em|strong|b|i|ul|ol|li|br)\\s*/?>", "").replaceAll("\\s+", " ").strip();
    }

    private String source(Class<?> type) {
        Class<?> top = type;
        while (top.getEnclosingClass() != null) {
            top = top.getEnclosingClass();
        }
        Class<?> file = top;
        return sources.computeIfAbsent(file, t -> {
            Path path = sourceRoot.resolve(t.getName().replace('.', '/') + ".java");
            try {
                return Files.readString(path);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the source of " + t.getName() + " at " + path, e);
            }
        });
    }
}
