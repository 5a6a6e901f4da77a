package io.hostmove.notification;

import io.hostmove.events.CloudEventCodec;
import io.hostmove.events.NoticeKind;
import io.hostmove.events.NotificationRequest.CustomerNoticeRequested;
import io.hostmove.events.model.ConfigRewrite;
import io.hostmove.events.model.DnsRecordChange;
import io.hostmove.events.model.Recipient;
import io.quarkus.qute.Engine;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every letter, in every language, written from a notice whose every field carries secrets (passwords in rewritten
 * config lines, a private key, TSIG secrets, tokens, credentials in URLs): none of them reaches the email.
 */
@QuarkusTest
@QuarkusTestResource(Smtp.class)
class SecretsInLettersIT {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    Letters letters;

    @Inject
    Engine engine;

    @Test
    @DisplayName("no secret from any field reaches the subject, text or HTML of any letter in any language")
    void noSecretInAnyLetter() {
        List<String> secrets = new ArrayList<>();
        String dbPassword = secret(secrets, word(16));
        String quotedPassword = secret(secrets, "correct horse " + word(12));
        String tsig = secret(secrets, Base64.getEncoder().encodeToString(bytes(32)));
        String token = secret(secrets, HexFormat.of().formatHex(bytes(20)));
        String urlPassword = secret(secrets, word(14));
        String keyBody = secret(secrets, Base64.getEncoder().encodeToString(bytes(48)));
        String pem = "-----BEGIN OPENSSH PRIVATE KEY-----\n" + keyBody + "\n-----END OPENSSH PRIVATE KEY-----";

        String name = "Nordlys AS password=" + dbPassword;
        List<String> domains = List.of("nordlys.example", "key " + pem, "tsig hmac-sha256:transfer-key:" + tsig);
        List<DnsRecordChange> records = List.of(
                new DnsRecordChange("nordlys.example", "nordlys.example.", "A", 300, "192.0.2.10", "198.51.100.20"),
                new DnsRecordChange("nordlys.example", "_tsig.nordlys.example.", "TXT", 300,
                        "key \"transfer\" { algorithm hmac-sha256; secret \"" + tsig + "\"; };",
                        "\"api_token=" + token + "\""),
                new DnsRecordChange("nordlys.example", "db.nordlys.example.", "TXT", 300,
                        "mysql://nordlys:" + urlPassword + "@127.0.0.2/nordlys_wp", tsig));
        List<ConfigRewrite> rewrites = List.of(
                new ConfigRewrite("/home/nordlys/public_html/wp-config.php", 23,
                        "define('DB_PASSWORD', '" + dbPassword + "');", "define('DB_PASSWORD', '" + dbPassword + "');"),
                new ConfigRewrite("/home/nordlys/.env DB_PASSWORD=" + dbPassword, 4,
                        "DB_PASSWORD=\"" + quotedPassword + "\"", "DATABASE_URL=mysql://u:" + urlPassword + "@h/db"),
                new ConfigRewrite("/home/nordlys/app/settings.php", 7, "'password' => '" + quotedPassword + "',",
                        pem));

        int written = 0;
        for (Language language : Language.values()) {
            for (NoticeKind kind : NoticeKind.values()) {
                CustomerNoticeRequested notice = new CustomerNoticeRequested(kind,
                        new Recipient(name, "post@nordlys.example", language.tag(), "Europe/Oslo"),
                        Instant.parse("2031-12-01T09:00:00Z"), 4, domains, records, rewrites);
                Letter letter = letters.write(kind, notice, null);
                assertThat(letter.language()).isEqualTo(language);
                assertThat(letter.subject()).isNotBlank();
                String everything = letter.subject() + "\n" + letter.text() + "\n" + letter.html();
                for (String secret : secrets) {
                    assertThat(everything).as("%s in %s", kind, language).doesNotContain(secret);
                }
                assertThat(everything).doesNotContain("PRIVATE KEY").contains("nordlys.example");
                String preview = given().contentType("application/json").body(CloudEventCodec.toJson(notice))
                        .post("/preview/{kind}", kind.name()).then().statusCode(200).extract().asString();
                for (String secret : secrets) {
                    assertThat(preview).as("preview of %s in %s", kind, language).doesNotContain(secret);
                }
                written++;
            }
        }
        assertThat(written).isEqualTo(Language.values().length * NoticeKind.values().length);
    }

    @Test
    @DisplayName("every language has every text, so no letter falls back to another language or breaks")
    void everyLanguageIsComplete() {
        Set<String> english = engine.getTemplate("letters/en.txt").getFragmentIds();
        assertThat(english).isNotEmpty();
        for (Language language : Language.values()) {
            assertThat(engine.getTemplate("letters/" + language.tag() + ".txt").getFragmentIds())
                    .as(language.tag()).containsExactlyInAnyOrderElementsOf(english);
        }
        for (NoticeKind kind : NoticeKind.values()) {
            assertThat(english).contains(kind.name().toLowerCase() + "_subject");
        }
    }

    private static String secret(List<String> secrets, String value) {
        secrets.add(value);
        return value;
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    /** A password-like word: letters and digits, mixed case. */
    private static String word(int length) {
        String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        StringBuilder out = new StringBuilder("Pw1");
        while (out.length() < length) {
            out.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return out.toString();
    }
}
