package io.hostmove.events.docs;

import io.hostmove.events.CloudEventCodec;
import io.hostmove.events.EventCatalog;
import io.hostmove.events.EventEnvelope;
import io.hostmove.events.HostmoveEvent;
import io.hostmove.events.Service;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Example events for the documents, built by reflection over the record components so that a new event or
 * field gets an example without anyone writing one. Values are chosen by field name, are the same on every
 * run (no randomness, no clock), tell one coherent story (account {@code nordlys} of customer K-1001 moving
 * from old-web-1 to new-web-1) and never contain anything that looks like a secret.
 *
 * <p>A value is looked up by {@code parentField.field} (the field that holds the record, e.g.
 * {@code oldHost.name}), then {@code Record.field}, then {@code field}; failing all three, a placeholder by
 * type is used.
 */
public final class SampleValues {

    public static final UUID MIGRATION_ID = UUID.fromString("6ac36756-0530-4b5c-85fb-314d7c3a6a52");
    public static final UUID CAUSATION_ID = UUID.fromString("9d1f3b2e-64c0-4a8e-b5d7-2c8e1f0a7b93");
    public static final Instant EVENT_TIME = Instant.parse("2026-11-21T13:05:12.480Z");

    private static final Instant DEFAULT_INSTANT = Instant.parse("2026-11-21T12:00:00Z");

    private static final Map<String, Object> VALUES = values();

    private SampleValues() {
    }

