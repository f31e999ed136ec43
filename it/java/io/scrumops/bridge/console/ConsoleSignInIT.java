package io.scrumops.bridge.console;

import io.scrumops.bridge.support.ConsoleBrowserTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        // viewer-password, hashed with bcrypt (cost 4, tests only)
        "scrumops.users=lee:viewer:$2a$04$AJ.T8iEh.tgzvVdzvSB/y.fMoSvzBH7jMFxXnN.k4eGfLvD6FfcxC",
        "scrumops.users-file=" + ConsoleBrowserTest.USERS_FILE,
        "scrumops.sandbox.enabled=true"})
class ConsoleSignInIT extends ConsoleBrowserTest {

    @Test
    void aPageAskedForWithoutSigningInLeadsToTheSignInPageAndThenToThatPage() {
        open("/health/figures");
        assertThat(browser.getCurrentUrl()).endsWith("/login");
        screenshot("sign-in");

        signInAsAdmin();

        assertThat(browser.getCurrentUrl()).contains("/health/figures");
    }

    @Test
    void aViewerFromTheUsersListSeesSyncHealthInTheLayout() {
        signIn("lee", "viewer-password");

        assertThat(waitFor(By.tagName("h1")).getText()).isEqualTo("Sync health");
        assertThat(browser.findElement(By.cssSelector("nav")).getText())
                .contains("Sync health", "Work items", "Quarantine", "Mappings", "Backfills", "Report", "Releases");
        assertThat(browser.findElement(By.cssSelector(".zone")).getText()).isEqualTo("All times in UTC.");
        assertThat(browser.findElement(By.cssSelector(".banner.sandbox")).getText()).startsWith("Sandbox");
        assertThat(browser.findElement(By.cssSelector("form.user")).getText()).contains("lee");
        screenshot("home");
        phoneScreenshot("home");
    }

    @Test
    void aWrongPasswordStaysOnTheSignInPageWithAnError() {
        open("/login");
        browser.findElement(By.id("username")).sendKeys("lee");
        browser.findElement(By.id("password")).sendKeys("not-the-password");
        browser.findElement(By.id("sign-in-button")).click();

        assertThat(waitFor(By.cssSelector(".notice")).getText()).isEqualTo("Unknown user name or wrong password.");
        assertThat(browser.getCurrentUrl()).contains("/login?error");
    }

    @Test
    void theChartLibraryIsServedFromTheJar() {
        signInAsAdmin();
        open("/webjars/echarts/dist/echarts.min.js");
        assertThat(browser.getPageSource()).contains("echarts");
    }
}
