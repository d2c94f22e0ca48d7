package glassbox.app.playground;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import io.javalin.Javalin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Paths;

import static org.assertj.core.api.Assertions.assertThat;

/** The five lessons in real headless Chromium; screenshots land in target/screenshots. */
class LessonsBrowserTest {
    static Javalin app;
    static Playwright playwright;
    static Browser browser;

    @BeforeAll static void start() {
        app = PlaygroundServer.start();
        playwright = Playwright.create();
        browser = HeadlessChromium.launch(playwright);
    }

    @AfterAll static void stop() {
        browser.close();
        playwright.close();
        app.stop();
    }

    static double number(Page page, String selector) { return Double.parseDouble(page.textContent(selector).trim()); }

    @Test void the_lessons_descend_diverge_fit_the_hill_and_curve_the_boundary() {
        Page page = browser.newPage(new Browser.NewPageOptions().setViewportSize(1280, 900).setLocale("en-US"));   // the English texts
        page.setDefaultTimeout(30_000);
        page.navigate("http://127.0.0.1:" + app.port() + "/lessons");
        page.waitForSelector("body[data-ready=true]");
        assertThat(page.getAttribute("header.gb-nav a[aria-current=page]", "href")).as("the shared navigation marks this page").isEqualTo("/lessons");

        // 1. small steps slide down the parabola
        double e0 = number(page, "#lineE");
        for (int i = 0; i < 5; i++) { page.click("#lineStep"); page.waitForFunction("k => document.getElementById('lineK').textContent === k", String.valueOf(i + 1)); }
        assertThat(number(page, "#lineE")).as("e after 5 steps at η = 0.05").isLessThan(e0 / 2);
        // ... and too large a rate diverges
        page.selectOption("#lineRate", "0.4");
        page.click("#lineReset");
        for (int i = 0; i < 8; i++) { page.click("#lineStep"); page.waitForFunction("k => document.getElementById('lineK').textContent === k", String.valueOf(i + 1)); }
        assertThat(number(page, "#lineE")).as("e after 8 steps at η = 0.4").isGreaterThan(e0);
        assertThat(page.textContent("#lineNote")).contains("Overshooting");
        page.locator("#lesson1").screenshot(new com.microsoft.playwright.Locator.ScreenshotOptions().setPath(Paths.get("target", "screenshots", "lesson1-diverging.png")));

        // 2. the bowl: the path goes down
        double bowl0 = number(page, "#bowlE");
        page.click("#bowlRun");
        page.waitForFunction("() => Number(document.getElementById('bowlK').textContent) >= 12");
        page.click("#bowlRun");
        assertThat(number(page, "#bowlE")).isLessThan(bowl0);

        // 3. the chain-rule product equals the engine's backprop
        page.click("#sigmoidStep");
        page.waitForFunction("() => document.getElementById('sigmoidK').textContent === '1'");
        assertThat(page.textContent("#chain")).contains("engine backprop");

        // 4. Train says Pause while it trains, and Train again when paused
        page.click("#hillRun");
        assertThat(page.textContent("#hillRun")).isEqualTo("Pause");
        page.waitForFunction("() => Number(document.getElementById('hillEpochsValue').textContent) >= 500");
        page.click("#hillRun");
        assertThat(page.textContent("#hillRun")).isEqualTo("Train");
        // the hill after 5000 epochs: two hidden neurons fit it, one neuron does not
        page.evaluate("() => { const s = document.getElementById('hillEpochs'); s.value = 5000; s.dispatchEvent(new Event('input')); }");
        page.waitForFunction("() => document.getElementById('hillEpochsValue').textContent === '5000' && Number(document.getElementById('hillTwo').textContent) < 0.05");
        assertThat(number(page, "#hillOne")).isGreaterThan(0.2);

        // 5. train both on the same ring: one neuron's line fails, three hidden neurons close the ring
        page.click("#planeRun");
        assertThat(page.textContent("#planeRun")).isEqualTo("Pause");
        page.waitForFunction("() => document.getElementById('planeRun').textContent === 'Train both'", null, new Page.WaitForFunctionOptions().setTimeout(120_000));
        assertThat(number(page, "#planeEpoch")).as("it stops by itself").isEqualTo(400);
        assertThat(number(page, "#planeLossOne")).as("test loss of one neuron on the ring").isGreaterThan(0.4);
        assertThat(number(page, "#planeLossHidden")).as("test loss of three hidden neurons on the ring").isLessThan(0.05);
        assertThat(page.textContent("#planeLine")).contains("x₁").contains("= 0");
        page.screenshot(new Page.ScreenshotOptions().setPath(Paths.get("target", "screenshots", "lessons.png")).setFullPage(true));
        page.close();
    }
}
