package io.hostmove.notification;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class LanguageTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "null", textBlock = """
            nb     | NB | nb     | false
            no     | NB | nb     | false
            nn-NO  | NB | nb-NO  | false
            de-CH  | DE | de-CH  | false
            fr_BE  | FR | fr-BE  | false
            EN     | EN | en     | false
            sv     | EN | en     | true
            x!!    | EN | en     | true
            null   | EN | en     | true
            """)
    void choosesTheLettersLanguage(String tag, Language language, String locale, boolean noted) {
        Language.Choice choice = Language.choose(tag);
        assertThat(choice.language()).isEqualTo(language);
        assertThat(choice.locale().toLanguageTag()).isEqualTo(locale);
        assertThat(choice.note() != null).isEqualTo(noted);
    }
}
