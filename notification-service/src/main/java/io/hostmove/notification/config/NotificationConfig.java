package io.hostmove.notification.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** Who the emails come from, how they are delivered and when reminders go out. */
@ConfigMapping(prefix = "hostmove.notification")
public interface NotificationConfig {

    /** The From address of every email, with a display name, e.g. {@code Hostmove <migrering@hostmove.example>}. */
    String sender();

    /** Where customers' replies go (customer service), e.g. {@code support@hostmove.example}. */
    String replyTo();

    /** The provider's name as the emails sign off with it. */
    @WithDefault("Hostmove")
    String providerName();

    /** The support contact the emails name. */
    Contact contact();

    /** How long before the appointment the reminder goes out. */
    @WithDefault("24h")
    Duration reminderLead();

    /** How long after the move customers can report errors caused by it (named in the DONE email). */
    @WithDefault("24h")
    Duration errorReportWindow();

    /** SMTP delivery. */
    Delivery delivery();

    interface Contact {

        /** The support email address named in every email. */
        String email();

        /** The support phone number named in every email, if any. */
        Optional<String> phone();
    }

    interface Delivery {

        /**
         * Emails a worker claims (records as SENDING) in one transaction before handing them over one by one; a crash
         * can leave up to this many per worker UNCERTAIN, so keep it small.
         */
        @WithDefault("10")
        int batchSize();

        /** Threads that hand emails to the SMTP server at once. */
        @WithDefault("2")
        int workers();

        /** Most emails handed to the SMTP server per second, across all workers (0 = no limit). */
        @WithDefault("20")
        double ratePerSecond();

        /** How often the workers look for due emails when nothing woke them. */
        @WithDefault("1s")
        Duration pollInterval();

        /** Wait before the first retry of a temporary SMTP failure; doubles with every further attempt. */
        @WithDefault("30s")
        Duration initialBackoff();

        /** Longest wait between two retries. */
        @WithDefault("30m")
        Duration maxBackoff();

        /** Attempts after which a temporary failure counts as permanent. */
        @WithDefault("12")
        int maxAttempts();

        /**
         * An email another process was handing to the SMTP server for longer than this is taken as interrupted
         * by a crash; it is then marked UNCERTAIN and not sent again.
         */
        @WithDefault("5m")
        Duration uncertainAfter();

        /**
         * Longest wait for the SMTP server's answers to one email; past it the email counts as handed over without an
         * answer (UNCERTAIN, not sent again). Keep it under uncertain-after, so no other instance takes it for a crash.
         */
        @WithDefault("4m")
        Duration answerTimeout();

        /** How often emails interrupted by a crash of another process are looked for. */
        @WithDefault("30s")
        Duration sweepInterval();
    }
}
