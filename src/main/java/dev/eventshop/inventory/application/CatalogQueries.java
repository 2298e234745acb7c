package dev.eventshop.inventory.application;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.eventshop.inventory.infrastructure.ProductEntity;
import dev.eventshop.inventory.infrastructure.ProductRepository;
import dev.eventshop.platform.money.Money;
import dev.eventshop.platform.query.Cursor;
import dev.eventshop.platform.query.Page;
import dev.eventshop.platform.query.Reads;
import io.smallrye.mutiny.Uni;

/** What the web layer may ask about the catalogue. */
@ApplicationScoped
public class CatalogQueries {

    private final Reads reads;
    private final ProductRepository products;

    public CatalogQueries(Reads reads, ProductRepository products) {
        this.reads = reads;
        this.products = products;
    }

    public Uni<Optional<ProductView>> find(String sku) {
        return reads.session(() -> products.findById(sku)).map(row -> Optional.ofNullable(row).map(CatalogQueries::view));
    }

    /**
     * A page of the catalogue by sku, after the sku the cursor names (see {@link Cursor}), or from the first.
     *
     * @throws Cursor.InvalidCursor when the cursor is not one of this listing
     */
    public Uni<Page<ProductView>> list(String cursor, int limit) {
        List<String> after = Cursor.parts(cursor, 1);
        return reads.session(() -> products.after(after == null ? null : after.get(0), limit + 1))
                .map(rows -> Page.of(rows, limit, CatalogQueries::view, row -> Cursor.of(row.sku())));
    }

    private static ProductView view(ProductEntity row) {
        return new ProductView(row.sku(), row.name(), new Money(row.priceAmount(), row.currency()), row.available());
    }
}
