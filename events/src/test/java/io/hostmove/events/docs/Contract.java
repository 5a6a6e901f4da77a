package io.hostmove.events.docs;

import io.hostmove.events.CloudEventCodec;
import io.hostmove.events.DnsRequest;
import io.hostmove.events.DnsResult;
import io.hostmove.events.EventCatalog;
import io.hostmove.events.HostmoveEvent;
import io.hostmove.events.MigrationStep;
import io.hostmove.events.Service;
import io.hostmove.events.Topics;
import io.hostmove.events.TransferRequest;
import io.hostmove.events.TransferResult;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;
import java.time.Instant;

/**
 * What the documents say beyond what the code can tell at run time: the topics' descriptions, producers and
 * consumers, what each header means, which events start and finish each step, and short notes for fields
 * whose record has no {@code @param} line. Everything else is read from the classes (and their javadoc).
 */
public final class Contract {

    /** One topic: who writes it, who reads it, and what it is for. */
    public record TopicInfo(String topic, String description, Service producer, List<Service> consumers,
                            String otherConsumers) {
    }

    /** One step: the request that starts it, the event that completes it and the one that reports its failure. */
    public record StepEvents(MigrationStep step, Class<? extends HostmoveEvent> request,
                             Class<? extends HostmoveEvent> completion, Class<? extends HostmoveEvent> failure) {
    }

    private static final Map<String, TopicInfo> TOPICS = new LinkedHashMap<>();

    static {
        topic(Topics.MIGRATION_LIFECYCLE,
                "Facts about a migration as a whole: scheduled, advanced to the next phase, rescheduled, paused, "
                        + "resumed, cancelled, completed, rolled back. The working services follow it to stop or "
                        + "release work for a migration (on pause or cancel, for example).",
                List.of(Service.TRANSFER, Service.DNS, Service.NOTIFICATION),
                "any audit or alerting consumer");
        topic(Topics.TRANSFER_REQUESTS,
                "The planner asks the transfer-service to start a data step. Every request carries the whole "
                        + "account as the inventory holds it at that moment.",
                List.of(Service.TRANSFER), null);
        topic(Topics.TRANSFER_RESULTS,
                "The transfer-service reports that a data step completed or failed, and how a running step "
                        + "progresses.",
                List.of(Service.PLANNER), null);
        topic(Topics.DNS_REQUESTS,
                "The planner asks the dns-service to start a DNS step. Every request carries the account's "
                        + "domains and the old and new addresses.",
                List.of(Service.DNS), null);
        topic(Topics.DNS_RESULTS,
                "The dns-service reports that a DNS step completed or failed, or that the customer must change "
                        + "records at a DNS provider Hostmove cannot update.",
                List.of(Service.PLANNER), null);
        topic(Topics.NOTIFICATION_REQUESTS,
                "The planner asks the notification-service to tell a customer something. The request carries "
                        + "everything the email needs; the notification-service keeps no copy of the inventory.",
                List.of(Service.NOTIFICATION), null);
        topic(Topics.NOTIFICATION_RESULTS,
                "The notification-service reports that an email went out, or that it gave up on one.",
                List.of(Service.PLANNER), null);
    }

    /** What each CloudEvents header means, by header name. */
    private static final Map<String, String> HEADERS = Map.of(
            CloudEventCodec.H_SPECVERSION, "CloudEvents specification version; always this value.",
            CloudEventCodec.H_ID, "Unique id of the event. Consumers record it in their processed-event table "
                    + "and skip an id they have seen (redelivery, replay).",
            CloudEventCodec.H_SOURCE, "The publishing service: " + sources() + ".",
            CloudEventCodec.H_TYPE, "`io.hostmove.` and the event's name; tells the consumer which record the "
                    + "body is.",
            CloudEventCodec.H_TIME, "When the fact happened (ISO-8601, UTC).",
            CloudEventCodec.H_SUBJECT, "The migration id, as the CloudEvents subject; the same as `"
                    + CloudEventCodec.H_MIGRATION_ID + "`.",
            CloudEventCodec.H_MIGRATION_ID, "Extension: the migration the event belongs to; also the record key.",
            CloudEventCodec.H_CAUSATION_ID, "Extension: the `" + CloudEventCodec.H_ID + "` of the event that "
                    + "caused this one. Absent when an operator or a timer caused it.",
            CloudEventCodec.H_SCHEMA_VERSION, "Extension: version of the body's schema. Additive changes keep it.",
            CloudEventCodec.H_CONTENT_TYPE, "The body's media type.");

    /** Headers a record may lack. */
    public static final Set<String> OPTIONAL_HEADERS = Set.of(CloudEventCodec.H_CAUSATION_ID);

