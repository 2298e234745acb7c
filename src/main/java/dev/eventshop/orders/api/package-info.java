/** What the orders module publishes to other modules: event contracts and identifiers. */
package dev.eventshop.orders.api;
