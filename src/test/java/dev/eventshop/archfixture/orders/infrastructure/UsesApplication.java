package dev.eventshop.archfixture.orders.infrastructure;

import dev.eventshop.archfixture.orders.application.AnswersInHttp;

/** Fixture that must break the layer rule: infrastructure calling up into application code. */
public class UsesApplication {

    public void refuse() {
        new AnswersInHttp().refuse();
    }
}
