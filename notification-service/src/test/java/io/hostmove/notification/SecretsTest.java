package io.hostmove.notification;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SecretsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            define('DB_PASSWORD', 'hunter2');          | hunter2
            DB_PASSWORD=hunter2                         | hunter2
            'password' => "two words",                  | two words
            $db_pass = 'x9!y';                          | x9!y
            secret "c2VjcmV0IHRzaWcga2V5Cg==";         | c2VjcmV0IHRzaWcga2V5Cg==
            hmac-sha256:transfer:c2VjcmV0IHRzaWcga2V5Cg== | c2VjcmV0IHRzaWcga2V5Cg==
            mysql://nordlys:s3cr3t@127.0.0.2/wp          | s3cr3t
            token: abcdef                               | abcdef
            "api_key": "AKIA_something"                 | AKIA_something
            --password hunter2                          | hunter2
            key Qm9ndXNLZXlNYXRlcmlhbDEyMzQ1Ng           | Qm9ndXNLZXlNYXRlcmlhbDEyMzQ1Ng
            id 0123456789abcdef0123456789abcdef          | 0123456789abcdef0123456789abcdef
            """)
    void hides(String text, String secret) {
        assertThat(Secrets.scrub(text)).doesNotContain(secret).contains(Secrets.HIDDEN);
    }

    @Test
    void hidesPrivateKeys() {
        String pem = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----";
        assertThat(Secrets.scrub("key: " + pem + " done")).doesNotContain("b3BlbnNzaC1rZXktdjEAAAAA")
                .doesNotContain("PRIVATE KEY").endsWith(" done");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            nordlys.example
            www.bergwerk-gmbh.example
            v=spf1 ip4:198.51.100.20 include:_spf.hostmove.example -all
            198.51.100.20
            2001:db8::20
            /home/nordlys/public_html/wp-config.php
            10 mx.hostmove.example.
            Nordlys Bakeri AS
            """)
    void leavesWhatCustomersNeed(String text) {
        assertThat(Secrets.scrub(text)).isEqualTo(text);
    }
}