    /** Which request starts each step and which result completes it; failures follow from the performer. */
    private static final List<StepEvents> STEPS = List.of(
            step(MigrationStep.INVENTORY, TransferRequest.InventoryRequested.class,
                    TransferResult.InventoryCompleted.class),
            step(MigrationStep.DNS_INSPECTION, DnsRequest.DnsInspectionRequested.class,
                    DnsResult.DnsInspectionCompleted.class),
            step(MigrationStep.TTL_PREPARATION, DnsRequest.TtlPreparationRequested.class, DnsResult.TtlLowered.class),
            step(MigrationStep.PRE_COPY, TransferRequest.PreCopyRequested.class, TransferResult.PreCopyCompleted.class),
            step(MigrationStep.CUTOVER, TransferRequest.CutoverRequested.class, TransferResult.CutoverCompleted.class),
            step(MigrationStep.DNS_SWITCH, DnsRequest.DnsSwitchRequested.class, DnsResult.DnsSwitchCompleted.class),
            step(MigrationStep.VERIFICATION, TransferRequest.VerificationRequested.class,
                    TransferResult.VerificationCompleted.class),
            step(MigrationStep.FINALISE, TransferRequest.FinaliseRequested.class,
                    TransferResult.FinaliseCompleted.class),
            step(MigrationStep.TRANSFER_ROLLBACK, TransferRequest.TransferRollbackRequested.class,
                    TransferResult.TransferRollbackCompleted.class),
            step(MigrationStep.DNS_ROLLBACK, DnsRequest.DnsRollbackRequested.class,
                    DnsResult.DnsRollbackCompleted.class));

    /**
     * Notes for fields the javadoc does not describe, by {@code Record.field} or by {@code field} alone.
     * The javadoc wins where it has an {@code @param} line; prefer adding one there to adding a note here.
     */
    public static final Map<String, String> FIELD_NOTES = fieldNotes();

    /** Meanings of enum constants without javadoc, by {@code Type.CONSTANT} as {@link #displayName} shows it. */
    public static final Map<String, String> CONSTANT_NOTES = Map.of(
            "Finding.Severity.WARNING", "Worth knowing; the migration goes on.",
            "Finding.Severity.BLOCKING", "The migration pauses until an operator accepts the finding or removes "
                    + "its cause.");

    private Contract() {
    }

    private static Map<String, String> fieldNotes() {
        Map<String, String> notes = new LinkedHashMap<>();
        notes.put("MigrationScheduled.accountId", "the planner's id of the account to migrate");
        notes.put("MigrationScheduled.customerRef", "the customer's reference in the inventory, e.g. `K-1001`");
        notes.put("MigrationRescheduled.previousCutoverAt", "the appointment before the change");
        notes.put("cutoverAt", "the cut-over appointment");
        notes.put("fromPhase", "the planner phase it left, e.g. `PRE_COPY`");
        notes.put("toPhase", "the planner phase it entered, e.g. `AWAITING_CUTOVER`");
        notes.put("MigrationResumed.phase", "the planner phase it continues with");
        notes.put("MigrationCancelled.reason", "why, as the operator put it");
        notes.put("stats", "what the step moved");
        notes.put("VerificationCompleted.checks", "the checks that passed, one line each");
        notes.put("TransferStepFailed.step", "the step that failed");
        notes.put("DnsStepFailed.step", "the step that failed");
        notes.put("TransferProgressed.step", "the step that is running");
        notes.put("bytesDone", "bytes transferred so far");
        notes.put("bytesTotal", "bytes to transfer in all, as far as known");
        notes.put("filesDone", "files transferred so far");
        notes.put("bytesPerSecond", "current transfer rate");
        notes.put("etaSeconds", "estimated seconds until the step is done");
        notes.put("ttlSeconds", "the lowered TTL");
        notes.put("effectiveAt", "when the old, longer TTL has expired everywhere");
        notes.put("ExternalDnsChangeRequired.records", "each record to change, old value to new");
        notes.put("ExternalDnsChangeRequired.reminder",
                "false the first time; true when the changes are still not seen after the reminder delay");
        notes.put("kind", "which email; one template per kind and language");
        notes.put("CustomerNotified.messageId", "the `Message-ID` of the email sent");
        notes.put("CustomerNotificationFailed.reason", "why, e.g. the SMTP server's answer");
        return notes;
    }

    public static TopicInfo topic(String topic) {
        TopicInfo info = TOPICS.get(topic);
        if (info == null) {
            throw new IllegalStateException("topic " + topic + " has no description, producer and consumers in "
                    + Contract.class.getName() + "; add them there");
        }
        return info;
    }

    public static String headerMeaning(String header) {
        String meaning = HEADERS.get(header);
        if (meaning == null) {
            throw new IllegalStateException("CloudEvents header " + header + " has no meaning in "
                    + Contract.class.getName() + "; add it there");
        }
        return meaning;
    }

    public static List<StepEvents> steps() {
        return STEPS;
    }

    /** The event with which a service reports that one of its steps failed. */
    public static Class<? extends HostmoveEvent> failureOf(Service performer) {
        return switch (performer) {
            case TRANSFER -> TransferResult.TransferStepFailed.class;
            case DNS -> DnsResult.DnsStepFailed.class;
            case PLANNER, NOTIFICATION -> throw new IllegalArgumentException(performer + " performs no steps");
        };
    }

