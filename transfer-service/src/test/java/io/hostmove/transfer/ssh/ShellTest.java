package io.hostmove.transfer.ssh;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Quoted arguments reach the program exactly as given, through a real POSIX shell, and run nothing. */
class ShellTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"; rm -rf ~", "$(touch PWNED)", "`touch PWNED`", "it's", "\"double\"", "a\nb",
            "-rf", "--help", "blåbærsyltetøy.jpg", "日本語 ファイル", "tab\there", "back\\slash", "$HOME", "*",
            "'; touch PWNED; echo '", "", "|| touch PWNED", "a'b'c", "\\'"})
    void every_value_reaches_the_program_unchanged_and_runs_nothing(String value) throws Exception {
        String out = sh(Shell.command("printf", "%s", value));

        assertThat(out).isEqualTo(value);
        assertThat(dir.resolve("PWNED")).doesNotExist();
    }

    @Test
    void a_script_gets_its_values_as_parameters_never_as_code() throws Exception {
        String out = sh(Shell.script("printf '%s|%s' \"$1\" \"$2\"", "$(touch PWNED)", "x'; touch PWNED #"));

        assertThat(out).isEqualTo("$(touch PWNED)|x'; touch PWNED #");
        assertThat(dir.resolve("PWNED")).doesNotExist();
    }

    @Test
    void a_nul_byte_cannot_be_passed() {
        assertThatThrownBy(() -> Shell.quote("a\0b")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sql_names_are_escaped_for_their_dialect() {
        assertThat(Sql.mariadbString("it's \\ ok")).isEqualTo("'it''s \\\\ ok'");
        assertThat(Sql.mariadbIdentifier("we`ird")).isEqualTo("`we``ird`");
        assertThat(Sql.pgIdentifier("a\"b")).isEqualTo("\"a\"\"b\"");
        assertThat(Sql.pgConninfo("x' host=evil")).isEqualTo("dbname='x\\' host=evil'");
    }

    private String sh(String commandLine) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("sh", "-c", commandLine).directory(dir.toFile()).start();
        byte[] out = process.getInputStream().readAllBytes();
        assertThat(process.waitFor()).isZero();
        return new String(out, StandardCharsets.UTF_8);
    }
}
