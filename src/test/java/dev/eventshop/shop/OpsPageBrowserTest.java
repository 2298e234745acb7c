package dev.eventshop.shop;

import static dev.eventshop.shop.Shop.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import dev.eventshop.platform.eventstore.EventMetadata;
import dev.eventshop.platform.eventstore.EventStore;
import dev.eventshop.platform.eventstore.ExpectedVersion;
import dev.eventshop.platform.eventstore.NewEvent;
import dev.eventshop.platform.eventstore.StreamAppend;
import dev.eventshop.platform.eventstore.TestEvents.Work;
import dev.eventshop.platform.messaging.PoisonEventConsumer;
import dev.eventshop.testing.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The operator page in a real browser (Debian's chromium, driven by chromedriver): a parked event appears, the operator
 * presses Replay, and it is gone — delivered once. Needs /usr/bin/chromium and /usr/bin/chromedriver, which .ci/run
 * installs; elsewhere the test is skipped unless {@code -Dbrowser-tests.required=true}.
 */
@QuarkusTest
class OpsPageBrowserTest {

    private static final Path CHROMIUM = Path.of(System.getProperty("browser-tests.chromium", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(System.getProperty("browser-tests.chromedriver",
            "/usr/bin/chromedriver"));

    @TestHTTPResource("/ops")
    URI page;

    @Inject
    EventStore store;

    @Inject
    PoisonEventConsumer consumer;

    private WebDriver browser;
    private Path profile;

    @BeforeEach
    void openBrowser() throws Exception {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!Boolean.getBoolean("browser-tests.required")) {
            Assumptions.assumeTrue(installed, "no " + CHROMIUM + " and " + CHROMEDRIVER
                    + " (apt-get install chromium chromium-driver)");
        }
        profile = Files.createTempDirectory("eventshop-chromium");
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile());
        // a machine with a closed network: no background connections, no sandbox (CI runs as root)
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterEach
    void closeBrowser() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            }
        }
    }

    @Test
    void aParkedEventAppearsAndIsGoneOnceReplayed() {
        String label = "ops-page-" + UUID.randomUUID();
        NewEvent poison = NewEvent.of(new Work(label, true));
        store.append(new StreamAppend("ops-page-" + label, "test.work", ExpectedVersion.NO_STREAM, List.of(poison)),
                EventMetadata.start("test")).await().atMost(TIMEOUT);
        By row = By.cssSelector("#parked tr[data-event-id='" + poison.eventId() + "']");

        browser.get(page + "#token=" + Tokens.admin());

        await().atMost(TIMEOUT).ignoreExceptions().untilAsserted(() -> {
            WebElement parked = browser.findElement(row);
            assertThat(parked.getText()).contains("PARKED", "cannot process " + label);
        });
        assertThat(browser.findElement(By.cssSelector("#map .module[data-module='orders']")).getText())
                .contains("orders-payments");
        assertThat(browser.findElement(By.id("status")).getText()).startsWith("updated");
        assertThat(browser.findElement(By.cssSelector("#read-models tr[data-read-model='orders.order_view']"))
                .getText()).contains("orders.order_view", "Rebuild");

        consumer.heal(label);
        browser.findElement(row).findElement(By.cssSelector("button.replay")).click();

        await().atMost(TIMEOUT).until(() -> browser.findElements(row).isEmpty());
        await().atMost(TIMEOUT).until(() -> consumer.applied(label) == 1);
        await().atMost(TIMEOUT).ignoreExceptions().untilAsserted(() -> assertThat(
                browser.findElement(By.cssSelector("#operations tbody")).getText())
                .contains("platform.ParkedEventReplayRequested.v1", poison.eventId().toString()));
    }
}