    private static Map<String, Object> values() {
        Map<String, Object> v = new HashMap<>();
        // A migration and its account
        v.put("accountId", UUID.fromString("0d4f3c1e-5b7a-4e2f-9c61-8a3b2d7e4f10"));
        v.put("customerRef", "K-1001");
        v.put("cutoverAt", Instant.parse("2026-11-22T01:00:00Z"));
        v.put("previousCutoverAt", Instant.parse("2026-11-21T01:00:00Z"));
        v.put("fromPhase", "PRE_COPY");
        v.put("toPhase", "AWAITING_CUTOVER");
        v.put("phase", "DNS_SWITCH");
        v.put("cause", "FAILURE");
        v.put("reason", "update refused by ns1: TSIG key hostmove-update is not known");
        v.put("MigrationCancelled.reason", "the customer asked to stay on the old platform until January");
        v.put("TransferStepFailed.reason", "new-web-1 has 1.2 GB free in /srv/accounts, the account needs 2.1 GB; "
                + "free space or choose another host, then retry");
        v.put("CustomerNotificationFailed.reason", "550 5.1.1 <post@nordlys.example>: mailbox unavailable");
        v.put("systemUser", "nordlys");
        v.put("homePath", "/home/nordlys");
        v.put("newHomePath", "/srv/accounts/nordlys");
        v.put("domains", List.of("nordlys.example", "nordlys-butikk.example"));
        // Hosts: inventory names, addresses from the documentation ranges (RFC 5737, RFC 3849)
        v.put("oldHost.name", "old-web-1");
        v.put("newHost.name", "new-web-1");
        v.put("oldHost.sshHost", "old-web-1.hosting.example");
        v.put("newHost.sshHost", "new-web-1.hosting.example");
        v.put("sshPort", 22);
        v.put("sshUser", "hostmove");
        v.put("oldHost.hostKeyFingerprint", "SHA256:" + "A".repeat(43));
        v.put("newHost.hostKeyFingerprint", "SHA256:" + "B".repeat(43));
        v.put("oldHost.ipv4", "192.0.2.10");
        v.put("oldHost.ipv6", "2001:db8:10::10");
        v.put("newHost.ipv4", "198.51.100.20");
        v.put("newHost.ipv6", "2001:db8:20::20");
        v.put("oldIpv4", "192.0.2.10");
        v.put("oldIpv6", "2001:db8:10::10");
        v.put("newIpv4", "198.51.100.20");
        v.put("newIpv6", "2001:db8:20::20");
        // Sites, databases, mailboxes
        v.put("domain", "nordlys.example");
        v.put("aliases", List.of("www.nordlys.example"));
        v.put("documentRoot", "/home/nordlys/public_html");
        v.put("engine", "mariadb");
        v.put("DatabaseSpec.name", "nordlys_wp");
        v.put("DatabaseSpec.user", "nordlys_wp");
        v.put("address", "post@nordlys.example");
        v.put("maildir", "/home/nordlys/mail/nordlys.example/post");
        // Transfer results
        v.put("fileCount", 18_234L);
        v.put("fileBytes", 2_147_483_648L);
        v.put("databaseBytes", 52_428_800L);
        v.put("mailMessages", 4_120L);
        v.put("mailBytes", 734_003_200L);
        v.put("severity", "WARNING");
        v.put("code", "php-version-lower");
        v.put("subject", "site nordlys.example");
        v.put("message", "PHP 8.1 on the new host, 8.2 on the old; test the site before the cut-over");
        v.put("files", 18_234L);
        v.put("bytes", 2_101_346_304L);
        v.put("durationMillis", 412_000L);
        v.put("downtimeMillis", 96_500L);
        v.put("file", "/srv/accounts/nordlys/public_html/wp-config.php");
        v.put("line", 32);
        v.put("before", "define( 'DB_HOST', 'localhost:/var/run/mysqld/mysqld.sock' );");
        v.put("after", "define( 'DB_HOST', 'localhost:/run/mysqld/mysqld.sock' );");
        v.put("checks", List.of("https://nordlys.example/ answers 200 from 198.51.100.20 with the same title"));
        v.put("step", "PRE_COPY");
        v.put("DnsStepFailed.step", "DNS_SWITCH");
        v.put("bytesDone", 1_073_741_824L);
        v.put("bytesTotal", 2_101_346_304L);
        v.put("filesDone", 9_120L);
        v.put("bytesPerSecond", 12_582_912L);
        v.put("etaSeconds", 82L);
        v.put("syncBack", true);
        // DNS
        v.put("zone", "nordlys.example");
        v.put("DnsRecordChange.name", "nordlys.example.");
        v.put("type", "A");
        v.put("ttl", 3_600L);
        v.put("oldValue", "192.0.2.10");
        v.put("newValue", "198.51.100.20");
        v.put("records.zone", "nordlys-butikk.example");
        v.put("records.name", "nordlys-butikk.example.");
        v.put("externalDomains", List.of("nordlys-butikk.example"));
        v.put("longestTtlSeconds", 3_600L);
        v.put("ttlSeconds", 300L);
        v.put("effectiveAt", Instant.parse("2026-11-21T13:00:00Z"));
        v.put("verifiedServers", List.of("ns1.hosting.example", "ns2.hosting.example"));
        v.put("requestedAt", Instant.parse("2026-11-22T01:04:10.120Z"));
        v.put("appliedAt", Instant.parse("2026-11-22T01:04:10.410Z"));
        v.put("verifiedAt", Instant.parse("2026-11-22T01:04:11.030Z"));
        // Customer notices
        v.put("kind", "ACTION_REQUIRED");
        v.put("Recipient.name", "Kari Nordmann");
        v.put("email", "post@nordlys.example");
        v.put("language", "nb");
        v.put("timeZone", "Europe/Oslo");
        v.put("expectedDowntimeMinutes", 2L);
        v.put("CustomerNoticeRequested.configRewrites", List.of());
        v.put("messageId", "<20261121130512.nordlys.action-required@mail.hosting.example>");
        return v;
    }

    /** The example of an event type. */
    public static HostmoveEvent event(Class<? extends HostmoveEvent> type) {
        return type.cast(record(type, null));
    }

    /** The envelope an example of {@code type} travels with: fixed ids and time, the producer as source. */
    public static EventEnvelope envelope(Class<? extends HostmoveEvent> type, Service producer) {
        String name = EventCatalog.typeOf(type);
        return new EventEnvelope(fixedUuid(name), name, producer.source(), EVENT_TIME, MIGRATION_ID, CAUSATION_ID,
                EventCatalog.SCHEMA_VERSION);
    }

