package io.hostmove.notification;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A real SMTP server (GreenMail) on loopback for the tests; the service's mailer is pointed at it. */
public class Smtp implements QuarkusTestResourceLifecycleManager {

    private static volatile GreenMail server;
    private static volatile ServerSetup setup;

    @Override
    public Map<String, String> start() {
        setup = new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
        startServer();
        return Map.of("quarkus.mailer.host", "127.0.0.1", "quarkus.mailer.port", Integer.toString(setup.getPort()));
    }

    @Override
    public void stop() {
        stopServer();
    }

    /** Takes the SMTP server away, as an outage would. */
    public static synchronized void stopServer() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    /** Brings it back on the same port, with an empty mailbox. */
    public static synchronized void startServer() {
        server = new GreenMail(setup);
        server.start();
    }

    /** How many messages the server received since it (re)started. */
    public static int receivedCount() {
        GreenMail current = server;
        return current == null ? 0 : current.getReceivedMessages().length;
    }

    public static int port() {
        return setup.getPort();
    }

    /** Every message received so far that belongs to {@code migrationId}. */
    public static List<MimeMessage> messagesOf(UUID migrationId) {
        GreenMail current = server;
        if (current == null) {
            return List.of();
        }
        return Arrays.stream(current.getReceivedMessages())
                .filter(m -> migrationId.toString().equals(header(m, "X-Hostmove-Migration")))
                .toList();
    }

    public static String header(MimeMessage message, String name) {
        try {
            String[] values = message.getHeader(name);
            return values == null ? null : values[0];
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The text/plain part, decoded. */
    public static String text(MimeMessage message) {
        return part(message, "text/plain");
    }

    /** The text/html part, decoded. */
    public static String html(MimeMessage message) {
        return part(message, "text/html");
    }

    private static String part(MimeMessage message, String type) {
        try {
            Object content = message.getContent();
            if (content instanceof Multipart multipart) {
                for (int i = 0; i < multipart.getCount(); i++) {
                    BodyPart part = multipart.getBodyPart(i);
                    if (part.isMimeType(type)) {
                        return (String) part.getContent();
                    }
                }
                throw new AssertionError("no " + type + " part in " + message.getContentType());
            }
            return (String) content;
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
