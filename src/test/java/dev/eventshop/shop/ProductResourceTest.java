package dev.eventshop.shop;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class ProductResourceTest {

    @Test
    void addsRestocksAndListsProducts() {
        String sku = Shop.newSku();
        given().contentType(ContentType.JSON)
                .body(Map.of("sku", sku, "name", "Lamp", "price", Map.of("amount", 2599, "currency", "EUR"), "stock", 5))
                .post("/products")
                .then().statusCode(201).header("Location", org.hamcrest.Matchers.endsWith("/products/" + sku))
                .body("sku", equalTo(sku)).body("price.amount", equalTo(2599)).body("price.currency", equalTo("EUR"))
                .body("available", equalTo(5));

        given().contentType(ContentType.JSON).body(Map.of("quantity", 7)).post("/products/{sku}/restock", sku)
                .then().statusCode(200).body("available", equalTo(12));
        given().get("/products/{sku}", sku).then().statusCode(200).body("name", equalTo("Lamp"))
                .body("available", equalTo(12));
        // the catalogue is paged and other tests add products: follow the next links
        org.assertj.core.api.Assertions.assertThat(Shop.pages("/products?limit=200", 200, "sku")).contains(sku);
    }

    @Test
    void refusesADuplicateSkuWithAConflictProblem() {
        String sku = Shop.newSku();
        Map<String, Object> body = Map.of("sku", sku, "name", "Lamp", "price", Map.of("amount", 100, "currency", "EUR"),
                "stock", 1);
        given().contentType(ContentType.JSON).body(body).post("/products").then().statusCode(201);
        given().contentType(ContentType.JSON).body(body).post("/products")
                .then().statusCode(409).contentType("application/problem+json").body("status", equalTo(409));
    }

    @Test
    void unknownProductsAreNotFoundProblems() {
        given().get("/products/{sku}", "nope-" + Shop.newSku())
                .then().statusCode(404).contentType("application/problem+json").body("title", equalTo("Not found"));
        given().contentType(ContentType.JSON).body(Map.of("quantity", 1)).post("/products/{sku}/restock", "nope")
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void invalidProductsAreRejectedWithEachBadField() {
        given().contentType(ContentType.JSON)
                .body(Map.of("sku", "!", "name", "Lamp", "price", Map.of("amount", -1, "currency", "euro"), "stock", -3))
                .post("/products")
                .then().statusCode(422).contentType("application/problem+json")
                .body("errors.field", org.hamcrest.Matchers.containsInAnyOrder("price.amount", "price.currency", "sku",
                        "stock"));
    }
}
