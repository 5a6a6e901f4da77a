package io.hostmove.notification;

import io.hostmove.events.NoticeKind;
import io.hostmove.events.NotificationRequest.CustomerNoticeRequested;
import io.hostmove.events.model.ConfigRewrite;
import io.hostmove.events.model.DnsRecordChange;
import io.hostmove.notification.config.NotificationConfig;
import io.quarkus.qute.Engine;
import io.quarkus.qute.Template;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Writes the customer's letters. The structure of each kind is one template per format
 * ({@code templates/notice/<kind>.txt|html}); every sentence comes from the customer's language, one template per
 * language ({@code templates/letters/<lang>.txt}) whose fragments are the texts. Only scrubbed data reaches them.
 */
@ApplicationScoped
public class Letters {

    @Inject
    Engine engine;

    @Inject
    NotificationConfig config;

    /** Writes {@code kind} for {@code notice} in the customer's language (or {@code language} when given). */
    public Letter write(NoticeKind kind, CustomerNoticeRequested notice, Language language) {
        CustomerNoticeRequested clean = Secrets.scrub(notice);
        List<String> notes = new ArrayList<>();
        String tag = clean.recipient() == null ? null : clean.recipient().language();
        Language.Choice choice = Language.choose(tag);
        Locale locale = choice.locale();
        if (language != null && language != choice.language()) {
            locale = Locale.forLanguageTag(language.tag());
        } else if (choice.note() != null) {
            notes.add(choice.note());
        }
        Language chosen = language != null ? language : choice.language();
        String name = kind.name().toLowerCase(Locale.ROOT);
        try {
            ZoneId zone = zone(clean, notes);
            Map<String, Object> model = model(clean, locale, zone);
            Template texts = template("letters/" + chosen.tag() + ".txt");
            Texts t = new Texts(texts, chosen, model);
            // The appointment in the language's own words (connector, clock), used by many texts.
            model.put("when", t.get("when"));
            Map<String, Object> data = new HashMap<>(model);
            data.put("t", t);
            data.put("lang", chosen.tag());
            String subject = (String) t.get(name + "_subject");
            String text = template("notice/" + name + ".txt").instance().data(data).render();
            String html = template("notice/" + name + ".html").instance().data(data).render();
            return new Letter(kind, chosen, subject.replaceAll("\\s+", " ").strip(), text, html, List.copyOf(notes));
        } catch (RuntimeException e) {
            throw new LetterException("the " + kind + " letter in " + chosen.tag() + " could not be written: "
                    + e.getMessage(), e);
        }
    }

    private Template template(String id) {
        Template template = engine.getTemplate(id);
        if (template == null) {
            throw new LetterException("template " + id + " is missing");
        }
        return template;
    }

    private static ZoneId zone(CustomerNoticeRequested notice, List<String> notes) {
        String id = notice.recipient() == null ? null : notice.recipient().timeZone();
        if (id == null || id.isBlank()) {
            notes.add("the customer has no time zone; times are given in UTC");
            return ZoneOffset.UTC;
        }
        try {
            return ZoneId.of(id.trim());
        } catch (DateTimeException e) {
            notes.add("time zone '" + id + "' is unknown; times are given in UTC");
            return ZoneOffset.UTC;
        }
    }

    private Map<String, Object> model(CustomerNoticeRequested notice, Locale locale, ZoneId zone) {
        Map<String, Object> model = new LinkedHashMap<>();
        String name = notice.recipient() == null ? null : notice.recipient().name();
        model.put("name", name == null || name.isBlank() ? "" : name.strip());
        List<String> domains = notice.domains() == null ? List.of() : notice.domains();
        model.put("domain", domains.isEmpty() ? "" : domains.get(0));
        model.put("domains", domains);
        model.put("moreDomains", domains.size() > 1);
        Instant at = notice.cutoverAt();
        if (at == null) {
            throw new LetterException("the notice has no appointment (cutoverAt); the planner must send one");
        }
        model.put("fullDate", DateTimeFormatter.ofLocalizedDate(FormatStyle.FULL).withLocale(locale).withZone(zone)
                .format(at));
        model.put("zone", zoneName(zone));
        model.put("date", DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(locale).withZone(zone)
                .format(at));
        model.put("time", DateTimeFormatter.ofLocalizedTime(FormatStyle.SHORT).withLocale(locale).withZone(zone)
                .format(at));
        model.put("minutes", (int) Math.max(1, Math.min(Integer.MAX_VALUE, notice.expectedDowntimeMinutes())));
        model.put("hours", (int) Math.max(1, config.errorReportWindow().toHours()));
        model.put("provider", config.providerName());
        model.put("contactEmail", config.contact().email());
        model.put("contactPhone", config.contact().phone().orElse(""));
        List<Map<String, Object>> dns = new ArrayList<>();
        for (DnsRecordChange change : notice.dnsChanges() == null ? List.<DnsRecordChange>of() : notice.dnsChanges()) {
            Map<String, Object> row = new HashMap<>();
            row.put("name", nullToEmpty(change.name()));
            row.put("type", nullToEmpty(change.type()));
            row.put("current", nullToEmpty(change.oldValue()));
            row.put("target", nullToEmpty(change.newValue()));
            dns.add(row);
        }
        model.put("dns", dns);
        model.put("hasDns", !dns.isEmpty());
        List<Map<String, Object>> files = new ArrayList<>();
        for (ConfigRewrite rewrite : notice.configRewrites() == null ? List.<ConfigRewrite>of()
                : notice.configRewrites()) {
            if (files.stream().noneMatch(f -> f.get("file").equals(rewrite.file()))) {
                files.add(Map.of("file", nullToEmpty(rewrite.file())));
            }
        }
        model.put("files", files);
        model.put("hasFiles", !files.isEmpty());
        return model;
    }

    private static String zoneName(ZoneId zone) {
        return zone.equals(ZoneOffset.UTC) ? "UTC" : zone.getId();
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }

    /** The texts of one language as the templates ask for them, each rendered with the letter's data. */
    static final class Texts extends AbstractMap<String, Object> {

        private final Template texts;
        private final Language language;
        private final Map<String, Object> model;

        Texts(Template texts, Language language, Map<String, Object> model) {
            this.texts = texts;
            this.language = language;
            this.model = model;
        }

        @Override
        public Object get(Object key) {
            Template.Fragment fragment = texts.getFragment(String.valueOf(key));
            if (fragment == null) {
                throw new LetterException("letters/" + language.tag() + ".txt has no text '" + key + "'");
            }
            return fragment.instance().data(model).render().strip();
        }

        @Override
        public boolean containsKey(Object key) {
            return texts.getFragment(String.valueOf(key)) != null;
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            return Set.of();
        }
    }
}
