package dev.eventshop.platform.web;

/** One bad field of a request: its JSON path (e.g. {@code items[2].quantity}) and what is wrong with it. */
public record FieldError(String field, String message) {
}
