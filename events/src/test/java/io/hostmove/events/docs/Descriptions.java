package io.hostmove.events.docs;

import io.hostmove.events.HostmoveEvent;

import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;

/** The prose of the documents: javadoc from the contract's sources, with {@link Contract#FIELD_NOTES} for gaps. */
public final class Descriptions {

    private final Javadoc javadoc;

    public Descriptions(Path repoRoot) {
        this.javadoc = new Javadoc(repoRoot.resolve(EventDocs.CONTRACT_SOURCES));
    }

    /** What a record, enum or family is, from its javadoc; empty when it has none. */
    public String ofType(Class<?> type) {
        return javadoc.ofType(type).description();
    }

    /** The first sentence of {@link #ofType}. */
    public String summaryOf(Class<?> type) {
        return javadoc.ofType(type).summary();
    }

    /** What an enum constant means: its javadoc, else a note from {@link Contract#CONSTANT_NOTES}. */
    public String ofConstant(Enum<?> constant) {
        String text = javadoc.ofConstant(constant).description();
        if (text.isEmpty()) {
            text = Contract.CONSTANT_NOTES.getOrDefault(
                    Contract.displayName(constant.getDeclaringClass()) + "." + constant.name(), "");
        }
        return text;
    }

    /**
     * What a field means: the record's {@code @param} line, else the javadoc of the family accessor it implements
     * (e.g. {@code TransferRequest.account()}), else a note from {@link Contract#FIELD_NOTES}; empty when none.
     */
    public String ofField(Class<?> record, RecordComponent component) {
        String name = component.getName();
        String param = javadoc.ofType(record).params().get(name);
        if (param != null && !param.isBlank()) {
            return param;
        }
        for (Class<?> family : record.getInterfaces()) {
            if (HostmoveEvent.class.isAssignableFrom(family) && declares(family, name)) {
                String accessor = javadoc.ofAccessor(family, name).description();
                if (!accessor.isBlank()) {
                    return lowerFirst(stripFinalPeriod(accessor));
                }
            }
        }
        String note = Contract.FIELD_NOTES.get(record.getSimpleName() + "." + name);
        if (note == null) {
            note = Contract.FIELD_NOTES.get(name);
        }
        return note == null ? "" : note;
    }

    private static boolean declares(Class<?> family, String accessor) {
        for (Method method : family.getDeclaredMethods()) {
            if (method.getName().equals(accessor) && method.getParameterCount() == 0) {
                return true;
            }
        }
        return false;
    }

    private static String stripFinalPeriod(String text) {
        return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
    }

    private static String lowerFirst(String text) {
        if (text.length() > 1 && Character.isUpperCase(text.charAt(0)) && !Character.isUpperCase(text.charAt(1))) {
            return Character.toLowerCase(text.charAt(0)) + text.substring(1);
        }
        return text;
    }
}
