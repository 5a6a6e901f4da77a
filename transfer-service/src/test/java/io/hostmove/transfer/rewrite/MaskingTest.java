package io.hostmove.transfer.rewrite;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MaskingTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '§', value = {
            // WordPress
            "define( 'DB_PASSWORD', 'Hj3$kL\\'9\"q' );            | define( 'DB_PASSWORD', '****' );",
            "define('AUTH_KEY',         'r8[Q#v-<mN3`Zp=Q+3U');    | define('AUTH_KEY',         '****');",
            "define( \"SECURE_AUTH_SALT\", \"x!5Zc@7V\\\"b#9\" );  | define( \"SECURE_AUTH_SALT\", \"****\" );",
            "define('NONCE_KEY', 'a' . 'b');                       | define('NONCE_KEY', ****);",
            // Joomla, Drupal, plain PHP
            "\tpublic $password = 'x\\'Y\"z$w\\\\';                | \tpublic $password = '****';",
            "\tpublic $smtppass = 'Sm7p!pa$$';                     | \tpublic $smtppass = '****';",
            "\tpublic $secret = 'Ft8kQ2pLz9Xw3Vb1';                | \tpublic $secret = '****';",
            "  'password' => 'd8-\\'pa$$',                         |   'password' => '****',",
            "  'password' => getenv('DB_PASS'),                    |   'password' => ****,",
            "$settings['hash_salt'] = 'qW8vN2-xR5tY7uI9oP1a';      | $settings['hash_salt'] = '****';",
            "$db->password = \"s3cret\";                           | $db->password = \"****\";",
            // .env, ini, YAML, JSON
            "APP_KEY=base64:3q2+7w8XkP0Jm9c5VtY1rA4sD6fG8hJ0kL2zX= | APP_KEY=****",
            "export DB_PASSWORD=\"m@il pa$$ word\"                 | export DB_PASSWORD=\"****\"",
            "MAIL_PASSWORD='with # hash'                           | MAIL_PASSWORD='****'",
            "mysqli.default_pw = pw123                             | mysqli.default_pw = ****",
            "  secret: ThisIsNotAGoodSecret                         |   secret: ****",
            "  \"api_token\": \"tok_123\", \"name\": \"x\"          |   \"api_token\": \"****\", \"name\": \"x\"",
            "{path: /home/nordlys/x, password: s3cret}              | {path: /home/nordlys/x, password: ****",
            // Apache, nginx
            "SetEnv DB_PASSWORD \"s3cr3t pass\"                    | SetEnv DB_PASSWORD \"****\"",
            "fastcgi_param APP_SECRET abc123;                      | fastcgi_param APP_SECRET ****",
            // URLs
            "DATABASE_URL=mysql://shop:pa$$w@localhost/shop        | DATABASE_URL=mysql://shop:****@localhost/shop",
            "url: 'postgresql://u:p@ss:w@rd@db:5432/x?ssl=true'     | url: 'postgresql://u:****@db:5432/x?ssl=true'",
            "REDIS_URL=redis://:r3d1s@127.0.0.1:6379/0              | REDIS_URL=redis://:****@127.0.0.1:6379/0",
            "DB_URL=\"mysql://u:with space@h/db\"                  | DB_URL=\"mysql://u:****@h/db\"",
    })
    void masksSecretValues(String line, String masked) {
        assertThat(Masking.mask(line)).isEqualTo(masked);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "define( 'DB_NAME', 'nordlys_wp' );",
            "define( 'DB_USER', 'nordlys_wp' );",
            "define( 'DB_HOST', 'localhost:3306' );",
            "\tpublic $host = 'localhost';",
            "  'username' => 'nordlys_d8',",
            "DB_DATABASE=nordlys_app",
            "DB_USERNAME=\"nordlys_app\"",
            "open_basedir = /home/nordlys:/tmp",
            "APP_URL=https://booking.nordlys.no",
            "Redirect 301 /gammel https://nordlys.no/ny",
            "AuthUserFile /home/nordlys/.htpasswd",
            "define( 'DB_PASSWORD', '' );",
            "DB_PASSWORD=",
            "mail: post@nordlys.no http://example.com/x",
            "Blåbærsyltetøy 🫐 – æøå",
            "",
    })
    void leavesOrdinaryLinesAsTheyAre(String line) {
        assertThat(Masking.mask(line)).isEqualTo(line);
    }

    @Test
    void severalSecretsOnOneLine() {
        assertThat(Masking.mask("['database' => 'd', 'username' => 'u', 'password' => 'p1', 'host' => 'h', "
                + "'token' => 't2'];"))
                .isEqualTo("['database' => 'd', 'username' => 'u', 'password' => '****', 'host' => 'h', "
                        + "'token' => '****'];");
    }

    @Test
    void nullStaysNullAndMaskingIsIdempotent() {
        assertThat(Masking.mask(null)).isNull();
        String once = Masking.mask("DB_PASSWORD='x' # DATABASE_URL=mysql://a:b@c/d");
        assertThat(Masking.mask(once)).isEqualTo(once);
    }

    @Test
    void anUnterminatedSecretIsMaskedToTheEndOfTheLine() {
        assertThat(Masking.mask("define('DB_PASSWORD', 'abc\\'def);")).isEqualTo("define('DB_PASSWORD', ****");
    }
}
