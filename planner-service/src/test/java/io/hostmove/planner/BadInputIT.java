package io.hostmove.planner;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/** Every kind of bad request gets a problem+json that names the field, and nothing half-made stays behind. */
@QuarkusTest
class BadInputIT {

    private static final String PROBLEM = "application/problem+json";

    @Test
    void malformed_json_is_a_400_that_says_where() {
        given().contentType(ContentType.JSON).body("{\"accountId\": nope}")
                .post("/migrations")
                .then().statusCode(400).contentType(PROBLEM)
                .body("status", equalTo(400))
                .body("type", equalTo("https://hostmove.io/problems/malformed-json"))
                .body("detail", containsString("line 1"))
                .body("errors[0].field", equalTo("body"));
    }

    @Test
    void missing_fields_are_each_named() {
        given().contentType(ContentType.JSON).body("{}")
                .post("/migrations")
                .then().statusCode(400).contentType(PROBLEM)
                .body("instance", equalTo("/migrations"))
                .body("errors.field", containsInAnyOrder("accountId", "cutoverAt"));
    }

    @Test
    void a_missing_body_is_named() {
        given().contentType(ContentType.JSON).post("/migrations")
                .then().statusCode(400).contentType(PROBLEM)
                .body("errors[0].field", equalTo("migration"));
    }

    @Test
    void a_value_of_the_wrong_type_is_named_with_what_it_must_be() {
        Map<String, Object> host = new HashMap<>(Fixtures.host(Fixtures.unique("h"), "MIDDLE", "192.0.2.1"));
        given().contentType(ContentType.JSON).body(host).post("/hosts")
                .then().statusCode(400).contentType(PROBLEM)
                .body("errors[0].field", equalTo("role"))
                .body("errors[0].message", equalTo("must be one of OLD, NEW"));
        given().contentType(ContentType.JSON)
                .body(Map.of("accountId", UUID.randomUUID(), "cutoverAt", "next tuesday"))
                .post("/migrations")
                .then().statusCode(400).contentType(PROBLEM)
                .body("errors[0].field", equalTo("cutoverAt"))
                .body("errors[0].message", containsString("ISO-8601"));
    }

    @Test
    void a_customer_with_a_bad_email_language_and_time_zone_is_refused_field_by_field() {
        given().contentType(ContentType.JSON)
                .body(Map.of("ref", Fixtures.unique("K"), "name", "X", "email", "not-an-address",
                        "language", "Norwegian", "timeZone", "Oslo"))
                .post("/customers")
                .then().statusCode(400).contentType(PROBLEM)
                .body("errors.field", containsInAnyOrder("email", "language", "timeZone"));
    }

    @Test
    void an_account_naming_an_unknown_customer_or_host_is_refused_and_not_created() {
        String oldHost = Fixtures.unique("old");
        String newHost = Fixtures.unique("new");
        String customer = Fixtures.unique("K");
        given().contentType(ContentType.JSON).body(Fixtures.host(oldHost, "OLD", "192.0.2.1")).post("/hosts")
                .then().statusCode(201);
        given().contentType(ContentType.JSON).body(Fixtures.host(newHost, "NEW", "192.0.2.2")).post("/hosts")
                .then().statusCode(201);

        given().contentType(ContentType.JSON).body(Fixtures.account("nobody", oldHost, newHost)).post("/accounts")
                .then().statusCode(400).contentType(PROBLEM)
                .body("errors[0].field", equalTo("customer"))
                .body("detail", containsString("no customer with ref 'nobody'"));

        given().contentType(ContentType.JSON).body(Fixtures.customer(customer)).post("/customers")
                .then().statusCode(201);
        given().contentType(ContentType.JSON).body(Fixtures.account(customer, "nowhere", newHost)).post("/accounts")
                .then().statusCode(400).body("errors[0].field", equalTo("oldHost"));
        given().contentType(ContentType.JSON).body(Fixtures.account(customer, newHost, oldHost)).post("/accounts")
                .then().statusCode(400).body("errors[0].field", equalTo("oldHost"))
                .body("detail", containsString("is a NEW host"));

        List<String> users = given().get("/accounts").then().statusCode(200).extract()
                .path("findAll { it.customer == '" + customer + "' }.systemUser");
        assertThat(users).isEmpty();
    }

    @Test
    void an_import_with_one_bad_account_creates_nothing() {
        String customer = Fixtures.unique("K");
        String oldHost = Fixtures.unique("old");
        String newHost = Fixtures.unique("new");
        Map<String, Object> account = new HashMap<>(Fixtures.account(customer, oldHost, newHost));
        account.put("sites", List.of(Map.of("domain", "nordlys.example", "documentRoot", "/var/www/elsewhere")));

        given().contentType(ContentType.JSON)
                .body(Map.of("customers", List.of(Fixtures.customer(customer)),
                        "hosts", List.of(Fixtures.host(oldHost, "OLD", "192.0.2.1"),
                                Fixtures.host(newHost, "NEW", "192.0.2.2")),
                        "accounts", List.of(account)))
                .post("/inventory")
                .then().statusCode(400).contentType(PROBLEM)
                .body("errors[0].field", equalTo("accounts[0].sites[0].documentRoot"))
                .body("detail", containsString("outside the account's home /home/nordlys"));

        given().get("/customers/{ref}", customer).then().statusCode(404).contentType(PROBLEM);
        given().get("/hosts/{name}", oldHost).then().statusCode(404);
    }

