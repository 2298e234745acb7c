/**
 * The payments module. Other modules may use only {@link dev.eventshop.payments.api}; everything else here is internal, and
 * its tables live in the {@code payments} schema that no other module reads. See modules.md.
 */
package dev.eventshop.payments;
