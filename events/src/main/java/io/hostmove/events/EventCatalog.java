package io.hostmove.events;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The one table of event types: CloudEvents type name, Java record, topic and publisher of every Hostmove event. */
public final class EventCatalog {

    /** Schema version of every payload in this contract. */
    public static final int SCHEMA_VERSION = 1;

    private static final String TYPE_PREFIX = "io.hostmove.";

    /** Each topic carries exactly the records of one sealed family, and one service publishes it. */
    private static final Map<Class<? extends HostmoveEvent>, Family> FAMILIES = families();

    private static final Map<String, Entry> BY_TYPE = new LinkedHashMap<>();
    private static final Map<Class<?>, Entry> BY_CLASS = new LinkedHashMap<>();

    static {
        FAMILIES.forEach((family, where) -> {
            for (Class<?> member : family.getPermittedSubclasses()) {
                Entry entry = new Entry(TYPE_PREFIX + member.getSimpleName(),
                        member.asSubclass(HostmoveEvent.class), where.topic(), where.publisher());
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
     * @param publisher the service that publishes it
     */
    public record Entry(String type, Class<? extends HostmoveEvent> javaType, String topic, Service publisher) {
    }

    private record Family(String topic, Service publisher) {
    }

    private EventCatalog() {
    }

    private static Map<Class<? extends HostmoveEvent>, Family> families() {
        Map<Class<? extends HostmoveEvent>, Family> families = new LinkedHashMap<>();
        families.put(MigrationLifecycle.class, new Family(Topics.MIGRATION_LIFECYCLE, Service.PLANNER));
        families.put(TransferRequest.class, new Family(Topics.TRANSFER_REQUESTS, Service.PLANNER));
        families.put(TransferResult.class, new Family(Topics.TRANSFER_RESULTS, Service.TRANSFER));
        families.put(DnsRequest.class, new Family(Topics.DNS_REQUESTS, Service.PLANNER));
        families.put(DnsResult.class, new Family(Topics.DNS_RESULTS, Service.DNS));
        families.put(NotificationRequest.class, new Family(Topics.NOTIFICATION_REQUESTS, Service.PLANNER));
        families.put(NotificationResult.class, new Family(Topics.NOTIFICATION_RESULTS, Service.NOTIFICATION));
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

    /** The service that publishes events of {@code eventClass}: the CloudEvents source they carry. */
    public static Service publisherOf(Class<?> eventClass) {
        return entryOf(eventClass).publisher();
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