    @Test
    void hostile_paths_and_names_are_refused_where_they_enter() {
        String customer = Fixtures.unique("K");
        Map<String, Object> account = new HashMap<>(Fixtures.account(customer, "a", "b"));
        account.put("homePath", "/home/nordlys/../../etc");
        account.put("systemUser", "x; rm -rf ~");
        given().contentType(ContentType.JSON).body(account).post("/accounts")
                .then().statusCode(400).contentType(PROBLEM)
                .body("errors.field", hasItem("homePath"))
                .body("errors.field", hasItem("systemUser"));
    }

    @Test
    void a_cut_over_in_the_past_or_for_an_unknown_account_is_refused() {
        given().contentType(ContentType.JSON)
                .body(Map.of("accountId", Fixtures.account(), "cutoverAt", OffsetDateTime.now().minusHours(1).toString()))
                .post("/migrations")
                .then().statusCode(400).contentType(PROBLEM)
                .body("errors[0].field", equalTo("cutoverAt"))
                .body("errors[0].message", equalTo("must be in the future"));
        given().contentType(ContentType.JSON)
                .body(Map.of("accountId", UUID.randomUUID(), "cutoverAt", OffsetDateTime.now().plusDays(1).toString()))
                .post("/migrations")
                .then().statusCode(400).contentType(PROBLEM)
                .body("errors[0].field", equalTo("accountId"));
    }

    @Test
    void unknown_ids_are_404_problems() {
        UUID nobody = UUID.randomUUID();
        given().get("/migrations/{id}", nobody).then().statusCode(404).contentType(PROBLEM)
                .body("detail", equalTo("no migration with id '" + nobody + "'"));
        given().post("/migrations/{id}/resume", nobody).then().statusCode(404).contentType(PROBLEM);
        given().get("/accounts/{id}", nobody).then().statusCode(404).contentType(PROBLEM);
    }

    @Test
    void transitions_the_state_does_not_allow_are_409_with_the_current_phase() {
        UUID id = Fixtures.migration(Fixtures.account());
        given().contentType(ContentType.JSON).body(Map.of("syncBack", false))
                .post("/migrations/{id}/rollback", id)
                .then().statusCode(409).contentType(PROBLEM)
                .body("currentPhase", equalTo("INVENTORY"))
                .body("paused", equalTo(false))
                .body("detail", containsString("cancel the migration instead"));
        given().post("/migrations/{id}/resume", id).then().statusCode(409).body("detail", equalTo("the migration is not paused"));
        given().post("/migrations/{id}/retry", id).then().statusCode(409);
        given().post("/migrations/{id}/finalise", id).then().statusCode(409);
        given().contentType(ContentType.JSON).body(Map.of("reason", "waiting for the customer"))
                .post("/migrations/{id}/pause", id).then().statusCode(200).body("pause.cause", equalTo("OPERATOR"));
        given().contentType(ContentType.JSON).body(Map.of("reason", "again"))
                .post("/migrations/{id}/pause", id).then().statusCode(409).body("paused", equalTo(true));
        given().contentType(ContentType.JSON).body(Map.of("reason", ""))
                .post("/migrations/{id}/cancel", id).then().statusCode(400).body("errors[0].field", equalTo("reason"));
        given().contentType(ContentType.JSON).body(Map.of("reason", "customer left"))
                .post("/migrations/{id}/cancel", id).then().statusCode(200).body("phase", equalTo("CANCELLED"));
        given().post("/migrations/{id}/resume", id).then().statusCode(409).body("currentPhase", equalTo("CANCELLED"));
    }

    @Test
    void an_account_has_one_open_migration_at_a_time() {
        UUID account = Fixtures.account();
        Fixtures.migration(account);
        given().contentType(ContentType.JSON)
                .body(Map.of("accountId", account, "cutoverAt", OffsetDateTime.now().plusDays(3).toString()))
                .post("/migrations")
                .then().statusCode(409).contentType(PROBLEM)
                .body("errors[0].field", equalTo("accountId"));
    }

    @Test
    void a_customer_ref_is_taken_once() {
        String ref = Fixtures.unique("K");
        given().contentType(ContentType.JSON).body(Fixtures.customer(ref)).post("/customers").then().statusCode(201);
        given().contentType(ContentType.JSON).body(Fixtures.customer(ref)).post("/customers")
                .then().statusCode(409).contentType(PROBLEM).body("errors[0].field", equalTo("ref"));
    }
}
