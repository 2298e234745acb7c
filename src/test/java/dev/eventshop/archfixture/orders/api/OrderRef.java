package dev.eventshop.archfixture.orders.api;

public record OrderRef(String id) {
}
