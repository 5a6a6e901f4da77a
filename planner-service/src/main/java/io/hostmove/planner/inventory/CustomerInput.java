package io.hostmove.planner.inventory;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A customer as the operator enters or imports it.
 *
 * @param ref      the provider's customer number; accounts refer to it
 * @param name     how emails greet the customer
 * @param email    where emails go
 * @param language BCP 47 tag of the emails' language (nb, en, de, fr; others get English)
 * @param timeZone IANA zone the emails give times in
 */
public record CustomerInput(
        @NotBlank @Size(max = 64) String ref,
        @NotBlank @Size(max = 200) String name,
        @NotBlank @Email String email,
        @NotBlank @Pattern(regexp = Patterns.LANGUAGE, message = "must be a language tag such as nb, en, de or fr")
        String language,
        @NotBlank @TimeZoneId String timeZone) {
}
