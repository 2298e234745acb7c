package dev.eventshop.inventory.application;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.eventshop.inventory.InventoryModule;
import dev.eventshop.inventory.api.InventoryStreams;
import dev.eventshop.inventory.api.ProductAdded;
import dev.eventshop.inventory.api.ProductRestocked;
import dev.eventshop.inventory.domain.InventoryException;
import dev.eventshop.inventory.domain.Product;
import dev.eventshop.inventory.infrastructure.ProductCatalogProjection;
import dev.eventshop.platform.eventstore.ConcurrencyConflictException;
import dev.eventshop.platform.eventstore.EventMetadata;
import dev.eventshop.platform.eventstore.EventStore;
import dev.eventshop.platform.eventstore.ExpectedVersion;
import dev.eventshop.platform.eventstore.Loaded;
import dev.eventshop.platform.eventstore.NewEvent;
import dev.eventshop.platform.eventstore.StreamAppend;
import dev.eventshop.platform.money.Money;
import io.smallrye.mutiny.Uni;

/** Catalogue commands. The product's events and the catalogue row change in one transaction. */
@ApplicationScoped
public class ProductCommands {

    public record AddProductCommand(String sku, String name, Money price, int stock) {
    }

    public record RestockProductCommand(String sku, int quantity) {
    }

    private final EventStore store;
    private final ProductCatalogProjection catalog;

    public ProductCommands(EventStore store, ProductCatalogProjection catalog) {
        this.store = store;
        this.catalog = catalog;
    }

    public Uni<Void> handle(AddProductCommand command) {
        List<Object> events = Product.empty().add(command.sku(), command.name(), command.price(), command.stock());
        ProductAdded added = (ProductAdded) events.get(0);
        return store.inTransaction(tx -> tx.append(new StreamAppend(InventoryStreams.productStream(command.sku()),
                InventoryStreams.PRODUCT, ExpectedVersion.NO_STREAM, List.of(NewEvent.of(added))),
                EventMetadata.start(InventoryModule.NAME))
                .chain(() -> catalog.added(tx.connection(), added)))
                .onFailure(ConcurrencyConflictException.class)
                .transform(conflict -> new InventoryException.ProductExists(command.sku()));
    }

    /** @return false when there is no such product */
    public Uni<Boolean> handle(RestockProductCommand command) {
        String stream = InventoryStreams.productStream(command.sku());
        return load(command.sku()).chain(product -> {
            if (!product.exists()) {
                return Uni.createFrom().item(false);
            }
            ProductRestocked restocked = (ProductRestocked) product.state().restock(command.quantity()).get(0);
            return store.inTransaction(tx -> tx.append(new StreamAppend(stream, InventoryStreams.PRODUCT,
                    product.version(), List.of(NewEvent.of(restocked))), EventMetadata.start(InventoryModule.NAME))
                    .chain(() -> catalog.restocked(tx.connection(), restocked)))
                    .replaceWith(true);
        }).onFailure(ConcurrencyConflictException.class).retry().atMost(5);
    }

    Uni<Loaded<Product>> load(String sku) {
        return store.load(InventoryStreams.productStream(sku), Product.empty(), Product.EVENTS, Product::apply);
    }
}
