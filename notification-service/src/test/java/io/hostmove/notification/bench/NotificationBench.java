package io.hostmove.notification.bench;

import io.hostmove.events.CloudEventCodec;
import io.hostmove.events.EventCatalog;
import io.hostmove.events.EventEnvelope;
import io.hostmove.events.NoticeKind;
import io.hostmove.events.NotificationRequest.CustomerNoticeRequested;
import io.hostmove.events.Service;
import io.hostmove.events.model.ConfigRewrite;
import io.hostmove.events.model.DnsRecordChange;
import io.hostmove.events.model.Recipient;
import io.hostmove.notification.Letter;
import io.hostmove.notification.Letters;
import io.hostmove.notification.Smtp;
import io.hostmove.notification.config.NotificationConfig;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The same notices delivered two ways in one run, to the same local SMTP server: through Kafka and the service
 * (processed-event record, ledger row, intent, send, mark, outbox event for each), and by a plain Jakarta Mail loop
 * that renders and sends them over one connection with no bookkeeping. Run by bench/notification/run.sh.
 */
@QuarkusTest
@TestProfile(BenchProfile.class)
@QuarkusTestResource(Smtp.class)
class NotificationBench {

    private static final NoticeKind[] KINDS = {NoticeKind.ANNOUNCEMENT, NoticeKind.STARTED, NoticeKind.DONE,
            NoticeKind.ACTION_REQUIRED};
    private static final String[][] CUSTOMERS = {{"nb", "Europe/Oslo"}, {"de", "Europe/Berlin"},
            {"fr", "Europe/Paris"}, {"en", "Europe/London"}};

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    EntityManager entityManager;

    @Inject
    Letters letters;

    @Inject
    NotificationConfig config;

    @Test
    void serviceAgainstPlainLoop() throws Exception {
        int count = Integer.getInteger("bench.emails", 10_000);
        int rounds = Integer.getInteger("bench.rounds", 3);
        // A long-running service runs compiled code: both sides warm up on half a run first.
        int warmup = count / 2;
        String run = UUID.randomUUID().toString().substring(0, 8);

        throughService("warm-" + run, warmup);
        plainLoop("warm-" + run, warmup);

        StringBuilder table = new StringBuilder();
        List<Double> ratios = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            // Whichever goes second meets a JVM the first has warmed further: alternate.
            boolean serviceFirst = round % 2 == 1;
            double service = 0;
            double plain = 0;
            for (boolean serviceTurn : serviceFirst ? new boolean[] {true, false} : new boolean[] {false, true}) {
                Smtp.stopServer();
                Smtp.startServer();
                String tag = run + "r" + round;
                if (serviceTurn) {
                    service = throughService(tag, count);
                } else {
                    plain = plainLoop(tag, count);
                }
                assertThat(Smtp.receivedCount()).as("emails the SMTP server received").isEqualTo(count);
            }
            ratios.add(plain / service);
            table.append(String.format(java.util.Locale.ROOT, "| %d | %s | %.0f | %.0f | %.2f |%n", round,
                    serviceFirst ? "service first" : "plain loop first", service, plain, plain / service));
        }
        List<Double> sorted = ratios.stream().sorted().toList();
        double median = sorted.get(sorted.size() / 2);
        String result = String.format(java.util.Locale.ROOT, """
                emails=%d workers=%d batch=%d rounds=%d
                | round | order | service (emails/s) | plain Jakarta Mail loop (emails/s) | ratio plain/service |
                |---:|---|---:|---:|---:|
                %s
                median ratio plain/service: %.2f (goal: at most 1.50)
                """, count, config.delivery().workers(), config.delivery().batchSize(), rounds,
                table.toString().strip(), median);
        System.out.println("\n=== notification benchmark ===\n" + result);
        Path out = Path.of(System.getProperty("bench.out", "target/notification-bench.txt"));
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, result);
    }

    /**
     * Publishes {@code count} notices as the planner does and waits until every email is sent and every result event
     * relayed to Kafka; emails per second.
     */
    private double throughService(String run, int count) {
        List<ProducerRecord<String, String>> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            CustomerNoticeRequested notice = notice(run, i);
            EventEnvelope envelope = EventEnvelope.create(Service.PLANNER, UUID.randomUUID(), null, notice);
            records.add(new ProducerRecord<>(EventCatalog.topicOf(notice.getClass()), null, envelope.key(),
                    CloudEventCodec.toJson(notice), CloudEventCodec.toHeaders(envelope)));
        }
        long start = System.nanoTime();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5))) {
            records.forEach(producer::send);
        }
        await().atMost(Duration.ofMinutes(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> sent(run) == count && unrelayed() == 0);
        return count / ((System.nanoTime() - start) / 1e9);
    }

    /** Renders and sends the same notices over one SMTP connection, with nothing recorded; emails per second. */
    private double plainLoop(String run, int count) throws Exception {
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", Integer.toString(Smtp.port()));
        Session session = Session.getInstance(props);
        long start = System.nanoTime();
        try (Transport transport = session.getTransport("smtp")) {
            transport.connect();
            for (int i = 0; i < count; i++) {
                CustomerNoticeRequested notice = notice(run, i);
                Letter letter = letters.write(notice.kind(), notice, null);
                MimeMessage message = new MimeMessage(session);
                message.setFrom(new InternetAddress(config.sender()));
                message.setReplyTo(InternetAddress.parse(config.replyTo()));
                message.setRecipients(Message.RecipientType.TO, notice.recipient().email());
                message.setSubject(letter.subject(), "UTF-8");
                MimeBodyPart text = new MimeBodyPart();
                text.setText(letter.text(), "UTF-8");
                MimeBodyPart html = new MimeBodyPart();
                html.setContent(letter.html(), "text/html; charset=UTF-8");
                MimeMultipart alternative = new MimeMultipart("alternative");
                alternative.addBodyPart(text);
                alternative.addBodyPart(html);
                message.setContent(alternative);
                message.setHeader("Content-Language", letter.language().tag());
                message.saveChanges();
                transport.sendMessage(message, message.getAllRecipients());
            }
        }
        return count / ((System.nanoTime() - start) / 1e9);
    }

    private long sent(String run) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery(
                        "select count(*) from notification where state = 'SENT' and recipient like ?1")
                .setParameter(1, "bench-" + run + "-%").getSingleResult()).longValue());
    }

    /** Result events (CustomerNotified) still waiting in the outbox for the relay. */
    private long unrelayed() {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery(
                "select count(*) from outbox_message where sent_at is null").getSingleResult()).longValue());
    }

    private static CustomerNoticeRequested notice(String run, int i) {
        NoticeKind kind = KINDS[i % KINDS.length];
        String[] customer = CUSTOMERS[(i / KINDS.length) % CUSTOMERS.length];
        return new CustomerNoticeRequested(kind,
                new Recipient("Kunde " + i, "bench-" + run + "-" + i + "@customers.example", customer[0], customer[1]),
                Instant.parse("2031-09-01T07:00:00Z").plusSeconds(3600L * (i % 200)), 3,
                List.of("site" + i + ".example", "www.site" + i + ".example"),
                kind == NoticeKind.ACTION_REQUIRED ? List.of(new DnsRecordChange("site" + i + ".example",
                        "site" + i + ".example.", "A", 3600, "192.0.2.10", "198.51.100.20")) : List.of(),
                kind == NoticeKind.DONE ? List.of(new ConfigRewrite("/home/site" + i + "/public_html/wp-config.php", 32,
                        "define('DB_HOST', '192.0.2.10');", "define('DB_HOST', 'localhost');")) : List.of());
    }
}
