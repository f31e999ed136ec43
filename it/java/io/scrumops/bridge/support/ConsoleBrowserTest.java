package io.scrumops.bridge.support;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

/**
 * Base of the console's browser tests: one headless Chromium per test class (Debian's {@code chromium} and
 * {@code chromium-driver}, which {@code .ci/run} installs), signing in through the sign-in page, and screenshots under
 * {@code target/screenshots/}. A subclass carries its own {@code @SpringBootTest(webEnvironment = RANDOM_PORT)}.
 */
public abstract class ConsoleBrowserTest {

    public static final String ADMIN = "admin";
    public static final String ADMIN_PASSWORD = "test-admin-password";
    /**
     * A users file with one user per role: vera (viewer), otto (operator), rita (release-manager), each with the
     * password {@code <role>-password}; give it with {@code scrumops.users-file=} + this.
     */
    public static final String USERS_FILE = "it/resources/console/users.yaml";

    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    protected static WebDriver browser;

    @LocalServerPort
    protected int port;

    @BeforeAll
    static void startBrowser() {
        if (!Files.isExecutable(CHROMEDRIVER) || !Files.isExecutable(CHROMIUM)) {
            throw new IllegalStateException("Browser tests need " + CHROMIUM + " and " + CHROMEDRIVER
                    + ": apt-get install -y chromium chromium-driver (.ci/run does it)");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,900", "--lang=en");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
            browser = null;
        }
    }

    @BeforeEach
    void startSignedOut() {
        browser.manage().window().setSize(new Dimension(1280, 900));
        browser.get(url("/login"));
        browser.manage().deleteAllCookies();
        browser.get("about:blank");
    }

    protected String url(String path) {
        return "http://localhost:" + port + path;
    }

    protected void open(String path) {
        browser.get(url(path));
    }

    /** Signs in through the form; ends on the page the sign-in leads to (home unless a page was asked for). */
    protected void signIn(String username, String password) {
        if (!browser.getCurrentUrl().contains("/login")) {
            open("/login");
        }
        browser.findElement(By.id("username")).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.id("sign-in-button")).click();
        waitUntil(ExpectedConditions.not(ExpectedConditions.urlContains("/login")));
    }

    protected void signInAsAdmin() {
        signIn(ADMIN, ADMIN_PASSWORD);
    }

    protected WebElement waitFor(By by) {
        return new WebDriverWait(browser, Duration.ofSeconds(15))
                .until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    protected <T> T waitUntil(org.openqa.selenium.support.ui.ExpectedCondition<T> condition) {
        return new WebDriverWait(browser, Duration.ofSeconds(15)).until(condition);
    }

    /** Saves what the browser shows as {@code target/screenshots/<TestClass>-<name>.png}. */
    protected Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
            Path target = SCREENSHOTS.resolve(getClass().getSimpleName() + "-" + name + ".png");
            Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Takes the screenshot at a phone's width (390 px), then goes back to the laptop size. */
    protected Path phoneScreenshot(String name) {
        browser.manage().window().setSize(new Dimension(390, 844));
        try {
            return screenshot(name + "-phone");
        } finally {
            browser.manage().window().setSize(new Dimension(1280, 900));
        }
    }
}
