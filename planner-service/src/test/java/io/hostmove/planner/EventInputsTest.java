package io.hostmove.planner;

import io.hostmove.events.DnsResult.DnsInspectionCompleted;
import io.hostmove.events.DnsResult.TtlLowered;
import io.hostmove.events.MigrationStep;
import io.hostmove.events.model.Finding;
import io.hostmove.planner.MigrationInput.StepCompleted;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Which completions carry a reason for a person to look first. */
class EventInputsTest {

    private static final Instant APPOINTMENT = Instant.parse("2026-12-01T01:00:00Z");

    @Test
    void a_ttl_that_expires_by_the_appointment_moves_on() {
        assertThat(EventInputs.of(new TtlLowered(300, APPOINTMENT), APPOINTMENT))
                .contains(new StepCompleted(MigrationStep.TTL_PREPARATION, null));
    }

    @Test
    void a_ttl_that_expires_after_the_appointment_asks_for_a_later_one() {
        Instant late = APPOINTMENT.plusSeconds(1);
        StepCompleted input = (StepCompleted) EventInputs.of(new TtlLowered(300, late), APPOINTMENT).orElseThrow();
        assertThat(input.step()).isEqualTo(MigrationStep.TTL_PREPARATION);
        assertThat(input.blocker()).contains("only at " + late).contains("appointment at " + APPOINTMENT)
                .contains("Reschedule the cut-over to after " + late);
    }

    @Test
    void dns_warnings_inform_and_blocking_findings_stop() {
        Finding warning = new Finding(Finding.Severity.WARNING, "dns-target-outside-zone", "a.example. MX", "look");
        Finding blocking = new Finding(Finding.Severity.BLOCKING, "x", "b.example.", "stop here");
        assertThat(EventInputs.of(new DnsInspectionCompleted(List.of(), List.of(), 60, List.of(warning)), APPOINTMENT))
                .contains(new StepCompleted(MigrationStep.DNS_INSPECTION, null));
        StepCompleted stopped = (StepCompleted) EventInputs.of(new DnsInspectionCompleted(List.of(), List.of(), 60,
                List.of(warning, blocking)), APPOINTMENT).orElseThrow();
        assertThat(stopped.blocker()).isEqualTo("blocking findings: b.example.: stop here");
        assertThat(EventInputs.of(new DnsInspectionCompleted(List.of(), List.of(), 60, null), APPOINTMENT))
                .as("an event from before findings existed").contains(new StepCompleted(MigrationStep.DNS_INSPECTION, null));
    }
}
