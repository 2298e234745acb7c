package dev.eventshop.payments;

/** Names the payments module uses on the outside: producer name in event metadata, database schema. */
public final class PaymentsModule {

    public static final String NAME = "payments";
    public static final String SCHEMA = "payments";

    private PaymentsModule() {
    }
}
