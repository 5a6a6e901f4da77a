package io.hostmove.notification;

import io.vertx.ext.mail.SMTPException;

/**
 * What an SMTP attempt's failure means for the email: try again later (the server is away, or answered 4xx), give
 * up (the server refused the address or the message with a 5xx), or cannot tell (no answer after the email may have
 * been handed over: it is not sent again, so never twice).
 *
 * @param permanent true when retrying cannot help
 * @param uncertain true when the email may have been delivered although no answer came
 * @param reason    the server's answer or the error, in one line
 */
public record SmtpFailure(boolean permanent, boolean uncertain, String reason) {

    public static SmtpFailure of(Throwable failure) {
        boolean timedOut = false;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SMTPException smtp) {
                String reply = oneLine(smtp.getReplyMessage());
                // The reply usually starts with its code already.
                String code = Integer.toString(smtp.getReplyCode());
                return new SmtpFailure(smtp.isPermanent(), false, "the SMTP server answered "
                        + (reply.startsWith(code) ? reply : code + " " + reply));
            }
            if (t instanceof IllegalArgumentException) {
                return new SmtpFailure(true, false, "the email cannot be sent: " + oneLine(t.getMessage()));
            }
            String type = t.getClass().getSimpleName();
            if (t instanceof java.net.ConnectException || type.contains("ConnectTimeout")) {
                return new SmtpFailure(false, false, "the SMTP server could not be reached: " + describe(t));
            }
            timedOut |= type.contains("Timeout");
            if (t.getCause() == t) {
                break;
            }
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (timedOut) {
            return new SmtpFailure(false, true, "the SMTP server did not answer in time after the email was handed "
                    + "over (" + describe(root) + ")");
        }
        return new SmtpFailure(false, false, "the SMTP server could not be reached or did not answer: "
                + describe(root));
    }

    /**
     * The server answered 421, closing the channel (RFC 5321 4.2.3), as servers do to connections they found idle:
     * like every 4xx reply it means the email was not accepted, so sending it again cannot deliver it twice.
     */
    public static boolean closingChannel(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SMTPException smtp) {
                return smtp.getReplyCode() == 421;
            }
        }
        return false;
    }

    private static String describe(Throwable t) {
        return oneLine(t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage());
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s+", " ").strip();
    }
}
