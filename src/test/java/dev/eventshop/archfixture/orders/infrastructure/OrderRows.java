package dev.eventshop.archfixture.orders.infrastructure;

/** Fixture: a read model's rows, which the web layer must reach only through an application service. */
public class OrderRows {

    public String find(String orderId) {
        return orderId;
    }
}
