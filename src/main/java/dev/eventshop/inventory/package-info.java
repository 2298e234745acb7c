/**
 * The inventory module. Other modules may use only {@link dev.eventshop.inventory.api}; everything else here is internal, and
 * its tables live in the {@code inventory} schema that no other module reads. See modules.md.
 */
package dev.eventshop.inventory;
