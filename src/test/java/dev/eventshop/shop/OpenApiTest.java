package dev.eventshop.shop;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class OpenApiTest {

    @Test
    void documentsEveryEndpointAndItsErrors() {
        String[] paths = { "/products", "/products/{sku}", "/products/{sku}/restock", "/orders", "/orders/{orderId}",
                "/orders/{orderId}/cancel", "/orders/{orderId}/stream", "/payments/{orderId}", "/shipments/{orderId}",
                "/shipments/{orderId}/dispatch", "/shipments/{orderId}/deliver", "/admin/subscriptions" };
        var response = given().accept("application/json").get("/q/openapi").then().statusCode(200);
        for (String path : paths) {
            response.body(containsString("\"" + path + "\""));
        }
        response.body(containsString("\"422\"")).body(containsString("\"404\"")).body(containsString("\"409\""));
    }
}
