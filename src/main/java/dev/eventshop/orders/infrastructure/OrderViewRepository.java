package dev.eventshop.orders.infrastructure;

import java.time.OffsetDateTime;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

/** Reads {@code orders.order_view}; in a session opened by the caller (see {@code Reads}). */
@ApplicationScoped
public class OrderViewRepository implements PanacheRepositoryBase<OrderViewEntity, String> {

    /**
     * Up to {@code rows} of a customer's orders, newest first then by id, only in {@code status} unless it is null,
     * after the order placed at {@code placedBefore} with id {@code afterOrderId} unless they are null. The clause
     * holds only the parameters given: a null bound without a type is what PostgreSQL cannot compare.
     */
    public Uni<List<OrderViewEntity>> ofCustomer(String customerId, String status, OffsetDateTime placedBefore,
            String afterOrderId, int rows) {
        StringBuilder where = new StringBuilder("customerId = :customer");
        Parameters parameters = Parameters.with("customer", customerId);
        if (status != null) {
            where.append(" and status = :status");
            parameters.and("status", status);
        }
        if (placedBefore != null) {
            where.append(" and (placedAt < :placed or (placedAt = :placed and orderId > :after))");
            parameters.and("placed", placedBefore).and("after", afterOrderId);
        }
        return find(where.toString(), Sort.descending("placedAt").and("orderId", Sort.Direction.Ascending),
                parameters).page(0, rows).list();
    }

    /**
     * Open orders PENDING since before {@code cutoff}, or whose next deadline is before it; oldest first. The open
     * statuses as an OR, not an IN list: PostgreSQL combines the partial index of each status only for an OR, and
     * terminal orders, most of the table, are then not read.
     */
    public Uni<List<OrderViewEntity>> stuck(OffsetDateTime cutoff, int limit) {
        return find("(status = 'PENDING' or status = 'CONFIRMED' or status = 'SHIPPED')"
                + " and ((status = 'PENDING' and placedAt < :cutoff) or deadline < :cutoff)",
                Sort.by("placedAt").and("orderId"), Parameters.with("cutoff", cutoff))
                .page(0, limit).list();
    }
}
