package io.hostmove.events;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The one table of event types: CloudEvents type name, Java record and topic of every Hostmove event. */
public final class EventCatalog {

    /** Schema version of every payload in this contract. */
    public static final int SCHEMA_VERSION = 1;

    private static final String TYPE_PREFIX = "io.hostmove.";

    /** Each topic carries exactly the records of one sealed family. */
    private static final Map<Class<? extends HostmoveEvent>, String> FAMILIES = familyTopics();

    private static final Map<String, Entry> BY_TYPE = new LinkedHashMap<>();
    private static final Map<Class<?>, Entry> BY_CLASS = new LinkedHashMap<>();

    static {
        FAMILIES.forEach((family, topic) -> {
            for (Class<?> member : family.getPermittedSubclasses()) {
                Entry entry = new Entry(TYPE_PREFIX + member.getSimpleName(),
                        member.asSubclass(HostmoveEvent.class), topic);
                BY_TYPE.put(entry.type(), entry);
                BY_CLASS.put(member, entry);
            }
        });
    }

    /**
     * One event type.
     *
     * @param type      CloudEvents {@code type} attribute
     * @param javaType  the record its JSON body maps to
     * @param topic     the topic it is published on
     */
    public record Entry(String type, Class<? extends HostmoveEvent> javaType, String topic) {
    }

    private EventCatalog() {
    }

    private static Map<Class<? extends HostmoveEvent>, String> familyTopics() {
        Map<Class<? extends HostmoveEvent>, String> families = new LinkedHashMap<>();
        families.put(MigrationLifecycle.class, Topics.MIGRATION_LIFECYCLE);
        families.put(TransferRequest.class, Topics.TRANSFER_REQUESTS);
        families.put(TransferResult.class, Topics.TRANSFER_RESULTS);
        families.put(DnsRequest.class, Topics.DNS_REQUESTS);
        families.put(DnsResult.class, Topics.DNS_RESULTS);
        families.put(NotificationRequest.class, Topics.NOTIFICATION_REQUESTS);
        families.put(NotificationResult.class, Topics.NOTIFICATION_RESULTS);
        return Collections.unmodifiableMap(families);
    }

    /** Every event type, grouped by topic. */
    public static List<Entry> entries() {
        return List.copyOf(BY_TYPE.values());
    }

    public static String typeOf(Class<?> eventClass) {
        return entryOf(eventClass).type();
    }

    public static String topicOf(Class<?> eventClass) {
        return entryOf(eventClass).topic();
    }

    /** The record class for a CloudEvents type, or an exception naming the unknown type. */
    public static Class<? extends HostmoveEvent> classOf(String type) {
        Entry entry = BY_TYPE.get(type);
        if (entry == null) {
            throw new MalformedEventException("unknown event type '" + type + "'");
        }
        return entry.javaType();
    }

    private static Entry entryOf(Class<?> eventClass) {
        Entry entry = BY_CLASS.get(eventClass);
        if (entry == null) {
            throw new IllegalArgumentException(eventClass.getName() + " is not a Hostmove event record");
        }
        return entry;
    }
}
