package dev.eventshop.inventory.infrastructure;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheQuery;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

/** Reads the catalogue; in a session opened by the caller (see {@code Reads}). */
@ApplicationScoped
public class ProductRepository implements PanacheRepositoryBase<ProductEntity, String> {

    /** Up to {@code rows} products by sku, after {@code afterSku} (from the first when null). */
    public Uni<List<ProductEntity>> after(String afterSku, int rows) {
        PanacheQuery<ProductEntity> query = afterSku == null ? findAll(Sort.by("sku"))
                : find("sku > ?1", Sort.by("sku"), afterSku);
        return query.page(0, rows).list();
    }
}
