package io.hostmove.notification;

import io.hostmove.events.CloudEventCodec;
import io.hostmove.events.EventEnvelope;
import io.hostmove.events.MigrationLifecycle.MigrationAdvanced;
import io.hostmove.events.MigrationLifecycle.MigrationCancelled;
import io.hostmove.events.MigrationLifecycle.MigrationRescheduled;
import io.hostmove.events.MigrationLifecycle.MigrationScheduled;
import io.hostmove.events.NoticeKind;
import io.hostmove.events.NotificationRequest.CustomerNoticeRequested;
import io.hostmove.events.NotificationResult.CustomerNotificationFailed;
import io.hostmove.events.NotificationResult.CustomerNotified;
import io.hostmove.events.Service;
import io.hostmove.events.Topics;
import io.hostmove.events.testing.EventSender;
import io.hostmove.events.testing.EventTap;
import io.hostmove.notification.persistence.Notification;
import io.hostmove.notification.persistence.Notification.State;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;

import static io.hostmove.notification.TestNotices.notice;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * The service driven as the planner drives it, through the real broker, against PostgreSQL and a real SMTP server:
 * what the customer receives, once, in their language and time zone.
 */
@QuarkusTest
@QuarkusTestResource(Smtp.class)
class DeliveryIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    EntityManager entityManager;

    EventSender planner;
    EventTap results;
    UUID migrationId;

    @BeforeEach
    void open() {
        planner = new EventSender(bootstrap);
        results = EventTap.from(bootstrap, Topics.NOTIFICATION_RESULTS);
        migrationId = UUID.randomUUID();
    }

    @AfterEach
    void close() {
        planner.close();
        results.close();
    }

    @Test
    @DisplayName("a Norwegian customer gets one announcement in Bokmål with the appointment in Oslo time, however "
            + "often it is delivered or asked for")
    void announcementOnceInTheCustomersLanguageAndZone() {
        Instant cutover = Instant.parse("2031-12-02T09:00:00Z");
        CustomerNoticeRequested announce = notice(NoticeKind.ANNOUNCEMENT, "Nordlys Bakeri AS", "post@nordlys.example",
                "nb", "Europe/Oslo", cutover);
        EventEnvelope sent = planner.send(Service.PLANNER, migrationId, null, announce);
        planner.resend(sent, announce);
        EventEnvelope askedAgain = planner.send(Service.PLANNER, migrationId, null, announce);

        MimeMessage mail = awaitOne(migrationId);
        assertThat(Smtp.subject(mail)).isEqualTo("nordlys.example flyttes til vår nye plattform 2. desember 2031");
        assertThat(Smtp.header(mail, "Content-Language")).isEqualTo("nb");
        String text = Smtp.text(mail);
        assertThat(text).startsWith("Hei Nordlys Bakeri AS,")
                .contains("tirsdag 2. desember 2031 kl. 10:00 (Europe/Oslo)")
                .contains("omtrent 3 minutter")
                .contains("Vi endrer ikke passord.");
        assertThat(Smtp.html(mail)).contains("<html lang=\"nb\">").contains("Vi endrer ikke passord.");

        var notified = results.await(migrationId, CustomerNotified.class);
        assertThat(notified.payload(CustomerNotified.class).messageId()).isEqualTo(Smtp.header(mail, "Message-ID"));
        // Requests are applied in parallel batches, so the email is caused by whichever request came first.
        assertThat(notified.event().envelope().causationId()).isIn(sent.id(), askedAgain.id());

        Notification row = await().atMost(WAIT).until(() -> find(NoticeKind.ANNOUNCEMENT), r -> r.isPresent()
                && r.get().requests == 2).orElseThrow();
        assertThat(row.state).isEqualTo(State.SENT);
        Notification reminder = find(NoticeKind.REMINDER).orElseThrow();
        assertThat(reminder.state).isEqualTo(State.SCHEDULED);
        assertThat(reminder.dueAt).isEqualTo(cutover.minus(24, ChronoUnit.HOURS));
        await().during(Duration.ofSeconds(1)).atMost(WAIT).until(() -> Smtp.messagesOf(migrationId).size() == 1);
        assertThat(results.count(migrationId, CustomerNotified.class)).isEqualTo(1);
    }

    @Test
    @DisplayName("German, French and English customers read their own language; an unknown or missing language "
            + "gets English")
    void everyLanguage() {
        Instant cutover = Instant.parse("2031-06-03T07:30:00Z");
        record Case(String language, String zone, String subject) {
        }
        List<Case> cases = List.of(
                new Case("de", "Europe/Berlin", "Der Umzug von nordlys.example hat begonnen"),
                new Case("fr-BE", "Europe/Brussels", "La migration de nordlys.example a commencé"),
                new Case("en", "Europe/London", "The move of nordlys.example has started"),
                new Case("sv", "Europe/Stockholm", "The move of nordlys.example has started"),
                new Case(null, "America/New_York", "The move of nordlys.example has started"));
        List<UUID> ids = cases.stream().map(c -> {
            UUID id = UUID.randomUUID();
            planner.send(Service.PLANNER, id, null, notice(NoticeKind.STARTED, "Kunde", "kunde@example.com",
                    c.language(), c.zone(), cutover));
            return id;
        }).toList();
        for (int i = 0; i < cases.size(); i++) {
            MimeMessage mail = awaitOne(ids.get(i));
            assertThat(Smtp.subject(mail)).isEqualTo(cases.get(i).subject());
        }
        migrationId = ids.get(3);
        await().atMost(WAIT).until(() -> find(NoticeKind.STARTED).map(r -> r.state == State.SENT).orElse(false));
        assertThat(find(NoticeKind.STARTED).orElseThrow().detail).contains("language 'sv' has no letters");
    }

    @Test
    @DisplayName("an announcement's reminder goes out at its time before the appointment, in the customer's zone")
    void reminderFires() {
        Instant cutover = Instant.now().plus(24, ChronoUnit.HOURS).plusSeconds(3).truncatedTo(ChronoUnit.SECONDS);
        planner.send(Service.PLANNER, migrationId, null, new MigrationScheduled(UUID.randomUUID(), "K-1002", cutover));
        planner.send(Service.PLANNER, migrationId, null, notice(NoticeKind.ANNOUNCEMENT, "Bergwerk GmbH",
                "info@bergwerk.example", "de", "Europe/Berlin", cutover));

        await().atMost(WAIT).until(() -> Smtp.messagesOf(migrationId).size() == 2);
        MimeMessage reminder = Smtp.messagesOf(migrationId).stream()
                .filter(m -> "REMINDER".equals(Smtp.header(m, "X-Hostmove-Notice"))).findFirst().orElseThrow();
        String berlin = java.time.format.DateTimeFormatter.ofPattern("HH:mm")
                .withZone(java.time.ZoneId.of("Europe/Berlin")).format(cutover);
        assertThat(Smtp.subject(reminder)).startsWith("Erinnerung: Umzug von nordlys.example am ").endsWith(berlin);
        Notification row = await().atMost(WAIT).until(() -> find(NoticeKind.REMINDER).orElseThrow(),
                r -> r.state == State.SENT);
        assertThat(row.sentAt).isAfterOrEqualTo(cutover.minus(24, ChronoUnit.HOURS));
    }

    @Test
    @DisplayName("a rescheduled appointment moves the reminder; a cancelled migration gets none, and no reminder "
            + "follows the start of the cut-over")
    void reminderMovesAndIsCancelled() {
        Instant first = Instant.now().plus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        Instant second = first.plus(2, ChronoUnit.DAYS);
        planner.send(Service.PLANNER, migrationId, null, notice(NoticeKind.ANNOUNCEMENT, "Nordlys", "post@nordlys.example",
                "nb", "Europe/Oslo", first));
        await().atMost(WAIT).until(() -> find(NoticeKind.REMINDER, first).isPresent());

        planner.send(Service.PLANNER, migrationId, null, new MigrationRescheduled(first, second));
        await().atMost(WAIT).until(() -> find(NoticeKind.REMINDER, second).map(r -> r.state == State.SCHEDULED)
                .orElse(false));
        assertThat(find(NoticeKind.REMINDER, second).orElseThrow().dueAt).isEqualTo(second.minus(24, ChronoUnit.HOURS));
        assertThat(find(NoticeKind.REMINDER, first).orElseThrow().state).isEqualTo(State.CANCELLED);

        planner.send(Service.PLANNER, migrationId, null, new MigrationCancelled("customer asked to wait"));
        await().atMost(WAIT).until(() -> find(NoticeKind.REMINDER, second).map(r -> r.state == State.CANCELLED)
                .orElse(false));
        assertThat(find(NoticeKind.REMINDER, second).orElseThrow().detail).contains("cancelled");

        UUID other = UUID.randomUUID();
        Instant soon = Instant.now().plus(24, ChronoUnit.HOURS).plusSeconds(4).truncatedTo(ChronoUnit.SECONDS);
        planner.send(Service.PLANNER, other, null, new MigrationScheduled(UUID.randomUUID(), "K-1001", soon));
        planner.send(Service.PLANNER, other, null, notice(NoticeKind.ANNOUNCEMENT, "Nordlys", "post@nordlys.example",
                "nb", "Europe/Oslo", soon));
        planner.send(Service.PLANNER, other, null, new MigrationAdvanced("AWAITING_CUTOVER", "CUTOVER"));
        migrationId = other;
        // The announcement arrives and stays alone for 6 s, past the reminder's time (4 s).
        await().during(Duration.ofSeconds(6)).atMost(WAIT).until(() -> Smtp.messagesOf(other).size() == 1);
        assertThat(find(NoticeKind.REMINDER).map(r -> r.state).orElse(State.CANCELLED)).isEqualTo(State.CANCELLED);
        assertThat(Smtp.header(Smtp.messagesOf(other).get(0), "X-Hostmove-Notice")).isEqualTo("ANNOUNCEMENT");
    }

    @Test
    @DisplayName("while the SMTP server is down the email waits and is retried; it arrives once when it is back")
    void smtpDownThenUp() {
        Smtp.stopServer();
        try {
            planner.send(Service.PLANNER, migrationId, null, notice(NoticeKind.DONE, "Nordlys", "post@nordlys.example",
                    "nb", "Europe/Oslo", Instant.parse("2031-01-10T09:00:00Z")));
            await().atMost(WAIT).until(() -> find(NoticeKind.DONE).map(r -> r.state == State.PENDING && r.attempts >= 1)
                    .orElse(false));
            assertThat(find(NoticeKind.DONE).orElseThrow().detail).contains("could not be reached");
        } finally {
            Smtp.startServer();
        }
        MimeMessage mail = awaitOne(migrationId);
        assertThat(Smtp.subject(mail)).isEqualTo("nordlys.example kjører nå på vår nye plattform");
        assertThat(Smtp.text(mail)).contains("/home/nordlys/public_html/wp-config.php").contains("24 timer");
        results.await(migrationId, CustomerNotified.class);
        Notification row = find(NoticeKind.DONE).orElseThrow();
        assertThat(row.state).isEqualTo(State.SENT);
        assertThat(row.attempts).isGreaterThanOrEqualTo(2);
        await().during(Duration.ofSeconds(1)).atMost(WAIT).until(() -> Smtp.messagesOf(migrationId).size() == 1);
    }

    @Test
    @DisplayName("a bad or missing address is recorded and reported; the other emails of the batch still go out")
    void badAddress() {
        UUID missing = UUID.randomUUID();
        UUID good = UUID.randomUUID();
        Instant at = Instant.parse("2031-02-01T10:00:00Z");
        planner.send(Service.PLANNER, migrationId, null, notice(NoticeKind.ANNOUNCEMENT, "Nordlys", "post@@nordlys",
                "nb", "Europe/Oslo", at));
        planner.send(Service.PLANNER, missing, null, notice(NoticeKind.ANNOUNCEMENT, "Nordlys", null, "nb",
                "Europe/Oslo", at));
        planner.send(Service.PLANNER, good, null, notice(NoticeKind.ANNOUNCEMENT, "Nordlys", "post@nordlys.example",
                "nb", "Europe/Oslo", at));

        var failed = results.await(migrationId, CustomerNotificationFailed.class);
        assertThat(failed.payload(CustomerNotificationFailed.class).reason())
                .contains("'post@@nordlys' is not a valid address").contains("correct it in the planner's inventory");
        assertThat(results.await(missing, CustomerNotificationFailed.class).payload(CustomerNotificationFailed.class)
                .reason()).contains("has no email address");
        awaitOne(good);
        assertThat(Smtp.messagesOf(migrationId)).isEmpty();
        assertThat(find(NoticeKind.ANNOUNCEMENT).orElseThrow().state).isEqualTo(State.FAILED);
        given().get("/migrations/{id}/notifications", migrationId).then().statusCode(200)
                .body("notifications[0].state", equalTo("FAILED"))
                .body("notifications[0].detail", containsString("not a valid address"));
    }

    @Test
    @DisplayName("an email interrupted between hand-over and record is never sent twice; its state is UNCERTAIN "
            + "and reported")
    void crashBetweenSendAndRecord() throws Exception {
        Instant at = Instant.parse("2031-03-01T08:00:00Z");
        CustomerNoticeRequested started = notice(NoticeKind.STARTED, "Nordlys", "post@nordlys.example", "nb",
                "Europe/Oslo", at);
        String messageId = "<" + UUID.randomUUID() + "@hostmove.example>";
        UUID requestId = UUID.randomUUID();
        // What a process that crashed right after the SMTP server took the email leaves behind.
        handOver(messageId, migrationId);
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("""
                        insert into notification (id, migration_id, kind, recipient, appointment, cause_event_id, notice,
                            state, due_at, attempts, message_id, claimed_by, claimed_at, handed_at, requests, created_at,
                            updated_at)
                        values (?1, ?2, 'STARTED', 'post@nordlys.example', ?3, ?4, ?5, 'SENDING', now(), 1, ?6, ?7,
                                now() - interval '1 minute', now() - interval '1 minute', 1, now(), now())""")
                .setParameter(1, UUID.randomUUID()).setParameter(2, migrationId).setParameter(3, at)
                .setParameter(4, requestId).setParameter(5, CloudEventCodec.toJson(started))
                .setParameter(6, messageId).setParameter(7, UUID.randomUUID()).executeUpdate());

        var failed = results.await(migrationId, CustomerNotificationFailed.class);
        assertThat(failed.payload(CustomerNotificationFailed.class).reason()).startsWith("delivery uncertain")
                .contains(messageId);
        assertThat(find(NoticeKind.STARTED).orElseThrow().state).isEqualTo(State.UNCERTAIN);

        planner.send(Service.PLANNER, migrationId, null, started);
        await().atMost(WAIT).until(() -> find(NoticeKind.STARTED).map(r -> r.requests == 2).orElse(false));
        await().during(Duration.ofSeconds(2)).atMost(WAIT).until(() -> Smtp.messagesOf(migrationId).size() == 1);
        given().get("/migrations/{id}/notifications", migrationId).then().statusCode(200)
                .body("notifications[0].state", equalTo("UNCERTAIN"))
                .body("notifications[0].detail", containsString("not sent again"));
    }

    @Test
    @DisplayName("an email claimed by a process that crashed before handing it over goes out after all, once")
    void crashBetweenClaimAndHandOver() {
        Instant at = Instant.parse("2031-03-01T08:00:00Z");
        CustomerNoticeRequested started = notice(NoticeKind.STARTED, "Nordlys", "post@nordlys.example", "nb",
                "Europe/Oslo", at);
        // What a process that crashed after claiming a batch, before this email's turn to be handed over, leaves.
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("""
                        insert into notification (id, migration_id, kind, recipient, appointment, cause_event_id, notice,
                            state, due_at, attempts, message_id, claimed_by, claimed_at, requests, created_at, updated_at)
                        values (?1, ?2, 'STARTED', 'post@nordlys.example', ?3, ?4, ?5, 'SENDING', now(), 1, ?6, ?7,
                                now() - interval '1 minute', 1, now(), now())""")
                .setParameter(1, UUID.randomUUID()).setParameter(2, migrationId).setParameter(3, at)
                .setParameter(4, UUID.randomUUID()).setParameter(5, CloudEventCodec.toJson(started))
                .setParameter(6, "<" + UUID.randomUUID() + "@hostmove.example>").setParameter(7, UUID.randomUUID())
                .executeUpdate());

        MimeMessage mail = awaitOne(migrationId);
        assertThat(Smtp.subject(mail)).isEqualTo("Flyttingen av nordlys.example har startet");
        results.await(migrationId, CustomerNotified.class);
        Notification row = find(NoticeKind.STARTED).orElseThrow();
        assertThat(row.state).isEqualTo(State.SENT);
        assertThat(row.attempts).isOne();
        await().during(Duration.ofSeconds(2)).atMost(WAIT).until(() -> Smtp.messagesOf(migrationId).size() == 1);
        assertThat(results.count(migrationId, CustomerNotificationFailed.class)).isZero();
    }

    @Test
    @DisplayName("a stored email whose letter cannot be written fails clearly and is reported, and the next one goes")
    void letterThatCannotBeWritten() {
        CustomerNoticeRequested noAppointment = notice(NoticeKind.PAUSED, "Nordlys", "post@nordlys.example", "nb",
                "Europe/Oslo", null);
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("""
                        insert into notification (id, migration_id, kind, recipient, appointment, notice, state, due_at,
                            attempts, requests, created_at, updated_at)
                        values (?1, ?2, 'PAUSED', 'post@nordlys.example', now(), ?3, 'PENDING', now(), 0, 1, now(),
                                now())""")
                .setParameter(1, UUID.randomUUID()).setParameter(2, migrationId)
                .setParameter(3, CloudEventCodec.toJson(noAppointment)).executeUpdate());
        var failed = results.await(migrationId, CustomerNotificationFailed.class);
        assertThat(failed.payload(CustomerNotificationFailed.class).reason()).contains("PAUSED letter")
                .contains("no appointment");
        assertThat(Smtp.messagesOf(migrationId)).isEmpty();
        planner.send(Service.PLANNER, migrationId, null, notice(NoticeKind.PAUSED, "Nordlys", "post@nordlys.example",
                "nb", "Europe/Oslo", Instant.parse("2031-03-01T08:00:00Z")));
        assertThat(Smtp.subject(awaitOne(migrationId))).isEqualTo("Flyttingen av nordlys.example er forsinket");
    }

    @Test
    @DisplayName("a lifecycle event for a migration the service never heard of is recorded as not applied")
    void unknownMigration() {
        planner.send(Service.PLANNER, migrationId, null, new MigrationCancelled("operator"));
        await().atMost(WAIT).untilAsserted(() -> given().get("/migrations/{id}/notifications", migrationId).then()
                .statusCode(200)
                .body("ignoredEvents[0].eventType", equalTo("io.hostmove.MigrationCancelled"))
                .body("ignoredEvents[0].reason", containsString("is unknown here")));
        given().get("/migrations/{id}/notifications", UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    @DisplayName("operators preview any letter of a known migration in any language, or from posted data, and "
            + "bad parameters are named")
    void previews() {
        planner.send(Service.PLANNER, migrationId, null, notice(NoticeKind.ACTION_REQUIRED, "Nordlys",
                "post@nordlys.example", "nb", "Europe/Oslo", Instant.parse("2031-04-01T08:00:00Z")));
        awaitOne(migrationId);
        given().get("/migrations/{id}/preview/DONE?language=de", migrationId).then().statusCode(200)
                .body("language", equalTo("de"))
                .body("subject", equalTo("nordlys.example läuft jetzt auf unserer neuen Plattform"))
                .body("text", containsString("24 Stunden"));
        given().get("/migrations/{id}/preview/action_required?format=html", migrationId).then().statusCode(200)
                .contentType("text/html").body(containsString("198.51.100.20"));
        given().get("/migrations/{id}/preview/DONE?language=sv", migrationId).then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("language"));
        given().get("/migrations/{id}/preview/LUNCH", migrationId).then().statusCode(400)
                .body("errors.field", hasItem("kind"));
        given().get("/migrations/{id}/preview/DONE", UUID.randomUUID()).then().statusCode(404);
        given().contentType("application/json")
                .body(CloudEventCodec.toJson(notice(NoticeKind.ANNOUNCEMENT, "Maison Soleil", "contact@soleil.example",
                        "fr", "Europe/Paris", Instant.parse("2031-05-06T07:00:00Z"))))
                .post("/preview/ANNOUNCEMENT").then().statusCode(200)
                .body("subject", equalTo("Migration de nordlys.example vers notre nouvelle plateforme le 6 mai 2031"))
                .body("text", containsString("mardi 6 mai 2031 à 09:00 (Europe/Paris)"));
        given().contentType("application/json").body("{\"recipient\": {\"language\": \"fr\"}}")
                .post("/preview/ANNOUNCEMENT").then().statusCode(400).body("errors.field", hasItem("cutoverAt"));
        assertThat(Smtp.messagesOf(migrationId)).hasSize(1);
    }

    private MimeMessage awaitOne(UUID migration) {
        await().atMost(WAIT).until(() -> !Smtp.messagesOf(migration).isEmpty());
        List<MimeMessage> received = Smtp.messagesOf(migration);
        assertThat(received).hasSize(1);
        return received.get(0);
    }

    private Optional<Notification> find(NoticeKind kind) {
        return QuarkusTransaction.requiringNew().call(() -> Notification.<Notification>find(
                "migrationId = ?1 and kind = ?2", migrationId, kind).firstResultOptional());
    }

    private Optional<Notification> find(NoticeKind kind, Instant appointment) {
        return QuarkusTransaction.requiringNew().call(() -> Notification.<Notification>find(
                "migrationId = ?1 and kind = ?2 and appointment = ?3", migrationId, kind, appointment)
                .firstResultOptional());
    }

    /** Sends an email straight to the SMTP server, as the service does, and as the crashed process had done. */
    private static void handOver(String messageId, UUID migration) throws Exception {
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", Integer.toString(Smtp.port()));
        MimeMessage message = new MimeMessage(Session.getInstance(props)) {
            @Override
            protected void updateMessageID() throws jakarta.mail.MessagingException {
                setHeader("Message-ID", messageId);
            }
        };
        message.setFrom(new InternetAddress("flytting@hostmove.example"));
        message.setRecipients(Message.RecipientType.TO, "post@nordlys.example");
        message.setSubject("Flyttingen av nordlys.example har startet", "UTF-8");
        message.setText("Vi har startet flyttingen.", "UTF-8");
        message.setHeader("X-Hostmove-Migration", migration.toString());
        Transport.send(message);
    }
}
