package io.hostmove.transfer;

import io.hostmove.events.MigrationStep;
import io.hostmove.events.TransferResult.TransferProgressed;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressTest {

    private long now;
    private final List<TransferProgressed> published = new ArrayList<>();
    private final Progress progress = new Progress(MigrationStep.PRE_COPY, Duration.ofSeconds(3), published::add,
            () -> now);

    @Test
    void reports_at_most_once_per_interval() {
        progress.start(1000);
        for (int i = 1; i <= 100; i++) {
            now += 100_000_000L;
            progress.at(i * 10L, 1000, i);
        }
        assertThat(published).as("10 s of updates every 0.1 s, reported every 3 s").hasSize(3);
    }

    @Test
    void rate_and_eta_follow_the_bytes_moved_since_the_last_report() {
        progress.start(10_000);
        now += 3_000_000_000L;
        progress.at(3_000, 10_000, 3);
        assertThat(published).singleElement().satisfies(event -> {
            assertThat(event.step()).isEqualTo(MigrationStep.PRE_COPY);
            assertThat(event.bytesDone()).isEqualTo(3_000);
            assertThat(event.bytesTotal()).isEqualTo(10_000);
            assertThat(event.filesDone()).isEqualTo(3);
            assertThat(event.bytesPerSecond()).isEqualTo(1_000);
            assertThat(event.etaSeconds()).isEqualTo(7);
        });
    }

    @Test
    void later_copies_count_in_the_total_and_earlier_ones_as_done() {
        progress.expect(5_000);
        progress.start(1_000);
        progress.at(1_000, 1_000, 10);
        progress.startExpected(5_000);
        now += 4_000_000_000L;
        progress.add(2_000);
        assertThat(published).singleElement().satisfies(event -> {
            assertThat(event.bytesDone()).as("files done, part of the database").isEqualTo(3_000);
            assertThat(event.bytesTotal()).isEqualTo(6_000);
            assertThat(event.filesDone()).isEqualTo(10);
        });
    }

    @Test
    void a_copy_that_moves_more_than_estimated_never_reports_more_done_than_in_all() {
        progress.start(100);
        now += 3_000_000_000L;
        progress.add(500);
        assertThat(published).singleElement().satisfies(event -> {
            assertThat(event.bytesDone()).isEqualTo(500);
            assertThat(event.bytesTotal()).isEqualTo(500);
            assertThat(event.etaSeconds()).isZero();
        });
    }

    @Test
    void no_step_reports_nothing() {
        Progress.NONE.start(10);
        Progress.NONE.add(1 << 30);
        Progress.NONE.end();
        assertThat(published).isEmpty();
    }
}
