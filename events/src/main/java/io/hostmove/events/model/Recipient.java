package io.hostmove.events.model;

/**
 * Whom a customer email goes to.
 *
 * @param name     customer's name, for the greeting
 * @param email    address to send to
 * @param language BCP 47 language tag, e.g. {@code nb}, {@code de}
 * @param timeZone IANA time zone the customer reads times in, e.g. {@code Europe/Oslo}
 */
public record Recipient(String name, String email, String language, String timeZone) {
}
