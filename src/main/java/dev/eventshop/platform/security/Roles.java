package dev.eventshop.platform.security;

/** The roles a bearer token's {@code groups} claim grants. */
public final class Roles {

    /** A customer: the token's subject is the customer id; places, reads and cancels only their own orders. */
    public static final String SHOPPER = "shopper";
    /** An operator: products and stock, every order, {@code /admin/**}. */
    public static final String ADMIN = "admin";
    /** The carrier's callbacks: a parcel dispatched or delivered. */
    public static final String CARRIER = "carrier";

    private Roles() {
    }
}
