package io.hostmove.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hostmove.events.MigrationLifecycle.MigrationScheduled;
import io.hostmove.events.NotificationResult.CustomerNotified;
import io.hostmove.events.Topics;
import io.hostmove.events.testing.EventTap;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Hostmove as its users meet it: the four services from their jars, the sample customers migrated from the old
 * to the new loopback host for real — with one service killed and the broker stopped on the way — then one
 * migration rolled back. Asserts what the customers and the operator see.
 */
class EndToEndIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Long enough for the lowered TTL of the sample zones (60 s, plus a 10 s margin) to take effect before it. */
    private static final Duration LEAD = Duration.ofSeconds(120);
    private static final Duration PATIENCE = Duration.ofMinutes(8);
    private static final List<String> LIVE_PHASES = List.of("INVENTORY", "DNS_INSPECTION", "TTL_PREPARATION",
            "PRE_COPY", "AWAITING_CUTOVER", "CUTOVER", "DNS_SWITCH", "VERIFICATION", "AFTERCARE");

    /** The sample accounts: customer ref, system user, domain, customer's email, language. */
    private record Sample(String ref, String user, String domain, String email, String language) {
        Path oldHome() {
            return Peers.HOSTS_ROOT.resolve("old/home/" + user);
        }

        Path newHome() {
            return Peers.HOSTS_ROOT.resolve("new/home/" + user);
        }
    }

    private static final Sample NORDLYS = new Sample("K-1001", "nordlys", "nordlys-bakeri.example",
            "post@nordlys-bakeri.example", "nb");
    private static final Sample SONNENSCHEIN = new Sample("K-1002", "sonnenschein", "sonnenschein-baeckerei.example",
            "info@sonnenschein-baeckerei.example", "de");
    /** Its DNS is hosted by the external provider: the customer changes the records. */
    private static final Sample LUMIERE = new Sample("K-1003", "lumiere", "atelier-lumiere.example",
            "contact@atelier-lumiere.example", "fr");
    private static final List<Sample> SAMPLES = List.of(NORDLYS, SONNENSCHEIN, LUMIERE);

    private static final Map<Sample, UUID> MIGRATIONS = new LinkedHashMap<>();
    private static final Map<Sample, Accounts.Page> PAGES_BEFORE = new LinkedHashMap<>();

    @BeforeAll
    static void startHostmove() {
        Peers.run("postgres.sh", "drop", "planner_e2e", "transfer_e2e", "dns_e2e", "notification_e2e");
        Peers.run("hosts.sh", "seed", NORDLYS.user, SONNENSCHEIN.user, LUMIERE.user);
        Peers.run("dns.sh", "seed-demo");
        Peers.run("smtp.sh", "reset");
        Peers.run("service.sh", "start");
        RestAssured.baseURI = "http://127.0.0.1";
        RestAssured.port = Peers.PLANNER_PORT;
        for (Sample sample : SAMPLES) {
            PAGES_BEFORE.put(sample, Accounts.fetch(Accounts.OLD, sample.domain));
        }
    }

    @AfterAll
    static void stopHostmove() {
        Peers.run("service.sh", "stop");
        // The test hosts go back to fresh sample accounts, as the modules' tests expect them.
        Peers.run("hosts.sh", "seed", NORDLYS.user, SONNENSCHEIN.user, LUMIERE.user);
    }

    @Test
    void the_sample_customers_move_to_the_new_host_through_a_crash_and_a_broker_outage_and_one_moves_back()
            throws IOException {
        JsonPath imported = given().contentType(ContentType.JSON).body(inventory()).post("/inventory")
                .then().statusCode(201).extract().jsonPath();
        Instant cutoverAt = Instant.now().plus(LEAD);
        for (Sample sample : SAMPLES) {
            String accountId = imported.getString("accounts.find { it.customer == '" + sample.ref + "' }.id");
            MIGRATIONS.put(sample, UUID.fromString(given().contentType(ContentType.JSON)
                    .body(Map.of("accountId", accountId, "cutoverAt", cutoverAt.toString()))
                    .post("/migrations").then().statusCode(201).extract().path("id")));
        }

        // A crash in the middle of the copy: the step re-runs on restart and the migration goes on.
        awaitAny("PRE_COPY");
        Peers.run("service.sh", "kill", "transfer-service");
        Peers.run("service.sh", "start", "transfer-service");

        // A crash of the notification-service between two emails (not inside an SMTP exchange, whose outcome no
        // crash-proof record can know): the events it reads again send nothing twice, the reminders kept in
        // PostgreSQL still go out on time.
        await().atMost(PATIENCE).until(() -> SAMPLES.stream().allMatch(s -> emailStates(s).contains("ANNOUNCEMENT SENT"))
                && notificationsIn("SENDING").isEmpty());
        Peers.run("service.sh", "kill", "notification-service");
        Peers.run("service.sh", "start", "notification-service");

        // The broker goes away once every migration has its data pre-copied: while they wait for the appointment,
        // or, where a slow pre-copy ran past it, in the middle of the cut-over; what is published meanwhile waits.
        awaitAllReached("AWAITING_CUTOVER");
        Peers.run("kafka.sh", "stop");
        await().atMost(PATIENCE).until(() -> given().get("/q/health/ready").statusCode() == 503);
        Peers.run("kafka.sh", "start");

        // The customer whose DNS is elsewhere gets the records to change, changes them, and the switch completes.
        JsonPath lumiere = await().atMost(PATIENCE).until(() -> migration(LUMIERE),
                m -> !m.getList("customerDnsChanges").isEmpty());
        assertThat(lumiere.getList("customerDnsChanges.name", String.class)).contains(LUMIERE.domain + ".");
        assertThat(lumiere.getList("customerDnsChanges.findAll { it.type == 'A' }.newValue", String.class))
                .containsOnly(Accounts.NEW);
        await().atMost(PATIENCE).until(() -> notices(LUMIERE).contains("ACTION_REQUIRED"));
        Peers.runWithInput(customerChanges(lumiere), "dns.sh", "provider-update");

        awaitAllReached("AFTERCARE");

        for (Sample sample : SAMPLES) {
            JsonPath m = migration(sample);
            assertThat(m.getString("pause")).as("%s paused", sample.ref).isNull();
            assertThat(m.getList("phases.phase", String.class)).as("timeline of %s", sample.ref)
                    .containsExactlyElementsOf(LIVE_PHASES);
            assertThat(m.getList("phases.findAll { it.phase != 'AFTERCARE' }.result", String.class))
                    .as("every phase of %s before aftercare completed", sample.ref).containsOnly("COMPLETED");
            assertThat(m.getLong("downtimeMillis")).as("downtime of %s", sample.ref).isPositive();
            assertThat(m.getString("dnsSwitchTimings.verifiedAt")).as("when every server served %s's switch",
                    sample.ref).isNotNull();

            Accounts.Page before = PAGES_BEFORE.get(sample);
            Accounts.Page after = Accounts.fetch(Accounts.NEW, sample.domain);
            assertThat(after.status()).as("%s from the new host", sample.domain).isEqualTo(before.status());
            assertThat(after.body()).as("%s from the new host", sample.domain).isEqualTo(before.body());
            assertThat(Accounts.fetch(Accounts.OLD, sample.domain).status())
                    .as("%s on the old host is in maintenance", sample.domain).isEqualTo(503);

            Map<String, String> rewritten = Accounts.files(sample.newHome()).entrySet().stream()
                    .filter(f -> !f.getKey().endsWith(".hostmove-orig"))
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
            Map<String, String> original = Accounts.files(sample.oldHome());
            for (String configFile : m.getList("configRewrites.file", String.class)) {
                String relative = sample.newHome().relativize(Path.of(configFile)).toString();
                rewritten.remove(relative);
                original.remove(relative);
            }
            assertThat(rewritten).as("every file of %s arrived byte-identical", sample.ref)
                    .containsAllEntriesOf(original);
            assertThat(Accounts.mailMessages(sample.newHome())).as("every message of %s arrived", sample.ref)
                    .containsAll(Accounts.mailMessages(sample.oldHome()));
        }
        assertThat(Accounts.mariadbRows(Accounts.NEW, "nordlys_wp"))
                .isEqualTo(Accounts.mariadbRows(Accounts.OLD, "nordlys_wp")).isNotEmpty();
        assertThat(Accounts.postgresRows(Accounts.NEW, "sonnenschein_shop"))
                .isEqualTo(Accounts.postgresRows(Accounts.OLD, "sonnenschein_shop")).isNotEmpty();

        for (String server : Dns.OUR_SERVERS) {
            assertThat(Dns.addresses(server, NORDLYS.domain)).as("on %s", server).containsExactly(Accounts.NEW);
            assertThat(Dns.addresses(server, SONNENSCHEIN.domain)).as("on %s", server).containsExactly(Accounts.NEW);
        }
        assertThat(Dns.addresses(Dns.EXTERNAL, LUMIERE.domain)).containsExactly(Accounts.NEW);

        for (Sample sample : SAMPLES) {
            List<String> expected = expectedNotices(sample);
            List<JsonNode> received = emails(sample);
            assertThat(notices(sample)).as("emails to %s", sample.email).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(received).extracting(mail -> mail.path("language").asText()).as("language of %s's emails",
                    sample.email).containsOnly(sample.language);
        }

        assertThat(notificationsIn("FAILED")).as("emails that failed").isEmpty();
        assertThat(notificationsIn("UNCERTAIN")).as("emails whose delivery is uncertain").isEmpty();

        // The topics hold the whole story: any consumer reading from the start sees every migration's events,
        // and each notice was delivered once.
        try (EventTap tap = EventTap.fromBeginning(Peers.KAFKA, Topics.ALL.toArray(String[]::new))) {
            for (Sample sample : SAMPLES) {
                UUID id = MIGRATIONS.get(sample);
                Map<String, Long> once = expectedNotices(sample).stream()
                        .collect(Collectors.toMap(kind -> kind, kind -> 1L));
                // The tap reads the topics in batches: wait until it has read them all, then nothing may be extra.
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    assertThat(tap.count(id, MigrationScheduled.class)).as("%s scheduled", sample.ref).isOne();
                    assertThat(tap.of(id).stream()
                            .map(r -> r.event().payload())
                            .filter(CustomerNotified.class::isInstance)
                            .collect(Collectors.groupingBy(e -> ((CustomerNotified) e).kind().name(),
                                    Collectors.counting())))
                            .as("notices of %s, each delivered once", sample.ref).isEqualTo(once);
                });
            }
        }

        assertThat(writeToOldShop()).as("the old database refuses writes after the move")
                .hasValueSatisfying(refusal -> assertThat(refusal).contains("read-only"));

        // The operator switches one account back: its domains resolve to the old host, its old site is live and
        // its database writable again.
        given().contentType(ContentType.JSON).body(Map.of("syncBack", true))
                .post("/migrations/{id}/rollback", MIGRATIONS.get(SONNENSCHEIN)).then().statusCode(200);
        await().atMost(PATIENCE).until(() -> migration(SONNENSCHEIN).getString("phase"), "ROLLED_BACK"::equals);
        for (String server : Dns.OUR_SERVERS) {
            assertThat(Dns.addresses(server, SONNENSCHEIN.domain)).as("on %s", server).containsExactly(Accounts.OLD);
        }
        Accounts.Page back = Accounts.fetch(Accounts.OLD, SONNENSCHEIN.domain);
        assertThat(back.status()).isEqualTo(PAGES_BEFORE.get(SONNENSCHEIN).status());
        assertThat(back.body()).isEqualTo(PAGES_BEFORE.get(SONNENSCHEIN).body());
        assertThat(writeToOldShop()).as("the old database takes writes again").isEmpty();
        await().atMost(PATIENCE).until(() -> notices(SONNENSCHEIN).contains("ROLLED_BACK"));
        assertThat(notices(SONNENSCHEIN)).containsOnlyOnce("ROLLED_BACK");
    }

    /** The sample inventory, pointed at the test hosts: their paths, SSH port and host keys. */
    private static String inventory() throws IOException {
        String sample = Files.readString(Peers.REPO.resolve("deploy/sample/inventory.json"))
                .replace("/srv/hostmove/", Peers.HOSTS_ROOT + "/");
        ObjectNode doc = (ObjectNode) JSON.readTree(sample);
        String oldKey = Peers.run("hosts.sh", "fingerprint", "old").strip();
        String newKey = Peers.run("hosts.sh", "fingerprint", "new").strip();
        for (JsonNode host : doc.withArray("hosts")) {
            ((ObjectNode) host).put("sshPort", Peers.SSH_PORT);
            ((ObjectNode) host).put("hostKeyFingerprint", "OLD".equals(host.path("role").asText()) ? oldKey : newKey);
        }
        return JSON.writeValueAsString(doc);
    }

    private static JsonPath migration(Sample sample) {
        return given().get("/migrations/{id}", MIGRATIONS.get(sample)).then().statusCode(200).extract().jsonPath();
    }

    private static void awaitAny(String phase) {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).until(() ->
                SAMPLES.stream().anyMatch(s -> phase.equals(migration(s).getString("phase"))));
    }

    /** Waits until every migration has entered {@code phase} (it may have moved on since), none of them paused. */
    private static void awaitAllReached(String phase) {
        try {
            await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(1)).until(() -> SAMPLES.stream().allMatch(s -> {
                JsonPath m = migration(s);
                assertThat(m.getString("pause")).as("%s paused in %s", s.ref, m.getString("phase")).isNull();
                return m.getList("phases.phase", String.class).contains(phase);
            }));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("not every migration reached " + phase + " within " + PATIENCE + ": "
                    + SAMPLES.stream().map(s -> s.ref + " in " + migration(s).getString("phase"))
                    .collect(Collectors.joining(", ")), e);
        }
    }

    /** The emails a sample's customer gets by the end of the move: each once. */
    private static List<String> expectedNotices(Sample sample) {
        List<String> expected = new ArrayList<>(List.of("ANNOUNCEMENT", "REMINDER", "STARTED", "DONE"));
        if (sample == LUMIERE) {
            expected.add("ACTION_REQUIRED");
        }
        return expected;
    }

    /** A write to sonnenschein's shop database on the old host as the shop itself would: why it was refused, if. */
    private static Optional<String> writeToOldShop() {
        return Accounts.writeRefusal("jdbc:postgresql://" + Accounts.OLD + ":" + Peers.HOSTS_PG_PORT
                        + "/sonnenschein_shop", Peers.accountSetting(SONNENSCHEIN.user, "DB_USER"),
                Peers.accountSetting(SONNENSCHEIN.user, "DB_PASSWORD"),
                "CREATE TEMP TABLE written_after_move AS SELECT 1 AS one; UPDATE products SET name = name WHERE false");
    }

    /** The notification-service's record of the sample's emails: "KIND STATE" each (none before its first event). */
    private static List<String> emailStates(Sample sample) {
        var response = given().port(Peers.NOTIFICATION_PORT)
                .get("/migrations/{id}/notifications", MIGRATIONS.get(sample));
        if (response.statusCode() == 404) {
            return List.of();
        }
        return response.then().statusCode(200).extract().jsonPath()
                .getList("notifications.collect { it.kind + ' ' + it.state }", String.class);
    }

    /** The kinds of the emails in {@code state} across all migrations, as the notification-service lists them. */
    private static List<String> notificationsIn(String state) {
        return given().port(Peers.NOTIFICATION_PORT).queryParam("state", state).get("/notifications")
                .then().statusCode(200).extract().jsonPath().getList("kind", String.class);
    }

    /** The emails the SMTP server received for the sample's customer, as deploy/smtp.sh lists them. */
    private static List<JsonNode> emails(Sample sample) throws IOException {
        List<JsonNode> mails = new ArrayList<>();
        for (String line : Peers.run("smtp.sh", "messages").split("\n")) {
            if (!line.isBlank()) {
                JsonNode mail = JSON.readTree(line);
                if (mail.path("to").toString().contains(sample.email)) {
                    mails.add(mail);
                }
            }
        }
        return mails;
    }

    /** Which notices the customer of {@code sample} received, one entry per email. */
    private static List<String> notices(Sample sample) throws IOException {
        return emails(sample).stream().map(mail -> mail.path("notice").asText()).toList();
    }

    /**
     * What the customer does at their provider after reading the email: each record replaced as listed, in one
     * nsupdate transaction per zone.
     */
    private static String customerChanges(JsonPath migration) throws IOException {
        ArrayNode changes = (ArrayNode) JSON.readTree(migration.prettify()).path("customerDnsChanges");
        Map<String, StringBuilder> byZone = new LinkedHashMap<>();
        for (JsonNode c : changes) {
            String type = c.path("type").asText();
            String rr = c.path("name").asText() + " " + c.path("ttl").asLong() + " IN " + type + " ";
            // nsupdate reads a TXT value as one string only when it is quoted.
            String quote = type.equals("TXT") ? "\"" : "";
            byZone.computeIfAbsent(c.path("zone").asText(), zone -> new StringBuilder("zone " + zone + "\n"))
                    .append("update delete ").append(rr).append(quote).append(c.path("oldValue").asText())
                    .append(quote).append('\n')
                    .append("update add ").append(rr).append(quote).append(c.path("newValue").asText())
                    .append(quote).append('\n');
        }
        return byZone.values().stream().map(commands -> commands + "send\n").collect(Collectors.joining());
    }
}
