package dev.eventshop.archfixture.platform.messaging;

import dev.eventshop.archfixture.shipping.ShippingInternals;

/** Breaks layering: shared machinery depending on a module. */
public class ReachesIntoModule {

    public ShippingInternals internals() {
        return new ShippingInternals();
    }
}
