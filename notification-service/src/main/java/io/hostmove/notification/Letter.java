package io.hostmove.notification;

import io.hostmove.events.NoticeKind;

import java.util.List;

/**
 * One email as the customer will read it.
 *
 * @param kind     which notice
 * @param language the language it is written in
 * @param subject  the subject line
 * @param text     the plain-text part
 * @param html     the HTML part
 * @param notes    what was assumed on the way (language or time zone fallbacks), for the record
 */
public record Letter(NoticeKind kind, Language language, String subject, String text, String html,
                     List<String> notes) {
}
