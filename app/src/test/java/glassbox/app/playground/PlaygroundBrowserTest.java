package glassbox.app.playground;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import io.javalin.Javalin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.nio.file.Paths;

import static org.assertj.core.api.Assertions.assertThat;

/** The pages in real headless Chromium against a real server; screenshots land in target/screenshots. */
class PlaygroundBrowserTest {
    static Javalin app;
    static String base;
    static Playwright playwright;
    static Browser browser;
    Page page;

    @BeforeAll static void start() {
        app = PlaygroundServer.start();
        base = "http://127.0.0.1:" + app.port();
        playwright = Playwright.create();
        browser = HeadlessChromium.launch(playwright);
    }

    @AfterAll static void stop() {
        browser.close();
        playwright.close();
        app.stop();
    }

    @BeforeEach void open() {
        page = browser.newPage(new Browser.NewPageOptions().setViewportSize(1280, 900).setLocale("en-US"));   // the English texts
        page.setDefaultTimeout(20_000);
    }

    @AfterEach void close() { page.close(); }

    static Path shot(String name) { return Paths.get("target", "screenshots", name + ".png"); }

    double number(String selector) { return Double.parseDouble(page.textContent(selector).trim()); }

    /** Opens the playground and clicks a preset; waits until the URL holds a sign of its setup. */
    void openPreset(String name, String inHash) {
        page.navigate(base + "/playground");
        page.waitForSelector("body[data-ready=true]");
        page.click("button[data-preset=" + name + "]");
        page.waitForFunction("s => location.hash.includes(s)", inHash);
    }

    int epoch() { return Integer.parseInt(page.textContent("#epoch").replace(",", "").trim()); }

    @Test void playing_the_three_neuron_circle_preset_brings_the_test_loss_down() {
        page.navigate(base + "/playground");
        page.waitForSelector("body[data-ready=true]");
        assertThat(page.getAttribute("header.gb-nav a[aria-current=page]", "href")).as("the shared navigation marks this page").isEqualTo("/playground");
        page.click("button[data-preset=circle-3]");
        page.waitForFunction("() => location.hash.includes('networkShape=3&')");
        assertThat(page.textContent("#presetSentence")).contains("triangle");
        page.selectOption("#speed", "5");
        page.click("#play");
        assertThat(page.getAttribute("#play", "aria-pressed")).as("the button shows it is training").isEqualTo("true");
        page.waitForFunction("() => Number(document.body.dataset.epoch) >= 150", null, new Page.WaitForFunctionOptions().setTimeout(60_000));
        page.click("#play");
        assertThat(page.getAttribute("#play", "aria-pressed")).isEqualTo("false");
        assertThat(number("#testLoss")).as("test loss after 150+ epochs").isLessThan(0.08);
        page.check("#showTestData");
        page.screenshot(new Page.ScreenshotOptions().setPath(shot("playground-circle-3")).setFullPage(true));
    }

    @Test void adding_a_layer_and_a_neuron_changes_the_network_drawing() {
        page.navigate(base + "/playground#networkShape=4,2&dataset=xor");
        page.waitForSelector("body[data-ready=true]");
        int nodes = page.locator("#network .node").count(), links = page.locator("#network path.link").count();
        assertThat(nodes).isEqualTo(7 + 4 + 2 + 1);
        assertThat(links).isEqualTo(2 * 4 + 4 * 2 + 2);
        page.click("#addLayer");
        page.waitForFunction("() => document.querySelectorAll('#network .node').length === 16");
        page.click("#network button[data-layer='2'][data-delta='1']");
        page.waitForFunction("() => document.querySelectorAll('#network .node').length === 17");
        assertThat(page.locator("#network path.link").count()).isEqualTo(2 * 4 + 4 * 2 + 2 * 3 + 3);
        assertThat(page.textContent("#layerCount")).isEqualTo("3 HIDDEN LAYERS");
        assertThat(page.evaluate("location.hash").toString()).contains("networkShape=4%2C2%2C3");
        page.click("#network .node.feature[data-index='4']");   // X1X2 on
        page.waitForFunction("() => document.querySelectorAll('#network path.link').length === 3*4 + 8 + 6 + 3");
        page.hover("#network path.link-hover >> nth=0");
        assertThat(page.textContent("#hovercard")).startsWith("Weight is");
        page.screenshot(new Page.ScreenshotOptions().setPath(shot("playground-architecture")).setFullPage(true));
    }

