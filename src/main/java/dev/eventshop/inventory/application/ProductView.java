package dev.eventshop.inventory.application;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.eventshop.platform.money.Money;

/** A product as the catalogue shows it: what it costs and how many can be ordered now. */
@Schema(example = """
        {"sku": "MUG-1", "name": "Enamel mug", "price": {"amount": 1299, "currency": "EUR"}, "available": 42}""")
public record ProductView(String sku, String name, Money price, int available) {
}
