/**
 * The orders module. Other modules may use only {@link dev.eventshop.orders.api}; everything else here is internal, and
 * its tables live in the {@code orders} schema that no other module reads. See modules.md.
 */
package dev.eventshop.orders;
