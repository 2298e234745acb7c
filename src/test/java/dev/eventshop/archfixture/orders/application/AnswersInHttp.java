package dev.eventshop.archfixture.orders.application;

import dev.eventshop.archfixture.orders.web.HttpAnswer;

/** Fixture that must break the layer rule: application code answering in HTTP terms. */
public class AnswersInHttp {

    public void refuse() {
        throw HttpAnswer.notFound();
    }
}
