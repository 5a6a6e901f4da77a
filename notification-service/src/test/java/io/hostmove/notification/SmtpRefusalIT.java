package io.hostmove.notification;

import io.hostmove.events.NoticeKind;
import io.hostmove.events.NotificationResult.CustomerNotificationFailed;
import io.hostmove.events.NotificationResult.CustomerNotified;
import io.hostmove.events.Service;
import io.hostmove.events.Topics;
import io.hostmove.events.testing.EventSender;
import io.hostmove.events.testing.EventTap;
import io.hostmove.notification.persistence.Notification;
import io.hostmove.notification.persistence.Notification.State;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.server.SMTPServer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.hostmove.notification.TestNotices.notice;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * A real mail server that refuses an address for good (550), or takes a message and never answers: GreenMail accepts
 * every address at once, so a SubEthaSMTP server takes its place on the mailer's port for these tests.
 */
@QuarkusTest
@TestProfile(SmtpRefusalIT.OwnMailer.class)
class SmtpRefusalIT {

    /** A service of its own, with a mailer that never talked to an earlier test's GreenMail. */
    public static class OwnMailer implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hostmove.notification.delivery.answer-timeout", "2s");
        }
    }

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String REFUSED = "nobody@refused.example";
    /** The server takes this one's message and then never answers. */
    private static final String SILENT = "someone@silent.example";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private final Map<String, AtomicInteger> recipientAttempts = new ConcurrentHashMap<>();
    private final List<MimeMessage> accepted = new CopyOnWriteArrayList<>();
    private final CountDownLatch answer = new CountDownLatch(1);
    private SMTPServer server;
    private EventSender planner;
    private EventTap results;

    @BeforeEach
    void takeOverTheMailersPort() throws Exception {
        Smtp.stopServer();
        server = SMTPServer.port(Smtp.port()).bindAddress(InetAddress.getByName("127.0.0.1"))
                .messageHandlerFactory(this::handler).build();
        server.start();
        planner = new EventSender(bootstrap);
        results = EventTap.from(bootstrap, Topics.NOTIFICATION_RESULTS);
    }

    @AfterEach
    void giveItBack() {
        planner.close();
        results.close();
        answer.countDown();
        server.stop();
        Smtp.startServer();
    }

    @Test
    @DisplayName("an address the server refuses (550) is tried once, recorded FAILED with the server's answer and "
            + "reported to the operator")
    void refusedAddress() {
        UUID migration = UUID.randomUUID();
        CustomerNotificationFailed failed = failure(migration, NoticeKind.ANNOUNCEMENT, REFUSED);
        assertThat(failed.kind()).isEqualTo(NoticeKind.ANNOUNCEMENT);
        assertThat(failed.reason()).contains("550").contains("Recipient address rejected");
        // Retrying cannot help: the address is not tried again, and nothing arrives.
        await().during(Duration.ofSeconds(2)).atMost(WAIT)
                .until(() -> recipientAttempts.get(REFUSED).get() == 1 && acceptedFor(migration).isEmpty());
        assertTriedOnce(migration, NoticeKind.ANNOUNCEMENT, State.FAILED);
        given().get("/migrations/{id}/notifications", migration).then().statusCode(200)
                .body("notifications.find { it.kind == 'ANNOUNCEMENT' }.state", equalTo("FAILED"))
                .body("notifications.find { it.kind == 'ANNOUNCEMENT' }.detail", containsString("550"));
        assertThat(results.count(migration, CustomerNotified.class)).isZero();
    }

    @Test
    @DisplayName("a server that takes an email and then never answers holds no worker: past the answer timeout the "
            + "email is UNCERTAIN and reported, never sent again, and the next email goes out")
    void serverThatNeverAnswers() {
        UUID silent = UUID.randomUUID();
        CustomerNotificationFailed failed = failure(silent, NoticeKind.STARTED, SILENT);
        assertThat(failed.reason()).startsWith("delivery uncertain").contains("did not answer in time")
                .contains("no answer in 2 s");
        assertTriedOnce(silent, NoticeKind.STARTED, State.UNCERTAIN);

        UUID next = UUID.randomUUID();
        planner.send(Service.PLANNER, next, null, notice(NoticeKind.STARTED, "Nordlys", "post@nordlys.example", "nb",
                "Europe/Oslo", Instant.parse("2031-03-01T10:00:00Z")));
        await().atMost(WAIT).until(() -> acceptedFor(next).size() == 1);
        await().during(Duration.ofSeconds(2)).atMost(WAIT).until(() -> recipientAttempts.get(SILENT).get() == 1);
    }

    /** Asks for a notice to {@code recipient}, in English, and waits for the failure it is reported with. */
    private CustomerNotificationFailed failure(UUID migration, NoticeKind kind, String recipient) {
        planner.send(Service.PLANNER, migration, null, notice(kind, "Someone", recipient, "en", "Europe/London",
                Instant.parse("2031-03-01T10:00:00Z")));
        return results.await(migration, CustomerNotificationFailed.class).payload(CustomerNotificationFailed.class);
    }

    /** What the server accepted for {@code migration} (other tests' emails may still be on their way). */
    private List<MimeMessage> acceptedFor(UUID migration) {
        return accepted.stream().filter(m -> migration.toString().equals(Smtp.header(m, "X-Hostmove-Migration")))
                .toList();
    }

    private void assertTriedOnce(UUID migration, NoticeKind kind, State state) {
        Notification row = QuarkusTransaction.requiringNew().call(() -> Notification.<Notification>find(
                "migrationId = ?1 and kind = ?2", migration, kind).singleResult());
        assertThat(row.state).isEqualTo(state);
        assertThat(row.attempts).isEqualTo(1);
    }

    /** Refuses {@link #REFUSED} for good, never answers a message for {@link #SILENT}, keeps every one it accepts. */
    private MessageHandler handler(MessageContext context) {
        return new MessageHandler() {
            /** This message is for {@link #SILENT}: it is taken and never answered. */
            private boolean silent;

            @Override
            public void from(String from) {
                // Any sender will do.
            }

            @Override
            public void recipient(String recipient) throws RejectException {
                recipientAttempts.computeIfAbsent(recipient, r -> new AtomicInteger()).incrementAndGet();
                silent |= SILENT.equals(recipient);
                if (REFUSED.equals(recipient)) {
                    throw new RejectException(550, "5.1.1 <" + recipient + ">: Recipient address rejected: "
                            + "User unknown in virtual mailbox table");
                }
            }

            @Override
            public String data(InputStream data) throws IOException {
                if (silent) {
                    try {
                        answer.await(1, TimeUnit.MINUTES);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                try {
                    accepted.add(new MimeMessage(Session.getInstance(new Properties()),
                            new ByteArrayInputStream(data.readAllBytes())));
                } catch (jakarta.mail.MessagingException e) {
                    throw new IOException(e);
                }
                return null;
            }

            @Override
            public void done() {
                // Nothing to release.
            }
        };
    }
}
