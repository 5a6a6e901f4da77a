package io.hostmove.planner.rest;

import io.hostmove.events.EventCatalog;
import io.hostmove.events.NotificationResult.CustomerNotified;
import io.hostmove.planner.MigrationInput;
import io.hostmove.planner.MigrationService;
import io.hostmove.planner.UnknownResourceException;
import io.hostmove.planner.persistence.Migration;
import io.hostmove.planner.persistence.MigrationEventRecord;
import io.hostmove.planner.rest.Views.MigrationSummary;
import io.hostmove.planner.rest.Views.MigrationView;
import io.quarkus.panache.common.Sort;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Future;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Migrations: plan one, follow its timeline, and steer it. */
@Path("/migrations")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Migrations")
public class MigrationResource {

    /** A new migration: which account, and when its cut-over is booked. */
    public record NewMigration(@NotNull UUID accountId,
                               @NotNull @Future(message = "must be in the future") OffsetDateTime cutoverAt) {
    }

    /** Why an operator pauses or cancels. */
    public record Reason(@NotBlank @Size(max = 500) String reason) {
    }

    /** Whether a rollback copies back what changed on the new side since the cut-over. */
    public record RollbackRequest(boolean syncBack) {
    }

    /** The new appointment. */
    public record NewAppointment(@NotNull @Future(message = "must be in the future") OffsetDateTime cutoverAt) {
    }

    @Inject
    MigrationService migrations;

    @POST
    @Operation(summary = "Plan the migration of an account; its inventory and checks start at once")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@NotNull @Valid NewMigration migration, UriInfo uri) {
        Migration created = migrations.create(migration.accountId(), migration.cutoverAt().toInstant());
        return Response.created(uri.getAbsolutePathBuilder().path(created.id.toString()).build())
                .entity(view(created.id)).build();
    }

    @GET
    @Operation(summary = "Every migration in brief: phase, pause, progress, downtime and emails sent")
    @Transactional
    public List<MigrationSummary> list() {
        Map<UUID, Long> emails = MigrationEventRecord.countReceived(EventCatalog.typeOf(CustomerNotified.class));
        return Migration.<Migration>listAll(Sort.by("createdAt")).stream()
                .map(m -> MigrationSummary.of(m, emails.getOrDefault(m.id, 0L))).toList();
    }

    @GET
    @Path("{id}")
    @Operation(summary = "A migration with its full timeline: every phase run and every event that moved it")
    @Transactional
    public MigrationView get(@PathParam("id") UUID id) {
        return view(id);
    }

    @POST
    @Path("{id}/pause")
    @Operation(summary = "Hold the migration; running work for it stops")
    @Consumes(MediaType.APPLICATION_JSON)
    public MigrationView pause(@PathParam("id") UUID id, @NotNull @Valid Reason reason) {
        migrations.command(id, new MigrationInput.Pause(reason.reason()));
        return view(id);
    }

    @POST
    @Path("{id}/resume")
    @Operation(summary = "Continue: repeat the interrupted step, or move on if it completed or its findings are accepted")
    public MigrationView resume(@PathParam("id") UUID id) {
        migrations.command(id, new MigrationInput.Resume());
        return view(id);
    }

    @POST
    @Path("{id}/retry")
    @Operation(summary = "Run the failed step again")
    public MigrationView retry(@PathParam("id") UUID id) {
        migrations.command(id, new MigrationInput.Retry());
        return view(id);
    }

    @POST
    @Path("{id}/cancel")
    @Operation(summary = "Call the migration off before its cut-over")
    @Consumes(MediaType.APPLICATION_JSON)
    public MigrationView cancel(@PathParam("id") UUID id, @NotNull @Valid Reason reason) {
        migrations.command(id, new MigrationInput.Cancel(reason.reason()));
        return view(id);
    }

    @POST
    @Path("{id}/rollback")
    @Operation(summary = "Switch the account back to the old platform (from the cut-over until aftercare ends)")
    @Consumes(MediaType.APPLICATION_JSON)
    public MigrationView rollback(@PathParam("id") UUID id, @Valid RollbackRequest request) {
        migrations.command(id, new MigrationInput.Rollback(request != null && request.syncBack()));
        return view(id);
    }

    @POST
    @Path("{id}/reschedule")
    @Operation(summary = "Move the cut-over appointment (before the cut-over begins)")
    @Consumes(MediaType.APPLICATION_JSON)
    public MigrationView reschedule(@PathParam("id") UUID id, @NotNull @Valid NewAppointment appointment) {
        migrations.reschedule(id, appointment.cutoverAt().toInstant());
        return view(id);
    }

    @POST
    @Path("{id}/external-dns-confirmed")
    @Operation(summary = "Confirm by hand that the customer changed the records at their own DNS provider")
    public MigrationView externalDnsConfirmed(@PathParam("id") UUID id) {
        migrations.command(id, new MigrationInput.ExternalDnsConfirmed());
        return view(id);
    }

    @POST
    @Path("{id}/finalise")
    @Operation(summary = "End the aftercare window now: clean up the old side; no rollback after this")
    public MigrationView finalise(@PathParam("id") UUID id) {
        migrations.command(id, new MigrationInput.AftercareEnded());
        return view(id);
    }

    @Transactional
    MigrationView view(UUID id) {
        return Migration.<Migration>findByIdOptional(id).map(MigrationView::of)
                .orElseThrow(() -> new UnknownResourceException("migration", id));
    }
}