    @Test void a_shared_url_gives_the_same_state() {
        String hash = "#activation=relu&regularization=l2&batchSize=7&dataset=spiral&learningRate=0.01&regularizationRate=0.001&noise=15"
                + "&networkShape=6,3&seed=4242&showTestData=true&discretize=true&percTrainData=70&x=true&y=true&xTimesY=false"
                + "&xSquared=false&ySquared=false&sinX=true&sinY=false&problem=classification";
        page.navigate(base + "/playground" + hash);
        page.waitForSelector("body[data-ready=true]");
        page.click("#step");
        page.waitForFunction("() => document.body.dataset.epoch === '1'");
        String first = page.textContent("#testLoss");
        assertThat(page.inputValue("#activation")).isEqualTo("relu");
        assertThat(page.inputValue("#regularization")).isEqualTo("l2");
        assertThat(page.inputValue("#learningRate")).isEqualTo("0.01");
        assertThat(page.inputValue("#noise")).isEqualTo("15");
        assertThat(page.inputValue("#trainPercent")).isEqualTo("70");
        assertThat(page.inputValue("#batchSize")).isEqualTo("7");
        assertThat(page.isChecked("#showTestData")).isTrue();
        assertThat(page.isChecked("#discretize")).isTrue();
        assertThat(page.locator("#network .node:not(.feature)").count()).isEqualTo(6 + 3 + 1);
        assertThat(page.locator("#network .node.feature:not(.inactive)").count()).isEqualTo(3);
        String shared = page.url();
        page.screenshot(new Page.ScreenshotOptions().setPath(shot("playground-shared")).setFullPage(true));

        Page other = browser.newPage(new Browser.NewPageOptions().setLocale("en-US"));
        other.navigate(shared);
        other.waitForSelector("body[data-ready=true]");
        other.click("#step");
        other.waitForFunction("() => document.body.dataset.epoch === '1'");
        assertThat(other.textContent("#testLoss")).as("same seed, same data, same weights").isEqualTo(first);
        assertThat(other.url()).isEqualTo(shared);
        other.close();
    }

    @Test void uploaded_points_are_trained_on_and_a_bad_file_gets_one_sentence() throws Exception {
        page.navigate(base + "/playground#networkShape=&dataset=gauss");
        page.waitForSelector("body[data-ready=true]");
        StringBuilder csv = new StringBuilder("x,y,label\n");
        java.util.Random random = new java.util.Random(1);
        for (int i = 0; i < 200; i++) {
            double x = random.nextDouble() * 10 - 5, y = random.nextDouble() * 10 - 5;
            csv.append(String.format(java.util.Locale.ROOT, "%.3f,%.3f,%d%n", x, y, y > 0.5 * x ? 1 : 0));
        }
        Path file = Paths.get("target", "upload-line.csv");
        java.nio.file.Files.writeString(file, csv);
        page.setInputFiles("#upload", file);
        page.waitForFunction("() => location.hash.includes('dataset=upload')");
        page.waitForFunction("() => document.body.dataset.epoch === '0'");
        page.selectOption("#speed", "10");
        page.click("#play");
        page.waitForFunction("() => Number(document.body.dataset.epoch) >= 60", null, new Page.WaitForFunctionOptions().setTimeout(60_000));
        page.click("#play");
        assertThat(page.textContent("#accuracy")).containsPattern("test (9\\d|100)\\.");   // 90-100% on a straight boundary
        page.screenshot(new Page.ScreenshotOptions().setPath(shot("playground-upload")).setFullPage(true));

        Path bad = Paths.get("target", "upload-bad.csv");
        java.nio.file.Files.writeString(bad, "1,2,3\n4,5,6\n");
        page.setInputFiles("#upload", bad);
        page.waitForSelector("#error:not([hidden])");
        assertThat(page.textContent("#error")).contains("label is 1 or -1");
    }

