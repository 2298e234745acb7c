/**
 * The shipping module. Other modules may use only {@link dev.eventshop.shipping.api}; everything else here is internal, and
 * its tables live in the {@code shipping} schema that no other module reads. See modules.md.
 */
package dev.eventshop.shipping;