    /** The example body of an event type, as JSON. */
    public static String json(Class<? extends HostmoveEvent> type) {
        return CloudEventCodec.toJson(event(type));
    }

    /** The same UUID for the same name on every run. */
    private static UUID fixedUuid(String name) {
        return UUID.nameUUIDFromBytes(("hostmove docs " + name).getBytes(StandardCharsets.UTF_8));
    }

    private static Object record(Class<?> type, String parentField) {
        RecordComponent[] components = type.getRecordComponents();
        Class<?>[] parameterTypes = new Class<?>[components.length];
        Object[] arguments = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            parameterTypes[i] = components[i].getType();
            arguments[i] = value(type, components[i].getName(), components[i].getGenericType(), parentField);
        }
        try {
            Constructor<?> constructor = type.getDeclaredConstructor(parameterTypes);
            constructor.setAccessible(true);
            return constructor.newInstance(arguments);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("the example of " + type.getSimpleName() + " is refused by its "
                    + "constructor; fix its values in " + SampleValues.class.getName(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build an example of " + type.getName(), e);
        }
    }

    private static Object value(Class<?> owner, String field, Type type, String parentField) {
        Object chosen = null;
        if (parentField != null) {
            chosen = VALUES.get(parentField + "." + field);
        }
        if (chosen == null) {
            chosen = VALUES.get(owner.getSimpleName() + "." + field);
        }
        if (chosen == null) {
            chosen = VALUES.get(field);
        }
        if (chosen != null) {
            return coerce(chosen, type, owner, field);
        }
        if (type instanceof ParameterizedType parameterized && parameterized.getRawType() == List.class) {
            return List.of(value(owner, field, parameterized.getActualTypeArguments()[0], parentField));
        }
        Class<?> raw = (Class<?>) type;
        if (raw.isRecord()) {
            return record(raw, field);
        }
        if (raw.isEnum()) {
            return raw.getEnumConstants()[0];
        }
        if (raw == String.class) {
            return "example " + Contract.words(field).toLowerCase(java.util.Locale.ROOT);
        }
        if (raw == UUID.class) {
            return fixedUuid(owner.getSimpleName() + "." + field);
        }
        if (raw == Instant.class) {
            return DEFAULT_INSTANT;
        }
        if (raw == long.class || raw == Long.class) {
            return 3L;
        }
        if (raw == int.class || raw == Integer.class) {
            return 3;
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return false;
        }
        throw new IllegalStateException("no example value for " + owner.getSimpleName() + "." + field + " of type "
                + type.getTypeName() + "; add one in " + SampleValues.class.getName());
    }

    /** Enum constants are written by name so that a renamed constant shows up here, not as a compile error. */
    private static Object coerce(Object chosen, Type type, Class<?> owner, String field) {
        Class<?> raw = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
        if (raw.isEnum() && chosen instanceof String name) {
            for (Object constant : raw.getEnumConstants()) {
                if (((Enum<?>) constant).name().equals(name)) {
                    return constant;
                }
            }
            throw new IllegalStateException("the example value " + name + " of " + owner.getSimpleName() + "."
                    + field + " is not a constant of " + raw.getSimpleName() + "; change it in "
                    + SampleValues.class.getName());
        }
        if (raw == int.class && chosen instanceof Long number) {
            return Math.toIntExact(number);
        }
        if (raw == long.class && chosen instanceof Integer number) {
            return number.longValue();
        }
        Class<?> boxed = raw.isPrimitive() ? box(raw) : raw;
        if (!boxed.isInstance(chosen)) {
            throw new IllegalStateException("the example value " + chosen + " of " + owner.getSimpleName() + "."
                    + field + " is not a " + type.getTypeName() + "; change it in " + SampleValues.class.getName());
        }
        return chosen;
    }

    private static Class<?> box(Class<?> primitive) {
        if (primitive == int.class) {
            return Integer.class;
        }
        if (primitive == long.class) {
            return Long.class;
        }
        if (primitive == boolean.class) {
            return Boolean.class;
        }
        throw new IllegalStateException("no boxing for " + primitive);
    }
}
