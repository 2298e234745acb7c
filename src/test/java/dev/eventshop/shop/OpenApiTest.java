package dev.eventshop.shop;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

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

    @Test
    void declaresTheBearerSchemeAndEachOperationsRoles() {
        var response = given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("components.securitySchemes.bearer.scheme", equalTo("bearer"));
        response.body("paths.'/admin/subscriptions'.get.security[0].bearer", contains("admin"));
        response.body("paths.'/payments/{orderId}'.get.security[0].bearer", containsInAnyOrder("shopper", "admin"));
        response.body("paths.'/orders'.post.security[0].bearer", containsInAnyOrder("shopper", "admin"));
        response.body("paths.'/shipments/{orderId}/dispatch'.post.security[0].bearer",
                containsInAnyOrder("admin", "carrier"));
        response.body("paths.'/products'.get.security", nullValue());
    }
}
