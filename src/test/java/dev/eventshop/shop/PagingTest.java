package dev.eventshop.shop;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;

/** GET /orders and GET /products a page at a time: stable order, no item twice, none missed, while others write. */
@QuarkusTest
class PagingTest {



    @Inject
    Pool pool;

    @Test
    void pagesOfACustomersOrdersMissAndRepeatNothingWhileOrdersArePlaced() throws Exception {
        String sku = Shop.newSku();
        Shop.addProduct(pool, sku, 100, 10_000);
        String customer = "paging-" + UUID.randomUUID();
        List<String> placedBefore = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            placedBefore.add(Shop.placeOrder(Shop.order(customer, sku, 1)));
        }
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try {
            CompletableFuture<List<String>> placedDuring = CompletableFuture.supplyAsync(() -> {
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    ids.add(Shop.placeOrder(Shop.order(customer, sku, 1)));
                }
                return ids;
            }, writer);
            List<String> seen = Shop.pages("/orders?customerId=" + customer + "&limit=7", 7, "orderId");
            placedDuring.get(60, TimeUnit.SECONDS);

            assertThat(seen).as("orders listed").doesNotHaveDuplicates().containsAll(placedBefore);
            // newest first: of the orders placed before paging began, the later ones come first
            List<String> before = seen.stream().filter(placedBefore::contains).toList();
            List<String> newestFirst = new ArrayList<>(placedBefore);
            Collections.reverse(newestFirst);
            assertThat(before).isEqualTo(newestFirst);
        } finally {
            writer.shutdownNow();
        }
        // all of them once paging starts after the writes
        assertThat(Shop.pages("/orders?customerId=" + customer + "&limit=200", 200, "orderId")).hasSize(40);
    }

    @Test
    void pagesOfTheCatalogueAreInSkuOrderWhileProductsAreAdded() throws Exception {
        String prefix = "PG" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        List<String> existing = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String sku = prefix + "-" + (char) ('A' + i);
            Shop.addProduct(pool, sku, 100, 1);
            existing.add(sku);
        }
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try {
            CompletableFuture<Void> adding = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < 6; i++) {
                    Shop.addProduct(pool, prefix + "-" + (char) ('A' + i) + "2", 100, 1);
                }
            }, writer);
            List<String> seen = Shop.pages("/products?limit=5", 5, "sku");
            adding.get(60, TimeUnit.SECONDS);
            assertThat(seen).doesNotHaveDuplicates().containsAll(existing).isSorted();
        } finally {
            writer.shutdownNow();
        }
    }

    @Test
    void aPageHasFiftyByDefaultAndAtMostTwoHundred() {
        for (int i = 0; i < 51; i++) {
            // the catalogue may hold more from other tests; it needs at least 51 for a second page
            Shop.addProduct(pool, Shop.newSku(), 100, 1);
        }
        Response first = given().get("/products").then().statusCode(200).extract().response();
        assertThat(first.jsonPath().getList("sku")).hasSize(50);
        assertThat(first.header("Link")).startsWith("</products?cursor=").endsWith(">; rel=\"next\"");
        given().get("/products?limit=200").then().statusCode(200);
    }

    @Test
    void aBadLimitOrCursorIs422NamingIt() {
        for (String limit : List.of("0", "201", "-1", "abc", "1.5")) {
            given().get("/products?limit=" + limit).then().statusCode(422).contentType("application/problem+json")
                    .body("errors.field", hasItem("limit"));
            given().get("/orders?customerId=c&limit=" + limit).then().statusCode(422)
                    .body("errors.field", hasItem("limit"));
        }
        for (String cursor : List.of("not-base64!", "AAAA", "eHl6")) {
            given().get("/orders?customerId=c&cursor=" + cursor).then().statusCode(422)
                    .contentType("application/problem+json").body("errors.field", hasItem("cursor"))
                    .body("type", equalTo("https://eventshop.dev/problems/validation"));
        }
        // a catalogue cursor is not an orders cursor
        String productsNext = given().get("/products?limit=1").then().statusCode(200).extract().header("Link");
        Matcher next = Shop.NEXT.matcher(productsNext);
        assertThat(next.find()).isTrue();
        String cursor = next.group(1).replaceAll(".*cursor=", "");
        given().get("/orders?customerId=c&cursor=" + cursor).then().statusCode(422)
                .body("errors.field", hasItem("cursor"));
    }
}
