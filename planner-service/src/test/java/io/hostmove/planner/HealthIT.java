package io.hostmove.planner;

import io.hostmove.events.messaging.OutboxMessage;
import io.hostmove.planner.persistence.Customer;
import io.hostmove.planner.persistence.Host;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

@QuarkusTest
class HealthIT {

    private static final String WARM_UP = "Planner event path warm-up";

    @Test
    void readiness_reports_the_database_kafka_and_the_warm_up() {
        awaitReady();
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("Database connections health check",
                        "SmallRye Reactive Messaging - readiness check", WARM_UP));
    }

    @Test
    void the_warm_up_walks_every_sample_migration_to_completion_and_keeps_none_of_it() {
        JsonPath ready = awaitReady();
        assertThat(ready.getInt("checks.find { it.name == '" + WARM_UP + "' }.data.migrationsWalked")).isEqualTo(20);
        assertThat(ready.getString("checks.find { it.name == '" + WARM_UP + "' }.data.phaseReached"))
                .isEqualTo("COMPLETED");
        QuarkusTransaction.requiringNew().run(() -> {
            assertThat(Customer.count("ref like 'warm-up-%'")).isZero();
            assertThat(Host.count("name like 'warm-up-%'")).isZero();
            assertThat(OutboxMessage.count("payload like '%warm-up%'")).as("nothing of it published").isZero();
        });
        assertThat(given().get("/accounts").then().statusCode(200).extract().jsonPath()
                .getList("customer", String.class)).noneMatch(ref -> ref.startsWith("warm-up-"));
    }

    @Test
    void the_api_is_described_and_browsable() {
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body("info.title", equalTo("Hostmove planner"));
        given().get("/q/swagger-ui/").then().statusCode(200);
    }

    private static JsonPath awaitReady() {
        await().atMost(Duration.ofMinutes(2)).until(() -> given().get("/q/health/ready").statusCode() == 200);
        return given().get("/q/health/ready").then().extract().jsonPath();
    }
}
