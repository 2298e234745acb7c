/** What the inventory module publishes to other modules: event contracts and identifiers. */
package dev.eventshop.inventory.api;
