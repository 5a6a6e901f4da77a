package io.hostmove.notification.rest;

import io.hostmove.events.NoticeKind;
import io.hostmove.events.NotificationRequest.CustomerNoticeRequested;
import io.hostmove.events.model.Recipient;
import io.hostmove.notification.Language;
import io.hostmove.notification.Letter;
import io.hostmove.notification.Letters;
import io.hostmove.notification.persistence.IgnoredEvent;
import io.hostmove.notification.persistence.KnownMigration;
import io.hostmove.notification.persistence.Notification;
import io.hostmove.notification.rest.Views.MigrationNotifications;
import io.hostmove.notification.rest.Views.NotificationView;
import io.hostmove.notification.rest.Views.PreviewView;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Collectors;

/** The email ledger per migration, and previews of any letter without sending it. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class NotificationResource {

    @Inject
    Letters letters;

    /** Every email of a migration (sent, failed, uncertain, waiting, cancelled) and the events not applied. */
    @GET
    @Path("migrations/{id}/notifications")
    @Transactional
    public MigrationNotifications ofMigration(@PathParam("id") UUID id) {
        KnownMigration known = KnownMigration.findById(id);
        List<Notification> rows = Notification.ofMigration(id);
        List<IgnoredEvent> ignored = IgnoredEvent.ofMigration(id);
        if (known == null && rows.isEmpty() && ignored.isEmpty()) {
            throw new NotFoundException("no event for migration " + id + " has reached the notification-service");
        }
        return MigrationNotifications.of(id, known, rows, ignored);
    }

    /** Emails across all migrations in one state, newest first, e.g. FAILED or UNCERTAIN for an operator to follow up. */
    @GET
    @Path("notifications")
    @Transactional
    public List<NotificationView> inState(@QueryParam("state") String state) {
        if (state == null || state.isBlank()) {
            throw new BadRequestException("state", "is required; one of " + states());
        }
        Notification.State wanted;
        try {
            wanted = Notification.State.valueOf(state.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("state", "'" + state + "' is not a state; use one of " + states());
        }
        return Notification.<Notification>find("state = ?1 order by updatedAt desc", wanted).page(0, 500).list()
                .stream().map(NotificationView::of).toList();
    }

    /**
     * A letter for a migration this service knows, written from what it last learnt (customer, appointment, records,
     * files), in the customer's language or the one asked for. Nothing is sent.
     */
    @GET
    @Path("migrations/{id}/preview/{kind}")
    @Produces({MediaType.APPLICATION_JSON, MediaType.TEXT_HTML, MediaType.TEXT_PLAIN})
    @Transactional
    public Response previewForMigration(@PathParam("id") UUID id, @PathParam("kind") String kind,
                                        @QueryParam("language") String language,
                                        @QueryParam("timeZone") String timeZone,
                                        @QueryParam("format") String format) {
        KnownMigration known = KnownMigration.findById(id);
        if (known == null) {
            throw new NotFoundException("migration " + id + " is unknown to the notification-service; POST the "
                    + "notice's data to /preview/" + kind + " instead");
        }
        CustomerNoticeRequested base = known.lastNotice().orElseGet(() -> new CustomerNoticeRequested(
                NoticeKind.ANNOUNCEMENT, new Recipient(known.customerRef, null, null, null), known.cutoverAt, 0,
                List.of(), List.of(), List.of()));
        if (known.cutoverAt != null) {
            base = new CustomerNoticeRequested(base.kind(), base.recipient(), known.cutoverAt,
                    base.expectedDowntimeMinutes(), base.domains(), base.dnsChanges(), base.configRewrites());
        }
        return render(kind(kind), withZone(base, timeZone), language(language), format);
    }

    /** A letter written from the posted notice data (a CustomerNoticeRequested as JSON). Nothing is sent. */
    @POST
    @Path("preview/{kind}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, MediaType.TEXT_HTML, MediaType.TEXT_PLAIN})
    public Response previewForData(@PathParam("kind") String kind, @QueryParam("language") String language,
                                   @QueryParam("format") String format, CustomerNoticeRequested notice) {
        NoticeKind wanted = kind(kind);
        if (notice == null) {
            throw new BadRequestException("body", "is required: the notice's data as JSON (recipient, cutoverAt, "
                    + "expectedDowntimeMinutes, domains, dnsChanges, configRewrites)");
        }
        if (notice.cutoverAt() == null) {
            throw new BadRequestException("cutoverAt", "is required: the appointment as an ISO-8601 instant, e.g. "
                    + "2026-12-01T09:00:00Z");
        }
        return render(wanted, notice, language(language), format);
    }

    private Response render(NoticeKind kind, CustomerNoticeRequested notice, Language language, String format) {
        Letter letter = letters.write(kind, notice, language);
        String wanted = format == null ? "json" : format.trim().toLowerCase(Locale.ROOT);
        return switch (wanted) {
            case "json" -> Response.ok(PreviewView.of(letter), MediaType.APPLICATION_JSON).build();
            case "html" -> Response.ok(letter.html(), MediaType.TEXT_HTML + ";charset=UTF-8").build();
            case "text" -> Response.ok(letter.subject() + "\n\n" + letter.text(),
                    MediaType.TEXT_PLAIN + ";charset=UTF-8").build();
            default -> throw new BadRequestException("format", "'" + format + "' is not a format; use json, html or "
                    + "text");
        };
    }

    private static NoticeKind kind(String kind) {
        try {
            return NoticeKind.valueOf(kind.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("kind", "'" + kind + "' is not a notice; use one of "
                    + Arrays.stream(NoticeKind.values()).map(Enum::name).collect(Collectors.joining(", ")));
        }
    }

    private static Language language(String language) {
        if (language == null || language.isBlank()) {
            return null;
        }
        return Language.of(language).orElseThrow(() -> new BadRequestException("language", "'" + language
                + "' has no letters; use one of " + String.join(", ", Language.tags())
                + " (or leave it out for the customer's own)"));
    }

    private static CustomerNoticeRequested withZone(CustomerNoticeRequested notice, String timeZone) {
        if (timeZone == null || timeZone.isBlank()) {
            return notice;
        }
        try {
            ZoneId.of(timeZone.trim());
        } catch (DateTimeException e) {
            throw new BadRequestException("timeZone", "'" + timeZone + "' is not an IANA time zone such as "
                    + "Europe/Oslo");
        }
        Recipient r = notice.recipient();
        Recipient recipient = new Recipient(r == null ? null : r.name(), r == null ? null : r.email(),
                r == null ? null : r.language(), timeZone.trim());
        return new CustomerNoticeRequested(notice.kind(), recipient, notice.cutoverAt(),
                notice.expectedDowntimeMinutes(), notice.domains(), notice.dnsChanges(), notice.configRewrites());
    }

    private static String states() {
        return Arrays.stream(Notification.State.values()).map(Enum::name).collect(Collectors.joining(", "));
    }
}