    /** Every Hostmove service as its CloudEvents source, for the {@code ce_source} row. */
    private static String sources() {
        List<String> sources = new ArrayList<>();
        for (Service service : Service.values()) {
            sources.add("`" + service.source() + "`");
        }
        return String.join(", ", sources);
    }

    /** The producer is the catalogue's publisher of the topic's events. */
    private static void topic(String topic, String description, List<Service> consumers, String otherConsumers) {
        Service producer = EventCatalog.entries().stream().filter(entry -> entry.topic().equals(topic))
                .map(EventCatalog.Entry::publisher).findFirst().orElseThrow();
        TOPICS.put(topic, new TopicInfo(topic, description, producer, consumers, otherConsumers));
    }

    private static StepEvents step(MigrationStep step, Class<? extends HostmoveEvent> request,
                                   Class<? extends HostmoveEvent> completion) {
        return new StepEvents(step, request, completion, failureOf(step.performer()));
    }

    /** The id of a topic in the AsyncAPI document: {@code hostmove.transfer.requests} is {@code transferRequests}. */
    public static String channelId(String topic) {
        String[] parts = topic.replaceFirst("^hostmove\\.", "").split("[.\\-_]");
        StringBuilder id = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length; i++) {
            id.append(capitalise(parts[i]));
        }
        return id.toString();
    }

    /** {@code planner-service} is {@code planner}. */
    public static String shortName(Service service) {
        return service.serviceName().replaceFirst("-service$", "");
    }

    public static String capitalise(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    /** {@code MigrationScheduled} is "Migration scheduled", {@code TtlLowered} is "TTL lowered". */
    public static String words(String camelCase) {
        String spaced = camelCase.replaceAll("(?<=[a-z0-9])(?=[A-Z])", " ").toLowerCase(Locale.ROOT);
        return capitalise(ACRONYMS.matcher(spaced).replaceAll(m -> m.group().toUpperCase(Locale.ROOT)));
    }

    private static final Pattern ACRONYMS = Pattern.compile("\\b(dns|ttl|ssh|ip|id)\\b");

    /** Every event type in catalog order. */
    public static List<EventCatalog.Entry> events() {
        return EventCatalog.entries();
    }

    /** The events on one topic, in catalog order. */
    public static List<EventCatalog.Entry> eventsOn(String topic) {
        return events().stream().filter(entry -> entry.topic().equals(topic)).toList();
    }

    /**
     * The records and enums the events are made of (not the events themselves), in order of first use:
     * records first, then enums.
     */
    public static List<Class<?>> valueTypes() {
        Set<Class<?>> records = new LinkedHashSet<>();
        Set<Class<?>> enums = new LinkedHashSet<>();
        for (EventCatalog.Entry entry : events()) {
            collect(entry.javaType(), records, enums);
        }
        List<Class<?>> all = new ArrayList<>(records);
        all.addAll(enums);
        return all;
    }

    private static void collect(Class<?> record, Set<Class<?>> records, Set<Class<?>> enums) {
        for (RecordComponent component : record.getRecordComponents()) {
            Class<?> type = elementClass(component.getGenericType());
            if (type.isEnum()) {
                enums.add(type);
            } else if (type.isRecord() && records.add(type)) {
                collect(type, records, enums);
            }
        }
    }

    /** The class of a component, or of its elements when it is a list. */
    public static Class<?> elementClass(Type type) {
        if (type instanceof ParameterizedType parameterized && parameterized.getRawType() == List.class) {
            return elementClass(parameterized.getActualTypeArguments()[0]);
        }
        if (type instanceof Class<?> clazz) {
            return clazz;
        }
        throw new IllegalStateException("the docs do not know how to show the type " + type);
    }

    public static boolean isList(Type type) {
        return type instanceof ParameterizedType parameterized && parameterized.getRawType() == List.class;
    }

    /** The name a value type is shown with: nested value types keep their owner, e.g. {@code Finding.Severity}. */
    public static String displayName(Class<?> type) {
        Class<?> owner = type.getEnclosingClass();
        if (owner != null && !HostmoveEvent.class.isAssignableFrom(owner)) {
            return owner.getSimpleName() + "." + type.getSimpleName();
        }
        return type.getSimpleName();
    }

    /** A scalar's type as a Java developer reads it, or null when it is not a scalar. */
    public static String scalarName(Class<?> type) {
        if (type == String.class) {
            return "String";
        }
        if (type == UUID.class) {
            return "UUID";
        }
        if (type == Instant.class) {
            return "Instant";
        }
        if (type.isPrimitive()) {
            return type.getName();
        }
        if (type == Long.class || type == Integer.class || type == Boolean.class) {
            return type.getSimpleName();
        }
        return null;
    }
}
