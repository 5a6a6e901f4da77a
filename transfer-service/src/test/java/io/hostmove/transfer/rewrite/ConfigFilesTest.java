package io.hostmove.transfer.rewrite;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

class ConfigFilesTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "/home/nordlys/public_html/wp-config.php", "/home/nordlys/public_html/index.php",
            "/home/nordlys/public_html/configuration.php", "/home/nordlys/web/sites/default/settings.php",
            "/home/nordlys/public_html/.htaccess", "/home/nordlys/public_html/.user.ini", "/home/nordlys/php.ini",
            "/home/nordlys/booking/.env", "/home/nordlys/shop/.env.local", "/home/nordlys/shop/.env.prod.local",
            "/home/nordlys/app/config/packages/doctrine.yaml", "/home/nordlys/app/config.yml",
            "/home/nordlys/app/composer.json", "/home/nordlys/etc/nginx.conf", "/home/nordlys/app/prod.env",
            "/home/nordlys/app/Config.PHP", "wp-config.php",
    })
    void candidates(String path) {
        assertThat(ConfigFiles.isCandidate(path, 4096)).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "/home/nordlys/public_html/index.html", "/home/nordlys/public_html/logo.png",
            "/home/nordlys/notes.txt", "/home/nordlys/backup.sql", "/home/nordlys/site.php.bak",
            "/home/nordlys/public_html/php", "/home/nordlys/.env.", "/home/nordlys/environment",
            "/home/nordlys/public_html/", "",
    })
    void notCandidates(String path) {
        assertThat(ConfigFiles.isCandidate(path, 4096)).isFalse();
    }

    @Test
    void sizeLimit() {
        assertThat(ConfigFiles.isCandidate("/x/wp-config.php", ConfigFiles.DEFAULT_MAX_BYTES)).isTrue();
        assertThat(ConfigFiles.isCandidate("/x/wp-config.php", ConfigFiles.DEFAULT_MAX_BYTES + 1)).isFalse();
        assertThat(ConfigFiles.isCandidate("/x/wp-config.php", 0)).isTrue();
        assertThat(ConfigFiles.isCandidate("/x/wp-config.php", -1)).isFalse();
        assertThat(ConfigFiles.isCandidate("/x/wp-config.php", 2000, 1000)).isFalse();
        assertThat(ConfigFiles.isCandidate("/x/wp-config.php", 5_000_000, 8_000_000)).isTrue();
        assertThat(ConfigFiles.isCandidate(null, 1)).isFalse();
    }

    @Test
    void textIsNotBinary() {
        assertThat(ConfigFiles.looksBinary(bytes("<?php\ndefine('DB_NAME', 'x');\r\n"))).isFalse();
        assertThat(ConfigFiles.looksBinary(bytes("Blåbær 🫐 – Tromsø ✓ ÆØÅ"))).isFalse();
        assertThat(ConfigFiles.looksBinary(new byte[0])).isFalse();
        assertThat(ConfigFiles.looksBinary(bytes("\uFEFFDB_HOST=localhost"))).isFalse();
    }

    @Test
    void nulOrInvalidUtf8IsBinary() {
        assertThat(ConfigFiles.looksBinary(new byte[] {'a', 0, 'b'})).isTrue();
        assertThat(ConfigFiles.looksBinary(new byte[] {(byte) 0x89, 'P', 'N', 'G'})).isTrue();
        assertThat(ConfigFiles.looksBinary(bytesLatin1("blåbær"))).isTrue();               // ISO-8859-1
        assertThat(ConfigFiles.looksBinary(new byte[] {(byte) 0xc0, (byte) 0xaf})).isTrue(); // overlong '/'
        assertThat(ConfigFiles.looksBinary(new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80})).isTrue(); // surrogate
        assertThat(ConfigFiles.looksBinary(new byte[] {(byte) 0xf5, (byte) 0x80, (byte) 0x80, (byte) 0x80})).isTrue();
        assertThat(ConfigFiles.looksBinary(new byte[] {(byte) 0xc3, 'a'})).isTrue();
    }

    @Test
    void onlyTheFirst8KiBCount() {
        byte[] data = new byte[ConfigFiles.SNIFF_BYTES + 100];
        Arrays.fill(data, (byte) 'a');
        data[ConfigFiles.SNIFF_BYTES + 10] = 0;
        assertThat(ConfigFiles.looksBinary(data)).isFalse();
        data[ConfigFiles.SNIFF_BYTES - 1] = 0;
        assertThat(ConfigFiles.looksBinary(data)).isTrue();
    }

    @Test
    void aCharacterCutOffByTheWindowIsNotBinary() {
        byte[] oe = bytes("ø");                    // c3 b8
        byte[] data = new byte[ConfigFiles.SNIFF_BYTES];
        Arrays.fill(data, (byte) 'a');
        data[ConfigFiles.SNIFF_BYTES - 1] = oe[0];
        assertThat(ConfigFiles.looksBinary(data)).isFalse();
        byte[] emoji = bytes("🫐");                // 4 bytes, cut after 2
        assertThat(ConfigFiles.looksBinary(Arrays.copyOf(emoji, 2))).isFalse();
    }

    @Test
    void strictDecoding() {
        assertThat(ConfigFiles.decodeUtf8(bytes("\uFEFFæøå 🫐\r\n"))).contains("\uFEFFæøå 🫐\r\n");
        assertThat(ConfigFiles.decodeUtf8(bytesLatin1("blåbær"))).isEmpty();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytesLatin1(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
