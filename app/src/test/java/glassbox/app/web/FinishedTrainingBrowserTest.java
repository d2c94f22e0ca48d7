package glassbox.app.web;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/** The digit lab's live training in Chromium: once a run has finished, Resume is off (it would silently train the whole run again). */
class FinishedTrainingBrowserTest {

    @Test void resume_is_disabled_once_training_has_finished() throws Exception {
        try (LabServer lab = new LabServer();
             Playwright playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
             Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(Path.of("/usr/bin/chromium"))
                     .setHeadless(true).setArgs(List.of("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run")))) {
            Page page = browser.newPage(new Browser.NewPageOptions().setViewportSize(1400, 1250));
            page.setDefaultTimeout(120_000);
            page.navigate(lab.base + "/");
            page.waitForSelector("body[data-ready=true]");
            page.fill("#t-hidden", "4");
            page.fill("#t-epochs", "1");
            page.fill("#t-examples", "100");
            page.click("#t-start");
            page.waitForSelector("section.training[data-state=finished]");
            assertThat(page.locator("#t-resume")).isDisabled();
            assertThat(page.locator("#t-start")).isEnabled();
            assertThat(page.locator("#t-save")).isEnabled();
        }
    }
}
