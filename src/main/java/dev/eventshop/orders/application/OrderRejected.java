package dev.eventshop.orders.application;

import java.util.List;

/**
 * Why the orders module refused a request, in its own terms; the web layer says how each is answered over HTTP
 * (OrderProblems), so this layer knows nothing of status codes or problem documents.
 */
public abstract sealed class OrderRejected extends RuntimeException
        permits OrderRejected.UnknownOrder, OrderRejected.NotNow, OrderRejected.Invalid {

    private OrderRejected(String message) {
        super(message, null, false, false); // a refusal, not a failure: no stack trace to fill
    }

    /** No such order. */
    public static final class UnknownOrder extends OrderRejected {

        public UnknownOrder(String orderId) {
            super("No order " + orderId);
        }
    }

    /** The order's state does not allow it now (already shipped or cancelled). */
    public static final class NotNow extends OrderRejected {

        public NotNow(String message) {
            super(message);
        }
    }

    /** The request's content is not acceptable; each entry names a field of the request. */
    public static final class Invalid extends OrderRejected {

        private final List<Field> fields;

        public Invalid(List<Field> fields) {
            super(fields.size() == 1 ? fields.get(0).name() + ": " + fields.get(0).message()
                    : fields.size() + " fields are invalid");
            this.fields = List.copyOf(fields);
        }

        public Invalid(String field, String message) {
            this(List.of(new Field(field, message)));
        }

        public List<Field> fields() {
            return fields;
        }
    }

    /** A field of the request (as a client names it, e.g. {@code items[1].sku}) and what is wrong with it. */
    public record Field(String name, String message) {
    }
}
