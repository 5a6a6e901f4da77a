package io.hostmove.planner;

import io.restassured.http.ContentType;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/** Inventory made over the API, with fresh names each time so tests never share an account. */
final class Fixtures {

    static final String FINGERPRINT = "SHA256:" + "A".repeat(43);

    private Fixtures() {
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static Map<String, Object> customer(String ref) {
        return Map.of("ref", ref, "name", "Nordlys Bakeri AS", "email", "post@nordlys.example",
                "language", "nb", "timeZone", "Europe/Oslo");
    }

    static Map<String, Object> host(String name, String role, String ipv4) {
        return Map.of("name", name, "role", role, "sshHost", "127.0.0.2", "sshPort", 2222, "sshUser", "hostmove",
                "hostKeyFingerprint", FINGERPRINT, "ipv4", ipv4);
    }

    static Map<String, Object> account(String customer, String oldHost, String newHost) {
        return Map.of("customer", customer, "oldHost", oldHost, "newHost", newHost, "systemUser", "nordlys",
                "homePath", "/home/nordlys",
                "sites", List.of(Map.of("domain", "nordlys.example", "aliases", List.of("www.nordlys.example"),
                        "documentRoot", "/home/nordlys/public_html")),
                "databases", List.of(Map.of("engine", "mariadb", "name", "nordlys_wp", "user", "nordlys")),
                "mailboxes", List.of(Map.of("address", "post@nordlys.example", "maildir", "/home/nordlys/Maildir")));
    }

    /** A customer, an old and a new host, and an account moving between them; returns the account id. */
    static UUID account() {
        String customer = unique("K");
        String oldHost = unique("old");
        String newHost = unique("new");
        post("/customers", customer(customer));
        post("/hosts", host(oldHost, "OLD", "192.0.2.10"));
        post("/hosts", host(newHost, "NEW", "198.51.100.20"));
        return UUID.fromString(given().contentType(ContentType.JSON).body(account(customer, oldHost, newHost))
                .post("/accounts").then().statusCode(201).extract().path("id"));
    }

    /** Plans a migration of {@code accountId} two days ahead; returns its id. */
    static UUID migration(UUID accountId) {
        return UUID.fromString(given().contentType(ContentType.JSON)
                .body(Map.of("accountId", accountId, "cutoverAt", OffsetDateTime.now().plusDays(2).toString()))
                .post("/migrations").then().statusCode(201).extract().path("id"));
    }

    static String phase(UUID migrationId) {
        return given().get("/migrations/{id}", migrationId).then().statusCode(200).extract().path("phase");
    }

    private static void post(String path, Object body) {
        given().contentType(ContentType.JSON).body(body).post(path).then().statusCode(201);
    }
}
