package dev.eventshop.platform.money;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An amount in minor units (cents) of an ISO 4217 currency. Integer arithmetic only: no rounding anywhere.
 */
public record Money(long amount, String currency) {

    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    public Money {
        Objects.requireNonNull(currency, "currency");
        if (!CURRENCY.matcher(currency).matches()) {
            throw new IllegalArgumentException("currency must be an ISO 4217 code, was " + currency);
        }
        if (amount < 0) {
            throw new IllegalArgumentException("amount must not be negative, was " + amount);
        }
    }

    public Money times(int quantity) {
        return new Money(Math.multiplyExact(amount, quantity), currency);
    }

    public Money plus(Money other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("cannot add " + other.currency + " to " + currency);
        }
        return new Money(Math.addExact(amount, other.amount), currency);
    }
}
