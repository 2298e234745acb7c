package dev.eventshop.shipping.api;

/** A delivery address. {@code country}: ISO 3166-1 alpha-2. */
public record Address(String name, String line1, String city, String postalCode, String country) {
}
