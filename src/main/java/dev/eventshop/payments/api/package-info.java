/** What the payments module publishes to other modules: event contracts and identifiers. */
package dev.eventshop.payments.api;
