package io.hostmove.notification;

import io.vertx.ext.mail.SMTPException;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

class SmtpFailureTest {

    @Test
    void aRefusedAddressIsPermanent() {
        SmtpFailure failure = SmtpFailure.of(new CompletionException(new SMTPException("RCPT TO", 550,
                List.of("550 5.1.1 <nobody@nordlys.example>: Recipient address rejected"), false)));
        assertThat(failure.permanent()).isTrue();
        assertThat(failure.reason()).isEqualTo("the SMTP server answered 550 5.1.1 <nobody@nordlys.example>: "
                + "Recipient address rejected");
    }

    @Test
    void aBusyServerIsTemporary() {
        SmtpFailure failure = SmtpFailure.of(new CompletionException(new SMTPException("MAIL FROM", 451,
                List.of("451 4.3.0 try again later"), false)));
        assertThat(failure.permanent()).isFalse();
    }

    @Test
    void onlyAServerClosingTheChannelIsAskedAgainAtOnce() {
        assertThat(SmtpFailure.closingChannel(new CompletionException(new SMTPException("MAIL FROM", 421,
                List.of("421 Service shutting down and closing transmission channel (socket timeout)"), false))))
                .isTrue();
        assertThat(SmtpFailure.closingChannel(new SMTPException("MAIL FROM", 451, List.of("451 4.3.0 later"), false)))
                .isFalse();
        assertThat(SmtpFailure.closingChannel(new RuntimeException(new TimeoutException("no answer"))))
                .as("no answer: it may have been delivered").isFalse();
    }

    @Test
    void anUnreachableServerIsTemporary() {
        SmtpFailure failure = SmtpFailure.of(new RuntimeException(new ConnectException("Connection refused")));
        assertThat(failure.permanent()).isFalse();
        assertThat(failure.uncertain()).isFalse();
        assertThat(failure.reason()).contains("could not be reached").contains("Connection refused");
    }

    @Test
    void noAnswerAfterTheHandOverIsUncertainNotRetried() {
        SmtpFailure failure = SmtpFailure.of(new CompletionException(new TimeoutException("no reply in 30 s")));
        assertThat(failure.uncertain()).isTrue();
        assertThat(failure.permanent()).isFalse();
        assertThat(failure.reason()).contains("did not answer in time");
    }
}
