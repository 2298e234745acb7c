package dev.eventshop.inventory.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.eventshop.inventory.api.ProductAdded;
import dev.eventshop.inventory.api.ProductRestocked;
import dev.eventshop.platform.money.Money;

class ProductTest {

    private static final String SKU = "SKU-1";
    private static final Money PRICE = new Money(1250, "EUR");
    private static final ProductAdded ADDED = new ProductAdded(SKU, "Teapot", PRICE, 10);

    @Test
    void aProductWithNoHistoryDoesNotExist() {
        Product product = Product.empty();

        assertThat(product.exists()).isFalse();
        assertThat(product.sku()).isNull();
        assertThat(product.received()).isZero();
    }

    // adding

    @Test
    void addingAProductRecordsItsNamePriceAndFirstStock() {
        Product product = Product.empty();

        List<Object> events = product.add(SKU, "Teapot", PRICE, 10);

        assertThat(events).containsExactly(new ProductAdded(SKU, "Teapot", PRICE, 10));
        Product added = given(events.toArray());
        assertThat(added.exists()).isTrue();
        assertThat(added.sku()).isEqualTo(SKU);
        assertThat(added.name()).isEqualTo("Teapot");
        assertThat(added.price()).isEqualTo(PRICE);
        assertThat(added.received()).isEqualTo(10);
    }

    @Test
    void aProductMayBeAddedBeforeAnyStockArrives() {
        List<Object> events = Product.empty().add(SKU, "Teapot", PRICE, 0);

        assertThat(events).containsExactly(new ProductAdded(SKU, "Teapot", PRICE, 0));
        assertThat(given(events.toArray()).received()).isZero();
    }

    @Test
    void addingAProductWithNegativeStockIsRefused() {
        Product product = Product.empty();

        assertThatThrownBy(() -> product.add(SKU, "Teapot", PRICE, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("negative");
    }

    @Test
    void addingAProductThatExistsIsRefused() {
        Product product = given(ADDED);

        assertThatThrownBy(() -> product.add(SKU, "Another teapot", PRICE, 5))
                .isInstanceOf(InventoryException.ProductExists.class)
                .hasMessageContaining(SKU);
    }

    // restocking

    @Test
    void restockingAddsToTheStockReceived() {
        Product product = given(ADDED);

        List<Object> events = product.restock(5);

        assertThat(events).containsExactly(new ProductRestocked(SKU, 5));
        assertThat(given(ADDED, events.get(0)).received()).isEqualTo(15);
    }

    @Test
    void everyRestockCounts() {
        Product product = given(ADDED, new ProductRestocked(SKU, 5), new ProductRestocked(SKU, 1));

        assertThat(product.received()).isEqualTo(16);
        assertThat(product.name()).isEqualTo("Teapot");
        assertThat(product.price()).isEqualTo(PRICE);
    }

    @Test
    void restockingAProductThatDoesNotExistIsRefused() {
        Product product = Product.empty();

        assertThatThrownBy(() -> product.restock(5))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no such product");
    }

    @Test
    void restockingWithNothingIsRefused() {
        Product product = given(ADDED);

        assertThatThrownBy(() -> product.restock(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1");
    }

    @Test
    void restockingANegativeQuantityIsRefused() {
        Product product = given(ADDED);

        assertThatThrownBy(() -> product.restock(-3)).isInstanceOf(IllegalArgumentException.class);
    }

    // state comes only from events

    @Test
    void aCommandLeavesTheProductAsItWasUntilItsEventsAreApplied() {
        Product empty = Product.empty();
        empty.add(SKU, "Teapot", PRICE, 10);
        Product product = given(ADDED);
        product.restock(5);

        assertThat(empty.exists()).as("adding alone does not create it").isFalse();
        assertThat(empty.add(SKU, "Teapot", PRICE, 10)).containsExactly(ADDED);
        assertThat(product.received()).isEqualTo(10);
    }

    @Test
    void aProductThatAppliedItsOwnDecisionsMatchesOneRebuiltFromTheStream() {
        List<Object> stream = new ArrayList<>();
        Product live = Product.empty();

        decideAndApply(live, stream, live.add(SKU, "Teapot", PRICE, 10));
        decideAndApply(live, stream, live.restock(3));
        decideAndApply(live, stream, live.restock(7));

        Product rebuilt = given(stream.toArray());
        assertThat(rebuilt.exists()).isEqualTo(live.exists()).isTrue();
        assertThat(rebuilt.sku()).isEqualTo(live.sku());
        assertThat(rebuilt.name()).isEqualTo(live.name());
        assertThat(rebuilt.price()).isEqualTo(live.price());
        assertThat(rebuilt.received()).isEqualTo(live.received()).isEqualTo(20);
    }

    @Test
    void everyEventTheProductEmitsIsOneItCanApply() {
        List<Object> emitted = new ArrayList<>(Product.empty().add(SKU, "Teapot", PRICE, 1));
        emitted.addAll(given(ADDED).restock(1));

        assertThat(emitted).extracting(Object::getClass).allMatch(Product.EVENTS::contains);
    }

    @Test
    void applyingAnEventOfAnotherAggregateIsRefused() {
        Product product = Product.empty();

        assertThatThrownBy(() -> product.apply("not a product event"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.String");
    }

    private static void decideAndApply(Product product, List<Object> stream, List<Object> events) {
        events.forEach(product::apply);
        stream.addAll(events);
    }

    private static Product given(Object... history) {
        Product product = Product.empty();
        for (Object event : history) {
            product.apply(event);
        }
        return product;
    }
}
