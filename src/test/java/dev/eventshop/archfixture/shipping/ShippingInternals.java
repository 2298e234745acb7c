package dev.eventshop.archfixture.shipping;

public class ShippingInternals {
}
