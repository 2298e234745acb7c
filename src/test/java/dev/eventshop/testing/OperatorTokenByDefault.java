package dev.eventshop.testing;

import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;
import io.restassured.RestAssured;
import io.restassured.filter.Filter;

/**
 * Every REST Assured request of a Quarkus test carries an operator's token unless it sets its own
 * {@code Authorization} or the test turned this off: the scenario tests act as an operator would (any customer's
 * orders), and the security tests say who calls on each request.
 */
public class OperatorTokenByDefault implements QuarkusTestBeforeEachCallback {

    private static volatile boolean off;
    private static volatile String header;

    private static final Filter OPERATOR = (request, response, context) -> {
        if (!off && !request.getHeaders().hasHeaderWithName("Authorization")) {
            if (header == null) {
                header = Tokens.bearer(Tokens.admin());
            }
            request.header("Authorization", header);
        }
        return context.next(request, response);
    };

    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        off = false;
        if (!RestAssured.filters().contains(OPERATOR)) {
            RestAssured.filters(OPERATOR);
        }
    }

    /** For the rest of this test, requests carry only the Authorization they set themselves. */
    public static void turnOff() {
        off = true;
    }

    /** Requests without an Authorization of their own carry the operator's token again. */
    public static void turnOn() {
        off = false;
    }
}
