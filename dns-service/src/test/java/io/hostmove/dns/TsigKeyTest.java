package io.hostmove.dns;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TsigKeyTest {

    @TempDir
    Path dir;

    private static String secret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    @Test
    @DisplayName("a key file as tsig-keygen writes it gives the key's name, and its secret shows nowhere")
    void readsBindKeyFile() throws Exception {
        String secret = secret();
        Path file = dir.resolve("k.key");
        Files.writeString(file, "key \"hostmove-update\" {\n\talgorithm hmac-sha256;\n\tsecret \"" + secret
                + "\";\n};\n");

        TsigKey key = TsigKey.load(Optional.of(file), Optional.empty(), Optional.empty(), "hmac-sha256");

        assertThat(key.name()).isEqualTo("hostmove-update");
        assertThat(key.toString()).doesNotContain(secret).contains("hostmove-update");
        assertThat(key.tsig()).isNotNull();
    }

    @Test
    @DisplayName("a missing key file fails with the path and the setting to fix, not a stack trace")
    void missingFile() {
        Path file = dir.resolve("absent.key");

        assertThatThrownBy(() -> TsigKey.load(Optional.of(file), Optional.empty(), Optional.empty(), "hmac-sha256"))
                .isInstanceOf(DnsStepException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("hostmove.dns.tsig.key-file");
    }

    @Test
    @DisplayName("no key configured at all says which settings to set")
    void noKey() {
        assertThatThrownBy(() -> TsigKey.load(Optional.empty(), Optional.empty(), Optional.empty(), "hmac-sha256"))
                .isInstanceOf(DnsStepException.class)
                .hasMessageContaining("HOSTMOVE_DNS_TSIG_KEY_FILE");
    }

    @Test
    @DisplayName("a file with other keys only names the key it lacks")
    void wrongName() throws Exception {
        Path file = dir.resolve("other.key");
        Files.writeString(file, "key \"other\" { algorithm hmac-sha256; secret \"" + secret() + "\"; };");

        assertThatThrownBy(() -> TsigKey.load(Optional.of(file), Optional.of("hostmove-update"), Optional.empty(),
                "hmac-sha256")).hasMessageContaining("no key named 'hostmove-update'");
    }
}
