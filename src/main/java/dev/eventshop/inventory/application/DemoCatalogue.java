package dev.eventshop.inventory.application;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.eventshop.inventory.application.ProductCommands.AddProductCommand;
import dev.eventshop.inventory.domain.InventoryException;
import dev.eventshop.inventory.infrastructure.InventoryConfig;
import dev.eventshop.inventory.infrastructure.ProductCatalogProjection;
import dev.eventshop.platform.money.Money;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;

/**
 * Fills an empty catalogue with a few products in dev mode ({@code eventshop.inventory.demo-catalogue}), through
 * the same command as {@code POST /products}: they are events like any other, and orders learns their prices the
 * usual way. A catalogue with anything in it is left alone, so a reload or a restart adds nothing twice.
 */
@ApplicationScoped
public class DemoCatalogue {

    private static final Logger LOG = Logger.getLogger(DemoCatalogue.class);

    static final List<AddProductCommand> PRODUCTS = List.of(
            new AddProductCommand("MUG-1", "Mug", new Money(1299, "EUR"), 100),
            new AddProductCommand("TEE-1", "T-shirt", new Money(2499, "EUR"), 50),
            new AddProductCommand("CAP-1", "Cap", new Money(1999, "EUR"), 40),
            new AddProductCommand("NOTEBOOK-1", "Notebook", new Money(899, "EUR"), 200),
            new AddProductCommand("STICKERS-1", "Sticker pack", new Money(399, "EUR"), 1000));

    private final InventoryConfig config;
    private final ProductCommands commands;
    private final ProductCatalogProjection catalog;

    public DemoCatalogue(InventoryConfig config, ProductCommands commands, ProductCatalogProjection catalog) {
        this.config = config;
        this.commands = commands;
        this.catalog = catalog;
    }

    void seed(@Observes StartupEvent started) {
        if (!config.demoCatalogue()) {
            return;
        }
        catalog.isEmpty().chain(empty -> {
            if (!empty) {
                return io.smallrye.mutiny.Uni.createFrom().voidItem();
            }
            return Multi.createFrom().iterable(PRODUCTS)
                    .onItem().transformToUniAndConcatenate(product -> commands.handle(product)
                            .onFailure(InventoryException.ProductExists.class).recoverWithNull())
                    .collect().last()
                    .invoke(() -> LOG.infof("Dev mode: the catalogue was empty; added %d demo products (%s)",
                            PRODUCTS.size(), PRODUCTS.stream().map(AddProductCommand::sku).toList()));
        }).subscribe().with(done -> {
        }, failure -> LOG.warnf("Dev mode: the demo products were not added: %s", failure.toString()));
    }
}
