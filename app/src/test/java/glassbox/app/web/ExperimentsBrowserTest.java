package glassbox.app.web;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The experiments page and the report pages in real headless Chromium, as a newcomer meets them on a
 * fresh clone: every experiment offers the report shipped in docs/experiments, the figures can be read
 * on the dark page, titles wrap between words, nothing scrolls sideways at 800 px, and a report page
 * has the site's navigation and theme and names its sources.
 */
class ExperimentsBrowserTest {
    static final Path SHOTS = Path.of("target", "screenshots");
    static Chromium.Site site;

    @BeforeAll static void start() { site = new Chromium.Site(); }

    @AfterAll static void stop() throws Exception { site.close(); }

    static BrowserContext context(String locale) {
        return site.browser.newContext(new Browser.NewContextOptions().setLocale(locale).setViewportSize(800, 900));
    }

    /** WCAG contrast ratio of an element's text against the page behind it. */
    static final String CONTRAST = """
            (e) => { const rgb = (s) => s.match(/\\d+(\\.\\d+)?/g).slice(0, 3).map(Number);
              const lum = (c) => { const [r, g, b] = c.map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
                return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
              let bg = null; for (let n = e; n && !bg; n = n.parentElement) { const c = getComputedStyle(n).backgroundColor;
                if (c && !c.startsWith('rgba(0, 0, 0, 0)') && c !== 'transparent') bg = c; }
              const a = lum(rgb(getComputedStyle(e).color)), b = lum(rgb(bg || getComputedStyle(document.body).backgroundColor));
              return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05); }""";

    @Test void a_fresh_clone_offers_the_shipped_report_of_every_experiment_readably_at_800_px() {
        try (BrowserContext en = context("en-US")) {
            Page page = site.open(en, "/experiments");
            page.waitForSelector("body[data-ready=true]");
            assertThat(page.locator("#experiments li.entry")).hasCount(7);
            assertThat(page.locator("#experiments li.entry .run a")).hasCount(7);
            assertThat(page.locator("#experiments")).not().containsText("not run yet");
            for (Object ratio : (List<?>) page.evaluate("(f) => [...document.querySelectorAll('.headline div, .headline b')].map(e => eval(f)(e))", CONTRAST))
                assertThat(((Number) ratio).doubleValue()).as("contrast of a headline figure").isGreaterThanOrEqualTo(4.5);
            // a title that wraps does so between words: each word of it sits on one line
            Object split = page.evaluate("""
                    () => { let n = 0; for (const h of document.querySelectorAll('#experiments h2')) { const text = h.firstChild, words = /\\S+/g; let m;
                      while ((m = words.exec(text.data))) { const r = document.createRange(); r.setStart(text, m.index); r.setEnd(text, m.index + m[0].length);
                        if (new Set([...r.getClientRects()].map(x => Math.round(x.top))).size > 1) n++; } } return n; }""");
            assertThat(((Number) split).intValue()).as("words broken across lines").isZero();
            assertThat(((Number) page.evaluate("() => document.scrollingElement.scrollWidth")).intValue()).isLessThanOrEqualTo(800);
            page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve("experiments-800.png")).setFullPage(true));

            @SuppressWarnings("unchecked")
            List<String> reports = (List<String>) page.evaluate("() => [...document.querySelectorAll('#experiments li.entry .run a')].map(a => a.getAttribute('href'))");
            for (String report : reports) {
                Page r = site.open(en, report);
                r.waitForLoadState();
                assertThat(r.locator("header.gb-nav a[aria-current=page]")).hasText("Experiments");
                assertThat(r.evaluate("() => getComputedStyle(document.body).backgroundColor")).as("the site's dark theme").isEqualTo("rgb(15, 17, 21)");
                assertThat(r.locator("main")).not().containsText("Seed 0");
                assertThat(r.locator("main")).containsText(java.util.regex.Pattern.compile("3Blue1Brown|The blog|Nielsen"));
                assertThat(((Number) r.evaluate("() => document.scrollingElement.scrollWidth")).intValue()).as("width of " + report).isLessThanOrEqualTo(800);
                r.close();
            }
        }
    }

    @Test void the_sweep_report_speaks_chinese_to_a_chinese_reader() {
        try (BrowserContext zh = context("zh-CN")) {
            Page page = site.open(zh, "/experiments/sweep/index.html");
            page.waitForLoadState();
            assertThat(page.locator("h1")).hasText("隐藏层要几个神经元才够：10 个就到 93%");
            assertThat(page.locator("[data-report-key='report.sweep.hundred']")).containsText("全凭运气");
            assertThat(page.locator("[data-report-key='report.sweep.how']")).containsText("30 轮");
            page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve("report-sweep-zh.png")).setFullPage(true));
        }
    }
}
