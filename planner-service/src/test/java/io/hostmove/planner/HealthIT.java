package io.hostmove.planner;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

@QuarkusTest
class HealthIT {

    @Test
    void readiness_reports_the_database_and_kafka() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("Database connections health check",
                        "SmallRye Reactive Messaging - readiness check"));
    }

    @Test
    void the_api_is_described_and_browsable() {
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body("info.title", equalTo("Hostmove planner"));
        given().get("/q/swagger-ui/").then().statusCode(200);
    }
}
