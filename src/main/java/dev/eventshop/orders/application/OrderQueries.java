package dev.eventshop.orders.application;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.eventshop.orders.application.OrderView.HistoryEntry;
import dev.eventshop.orders.application.OrderView.ItemView;
import dev.eventshop.orders.infrastructure.OrderViewEntity;
import dev.eventshop.orders.infrastructure.OrderViewRepository;
import dev.eventshop.orders.infrastructure.OrdersConfig;
import dev.eventshop.platform.money.Money;
import dev.eventshop.platform.query.Cursor;
import dev.eventshop.platform.query.Page;
import dev.eventshop.platform.query.Reads;
import io.smallrye.mutiny.Uni;

/** What the web layer may ask about orders; each read in a session of its own (see {@link Reads}). */
@ApplicationScoped
public class OrderQueries {

    private static final TypeReference<List<ItemView>> ITEMS = new TypeReference<>() {
    };
    private static final TypeReference<List<HistoryEntry>> HISTORY = new TypeReference<>() {
    };

    private final Reads reads;
    private final OrderViewRepository orders;
    private final ObjectMapper json;
    private final OrdersConfig config;

    public OrderQueries(Reads reads, OrderViewRepository orders, ObjectMapper json, OrdersConfig config) {
        this.reads = reads;
        this.orders = orders;
        this.json = json;
        this.config = config;
    }

    public Uni<Optional<OrderView>> find(String orderId) {
        return reads.session(() -> orders.findById(orderId)).map(row -> Optional.ofNullable(row).map(this::view));
    }

    /**
     * A page of a customer's orders, newest first (then by id); only those in {@code status} unless it is null;
     * after the order the cursor names (see {@link Cursor}), or from the newest when it is null.
     *
     * @throws Cursor.InvalidCursor when the cursor is not one of this listing
     */
    public Uni<Page<OrderView>> ofCustomer(String customerId, String status, String cursor, int limit) {
        List<String> after = Cursor.parts(cursor, 2);
        OffsetDateTime placedBefore;
        try {
            placedBefore = after == null ? null : OffsetDateTime.ofInstant(Instant.parse(after.get(0)), ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new Cursor.InvalidCursor();
        }
        return reads.session(() -> orders.ofCustomer(customerId, status, placedBefore,
                after == null ? null : after.get(1), limit + 1))
                .map(rows -> Page.of(rows, limit, this::view,
                        row -> Cursor.of(row.placedAt().toInstant().toString(), row.orderId())));
    }

    /**
     * The orders an operator should look at: PENDING for longer than {@code eventshop.orders.stuck-after} (what the
     * {@code eventshop.orders.stuck} metric counts), or still open with their next deadline passed by that much (the
     * deadline check should have moved them on). Oldest first, each with its last step.
     */
    public Uni<List<StuckOrder>> stuck(int limit) {
        OffsetDateTime cutoff = OffsetDateTime.now(ZoneOffset.UTC).minus(config.stuckAfter());
        return reads.session(() -> orders.stuck(cutoff, limit)).map(rows -> rows.stream().map(row -> {
            Instant deadline = row.deadline() == null ? null : row.deadline().toInstant();
            boolean pendingTooLong = row.status().equals("PENDING") && row.placedAt().isBefore(cutoff);
            List<HistoryEntry> history = read(row.historyJson(), HISTORY);
            HistoryEntry last = history.isEmpty() ? null : history.get(history.size() - 1);
            return new StuckOrder(row.orderId(), row.customerId(), row.status(), row.placedAt().toInstant(), deadline,
                    pendingTooLong ? "PENDING for longer than " + config.stuckAfter()
                            : "its deadline passed at " + deadline + " and it did not move on",
                    last == null ? null : last.type(), last == null ? null : last.occurredAt());
        }).toList());
    }

    private OrderView view(OrderViewEntity row) {
        return new OrderView(row.orderId(), row.customerId(), row.status(), read(row.itemsJson(), ITEMS),
                new Money(row.totalAmount(), row.currency()), row.cancellationReason(), row.trackingNumber(),
                read(row.historyJson(), HISTORY));
    }

    private <T> T read(String text, TypeReference<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("orders.order_view holds JSON this build cannot read", e);
        }
    }
}
