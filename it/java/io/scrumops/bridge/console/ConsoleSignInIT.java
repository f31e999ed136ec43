package io.scrumops.bridge.console;

import io.scrumops.bridge.support.ConsoleBrowserTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        // viewer-password, hashed with bcrypt (cost 4, tests only)
        "scrumops.users=lee:viewer:$2a$04$AJ.T8iEh.tgzvVdzvSB/y.fMoSvzBH7jMFxXnN.k4eGfLvD6FfcxC",
        "scrumops.users-file=" + ConsoleBrowserTest.USERS_FILE})
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
        assertThat(browser.findElements(By.cssSelector(".banner.sandbox"))).as("no sandbox banner outside the sandbox")
                .isEmpty();
        assertThat(browser.findElement(By.cssSelector("form.user")).getText()).contains("lee");
        assertThat(browser.findElements(By.cssSelector("#remotes tbody tr")).stream().map(WebElement::getText))
                .containsExactly("jira CLOSED never never none", "servicenow CLOSED never never none");
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
