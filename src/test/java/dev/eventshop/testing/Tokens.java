package dev.eventshop.testing;

import java.time.Duration;

import io.smallrye.jwt.build.Jwt;

/**
 * Bearer tokens for tests of the application in its test profile, signed with the dev and test key pair (see
 * DevTokenKeysConfigSourceFactory), the way a shopper's, an operator's or the carrier's client would send them.
 */
public final class Tokens {

    private Tokens() {
    }

    /** An operator: every order, products, /admin. */
    public static String admin() {
        return token("test-admin", "admin");
    }

    /** A shopper whose customer id is {@code customerId}. */
    public static String shopper(String customerId) {
        return token(customerId, "shopper");
    }

    public static String carrier() {
        return token("test-carrier", "carrier");
    }

    public static String token(String subject, String... groups) {
        return Jwt.subject(subject).upn(subject).groups(java.util.Set.of(groups)).expiresIn(Duration.ofHours(2)).sign();
    }

    public static String bearer(String token) {
        return "Bearer " + token;
    }
}
