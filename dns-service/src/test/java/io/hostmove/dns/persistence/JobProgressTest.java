package io.hostmove.dns.persistence;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class JobProgressTest {

    private static final String NS1 = JobProgress.served("example.org", "127.0.0.11", 53);
    private static final String NS2 = JobProgress.served("example.org", "127.0.0.12", 53);

    @Test
    void servers_seen_serving_the_change_add_up_over_the_rounds_without_repeats() {
        JobProgress progress = JobProgress.empty().applied(Instant.now(), Map.of("example.org", 7L))
                .waiting("ns2 serves serial 6", List.of(NS1))
                .waiting("ns2 serves serial 6", List.of())
                .waiting("ns3 did not answer", List.of(NS2, NS1));

        assertThat(progress.servedBy()).containsExactly(NS1, NS2);
        assertThat(progress.waitingFor()).isEqualTo("ns3 did not answer");
    }

    @Test
    void a_new_change_on_the_primary_must_be_seen_on_every_server_again() {
        JobProgress progress = JobProgress.empty().waiting("", List.of(NS1, NS2))
                .applied(Instant.now(), Map.of("example.org", 8L));

        assertThat(progress.servedBy()).isEmpty();
        assertThat(progress.serials()).containsEntry("example.org", 8L);
    }

    @Test
    void a_job_saved_before_servers_were_remembered_reads_as_none_served() throws Exception {
        ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());
        JobProgress saved = json.readValue("""
                {"appliedAt":"2026-12-01T10:00:00Z","serials":{"example.org":7},"verifiedAt":null,
                 "switched":null,"waitingFor":"ns2 serves serial 6"}""", JobProgress.class);

        assertThat(saved.servedBy()).isEmpty();
        assertThat(saved.waiting("ns2 serves serial 6", List.of(NS1)).servedBy()).containsExactly(NS1);
    }
}
