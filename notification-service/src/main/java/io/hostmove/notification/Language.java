package io.hostmove.notification;

import java.util.Arrays;
import java.util.IllformedLocaleException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The languages the letters are written in: those of the seeds. Anything else is answered in English. */
public enum Language {
    NB("nb"),
    EN("en"),
    DE("de"),
    FR("fr");

    private final String tag;

    Language(String tag) {
        this.tag = tag;
    }

    public String tag() {
        return tag;
    }

    public static List<String> tags() {
        return Arrays.stream(values()).map(Language::tag).toList();
    }

    /**
     * The letter language for a customer's BCP 47 tag, and the locale dates are written in.
     *
     * @param language the letter's language
     * @param locale   the customer's own locale where it is one of that language (de-CH, fr-BE), else the language's
     * @param note     why the customer's tag was not used as given, or null
     */
    public record Choice(Language language, Locale locale, String note) {
    }

    /** Exactly one of the four languages, by its primary subtag (Norwegian {@code no} and {@code nn} read Bokmål). */
    public static Optional<Language> of(String tag) {
        if (tag == null || tag.isBlank()) {
            return Optional.empty();
        }
        Locale locale;
        try {
            locale = new Locale.Builder().setLanguageTag(tag.trim().replace('_', '-')).build();
        } catch (IllformedLocaleException e) {
            return Optional.empty();
        }
        return switch (locale.getLanguage()) {
            case "nb", "no", "nn" -> Optional.of(NB);
            case "en" -> Optional.of(EN);
            case "de" -> Optional.of(DE);
            case "fr" -> Optional.of(FR);
            default -> Optional.empty();
        };
    }

    public static Choice choose(String tag) {
        if (tag == null || tag.isBlank()) {
            return new Choice(EN, Locale.forLanguageTag(EN.tag), "the customer has no language; written in English");
        }
        Optional<Language> found = of(tag);
        if (found.isEmpty()) {
            return new Choice(EN, Locale.forLanguageTag(EN.tag),
                    "language '" + tag + "' has no letters (" + String.join(", ", tags()) + "); written in English");
        }
        Language language = found.get();
        Locale own = new Locale.Builder().setLanguageTag(tag.trim().replace('_', '-')).build();
        // Dates follow the customer's region (de-CH, fr-BE) but always in the letter's language.
        Locale locale = own.getLanguage().equals(language.tag)
                ? own : new Locale.Builder().setLanguage(language.tag).setRegion(own.getCountry()).build();
        return new Choice(language, locale, null);
    }
}