    @Test void the_sigmoid_spiral_shows_its_vanishing_gradient_and_hovering_a_neuron_shows_its_map() {
        openPreset("spiral-sigmoid", "activation=sigmoid");
        page.selectOption("#speed", "10");
        page.click("#play");
        page.waitForFunction("() => Number(document.body.dataset.epoch) >= 60", null, new Page.WaitForFunctionOptions().setTimeout(60_000));
        page.click("#play");
        assertThat(page.textContent("#gradientLegend")).contains("layer 1").contains("output");
        page.hover("#network .node[data-column='1'][data-index='0']");
        page.waitForFunction("() => document.getElementById('heatmapLabel').textContent === 'Layer 1, neuron 1'");
        page.screenshot(new Page.ScreenshotOptions().setPath(shot("playground-spiral-sigmoid")).setFullPage(true));
        page.mouse().move(5, 5);
        page.selectOption("#problem", "regression");
        page.waitForFunction("() => location.hash.includes('dataset=plane')");
        page.waitForSelector("#datasets canvas[data-name=multigauss]");
        page.click("#datasets canvas[data-name=multigauss]");
        page.waitForFunction("() => location.hash.includes('dataset=multigauss')");
        page.waitForFunction("() => document.body.dataset.epoch === '0'");
        page.screenshot(new Page.ScreenshotOptions().setPath(shot("playground-regression")).setFullPage(true));
    }

    @Test void a_bad_setup_in_the_url_shows_the_servers_sentence() {
        page.navigate(base + "/playground#networkShape=4,12");
        page.waitForSelector("#error:not([hidden])");
        assertThat(page.textContent("#error")).contains("between 1 and 8, not 12");
    }

    @Test void a_diverged_regression_says_what_to_change() {
        openPreset("xor-product", "xTimesY=true");
        page.selectOption("#problem", "regression");
        page.waitForFunction("() => location.hash.includes('dataset=plane')");
        page.click("#step");
        page.click("#step");
        page.waitForSelector("#diverged:not([hidden])");
        assertThat(page.textContent("#testLoss")).isEqualTo("NaN");
        assertThat(page.textContent("#diverged")).contains("X₁X₂").contains("learning rate 0.03").contains("0.003 or less").contains("Reset");
        page.screenshot(new Page.ScreenshotOptions().setPath(shot("playground-diverged")).setFullPage(true));
        page.selectOption("#learningRate", "0.003");   // as the sentence says: a smaller rate, then Reset
        page.click("#reset");
        page.waitForFunction("() => document.body.dataset.epoch === '0'");
        page.click("#step");
        page.waitForFunction("() => document.body.dataset.epoch === '1'");
        assertThat(page.isHidden("#diverged")).isTrue();
        assertThat(number("#testLoss")).isLessThan(1);
    }

    @Test void at_800_pixels_no_page_scrolls_sideways_and_the_output_shows() {
        Page narrow = browser.newPage(new Browser.NewPageOptions().setViewportSize(800, 900).setLocale("en-US"));
        for (String language : java.util.List.of("en", "zh")) {
            narrow.navigate(base + "/playground");
            narrow.evaluate("l => localStorage.setItem('glassbox.lang', l)", language);
            for (String path : java.util.List.of("/playground", "/lessons")) {
                narrow.navigate(base + path);
                narrow.waitForSelector("body[data-ready=true]");
                Object width = narrow.evaluate("() => document.scrollingElement.scrollWidth");
                assertThat(((Number) width).intValue()).as("scroll width of " + path + " in " + language).isLessThanOrEqualTo(800);
                narrow.screenshot(new Page.ScreenshotOptions().setPath(shot("narrow" + path.replace('/', '-') + "-" + language)).setFullPage(true));
            }
            narrow.navigate(base + "/playground");
            narrow.waitForSelector("body[data-ready=true]");
            var heatmap = narrow.locator("#heatmap").boundingBox();
            assertThat(heatmap.x + heatmap.width).as("the output's right edge").isLessThanOrEqualTo(800);
        }
        narrow.close();
    }

    @Test void the_site_has_a_favicon_linked_from_both_pages() throws Exception {
        for (String path : java.util.List.of("/playground", "/lessons")) {
            page.navigate(base + path);
            assertThat(page.getAttribute("head link[rel=icon]", "href")).as(path).isEqualTo("/favicon.svg");
        }
        var http = java.net.http.HttpClient.newHttpClient();
        for (String icon : java.util.List.of("/favicon.svg", "/favicon.ico")) {
            var r = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + icon)).build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
            assertThat(r.statusCode()).as(icon).isEqualTo(200);
            assertThat(r.body().length).as(icon).isGreaterThan(100);
        }
    }
}
