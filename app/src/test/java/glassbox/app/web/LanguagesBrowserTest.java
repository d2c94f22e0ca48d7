package glassbox.app.web;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every page in English and in 中文, in real headless Chromium: the first language comes from the
 * browser's, the switch in the navigation changes it and is remembered, no page asks for a key the
 * messages lack, and the pages listed in TRANSLATED show no English left in Chinese. Screenshots of
 * each page in each language go to target/screenshots/.
 */
class LanguagesBrowserTest {
    static final List<String> PAGES = List.of("/", "/playground", "/lessons", "/experiments");
    /** Pages whose every text comes from the message files. */
    static final Set<String> TRANSLATED = Set.of("/", "/playground", "/lessons", "/experiments");
    /** Pages that mark body[data-ready=true] once they have drawn what they fetched. */
    static final Set<String> READY = Set.of("/", "/experiments");
    static Chromium.Site site;

    @BeforeAll static void start() { site = new Chromium.Site(); }

    @AfterAll static void stop() throws Exception { site.close(); }

    @Test void the_browser_language_comes_first_and_the_switch_is_remembered() {
        try (BrowserContext zh = site.browser.newContext(new Browser.NewContextOptions().setLocale("zh-CN"))) {
            Page page = site.open(zh, "/");
            assertThat(page.getAttribute("html", "lang")).isEqualTo("zh-CN");
            assertThat(page.textContent("header.gb-nav a[href='/playground']")).isEqualTo("游乐场");
            page.click("header.gb-nav .gb-lang button[data-lang=en]");
            page.waitForFunction("() => document.documentElement.lang === 'en'");
            assertThat(page.textContent("header.gb-nav a[href='/playground']")).isEqualTo("Playground");
            page.navigate(site.lab.base + "/lessons");
            page.waitForSelector("header.gb-nav .gb-lang button[aria-pressed=true][data-lang=en]");
            assertThat(page.getAttribute("html", "lang")).as("the choice outlives the page").isEqualTo("en");
        }
        try (BrowserContext en = site.browser.newContext(new Browser.NewContextOptions().setLocale("en-GB"))) {
            Page page = site.open(en, "/experiments");
            assertThat(page.getAttribute("html", "lang")).isEqualTo("en");
            assertThat(page.textContent("header.gb-nav nav a[href='/']")).isEqualTo("Digit lab");
        }
    }

    static Stream<Arguments> pagesInBothLanguages() {
        List<Arguments> all = new ArrayList<>();
        for (String path : PAGES) for (String language : List.of("en", "zh")) all.add(Arguments.of(path, language));
        return all.stream();
    }

    @ParameterizedTest(name = "{0} in {1}")
    @MethodSource("pagesInBothLanguages")
    void every_page_finds_all_its_messages(String path, String language) {
        try (BrowserContext context = site.browser.newContext(new Browser.NewContextOptions()
                .setLocale(language.equals("zh") ? "zh-CN" : "en-US").setViewportSize(1280, 900))) {
            List<String> errors = new ArrayList<>();
            Page page = context.newPage();
            page.onPageError(errors::add);
            page.setDefaultTimeout(60_000);
            page.navigate(site.lab.base + path);
            page.waitForSelector("header.gb-nav .gb-lang button");
            page.waitForLoadState();
            if (READY.contains(path)) page.waitForSelector("body[data-ready=true]");   // the page says when it has drawn what it fetched
            page.waitForTimeout(500);   // let the page draw what it fetched before it is read
            Object missing = page.evaluate("async () => [...(await import('/i18n.js')).missing]");
            assertThat((List<?>) missing).as("keys missing on " + path).isEmpty();
            assertThat(page.locator("body").innerText()).as("marked missing keys on " + path).doesNotContain("⟦");
            assertThat(errors).as("JavaScript errors on " + path).isEmpty();
            String name = path.equals("/") ? "lab" : path.substring(1);
            page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target", "screenshots", "i18n-" + name + "-" + language + ".png")).setFullPage(true));
            if (language.equals("zh") && TRANSLATED.contains(path)) {
                // names kept as they are (networks, model names, the figures' JSON keys) are marked translate="no"
                Object english = page.evaluate("() => { const body = document.body.cloneNode(true); body.querySelectorAll('[translate=no]').forEach(e => e.remove());"
                        + " document.body.append(Object.assign(document.createElement('div'), { id: 'gb-probe', hidden: true }));"
                        + " const probe = document.getElementById('gb-probe'); probe.hidden = false; probe.style.cssText = 'position:absolute;left:-99999px';"
                        + " probe.append(...body.childNodes); const text = probe.innerText; probe.remove();"
                        + " return (text.match(/[A-Za-z]{4,}(?:[ '-][A-Za-z]{2,})*/g) || [])"
                        + ".filter(w => !/^(Glassbox|MNIST|Fashion|ReLU|LeakyReLU|sigmoid|tanh|softmax|linear|Adam|English)$/i.test(w)); }");
                assertThat((List<?>) english).as("English words left on " + path + " in 中文").isEmpty();
            }
        }
    }
}
