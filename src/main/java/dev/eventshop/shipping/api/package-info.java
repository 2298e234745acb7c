/** What the shipping module publishes to other modules: event contracts and identifiers. */
package dev.eventshop.shipping.api;
