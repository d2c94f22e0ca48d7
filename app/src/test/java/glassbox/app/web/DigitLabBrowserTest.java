package glassbox.app.web;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.BoundingBox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The digit lab in real headless Chromium (Debian's, through Playwright): drawing, the neuron
 * inspector, the test-set browser, live training, noise, the model switcher and a phone-sized screen.
 * Screenshots go to target/screenshots/.
 */
class DigitLabBrowserTest {
    static LabServer lab;
    static Playwright playwright;
    static Browser browser;
    static final Path SHOTS = Path.of("target", "screenshots");
    Page page;
    String test;

    @BeforeAll static void start() throws Exception {
        lab = new LabServer();
        playwright = Chromium.playwright();
        browser = Chromium.launch(playwright);
    }

    @AfterAll static void stop() throws Exception {
        if (browser != null) browser.close();
        if (playwright != null) playwright.close();
        lab.close();
    }

    @BeforeEach void open(TestInfo info) {
        test = info.getTestMethod().orElseThrow().getName();
        page = browser.newPage(new Browser.NewPageOptions().setViewportSize(1400, 1250).setLocale("en-US"));   // the texts asserted are English
        page.setDefaultTimeout(120_000);
        page.navigate(lab.base + "/");
        page.waitForSelector("body[data-ready=true]");
    }

    @AfterEach void close() {
        shot("end");
        page.close();
    }

    void shot(String name) {
        page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve(test + "-" + name + ".png")).setFullPage(true));
    }

    /** Draws a polyline on the pad, in pad coordinates 0..280. */
    void stroke(double... xy) {
        BoundingBox box = page.locator("#pad").boundingBox();
        double k = box.width / 280;
        page.mouse().move(box.x + xy[0] * k, box.y + xy[1] * k);
        page.mouse().down();
        for (int i = 2; i < xy.length; i += 2) page.mouse().move(box.x + xy[i] * k, box.y + xy[i + 1] * k, new com.microsoft.playwright.Mouse.MoveOptions().setSteps(8));
        page.mouse().up();
    }

    /** A circle drawn with one pointer event every 16 ms, so the drawing lasts as long as a person's would. */
    void slowCircle(int moves) {
        BoundingBox box = page.locator("#pad").boundingBox();
        double k = box.width / 280, cx = box.x + 140 * k, cy = box.y + 140 * k, r = 80 * k;
        page.mouse().move(cx + r, cy);
        page.mouse().down();
        for (int i = 1; i <= moves; i++) {
            double a = 2 * Math.PI * i / moves;
            page.mouse().move(cx + r * Math.cos(a), cy + r * Math.sin(a) * 1.3);
            page.waitForTimeout(16);
        }
        page.mouse().up();
    }

    int updates() { return Integer.parseInt(String.valueOf(page.evaluate("() => Number(document.body.dataset.updates || 0)"))); }

    /** Waits until the page has shown a prediction for the pad as it is now. */
    void settle() {
        page.waitForFunction("() => document.body.dataset.updates && !document.querySelector('#digit').textContent.includes('?')");
        int before;
        do {
            before = updates();
            page.waitForTimeout(300);
        } while (updates() != before);
    }

    @SuppressWarnings("unchecked")
    List<String> fills() {
        return (List<String>) page.evaluate("() => [...document.querySelectorAll('#net circle.unit')].map(c => c.getAttribute('fill'))");
    }

    @Test void drawing_a_seven_predicts_seven_and_the_activations_change() {
        List<String> blank = fills();
        stroke(60, 50, 220, 50, 120, 250);     // a 7: the top bar, then the diagonal
        settle();
        assertThat(page.locator("#digit")).hasText("7");
        List<String> seven = fills();
        assertThat(seven).isNotEqualTo(blank);
        assertThat(page.locator("#bars li.winner")).hasCount(1);
        shot("seven");

        page.click("#clear");
        stroke(140, 40, 142, 250);              // a 1
        settle();
        assertThat(page.locator("#digit")).hasText("1");
        assertThat(fills()).as("hidden activations for a 1 differ from a 7").isNotEqualTo(seven);
        stroke(140, 40, 100, 80);               // a flag on the 1, then undo it
        settle();
        page.click("#undo");
        settle();
        assertThat(page.locator("#digit")).hasText("1");
        assertThat(page.locator("#rate")).containsText("updates/s");
        slowCircle(120);   // two seconds of drawing at about 60 pointer events per second, as a hand would
        settle();
        System.out.println("digit lab: at most " + page.evaluate("() => document.body.dataset.maxRate") + " updates/s while drawing (headless, shared CPU)");
    }

    @Test void clicking_a_neuron_shows_its_weight_map_activation_and_top_test_digits() {
        stroke(140, 40, 142, 250);
        settle();
        page.click("#net circle[data-layer='0'][data-unit='3']");
        assertThat(page.locator("#insp-map")).isVisible();
        assertThat(page.locator("#insp-top li")).hasCount(DigitLab.TOP);
        assertThat(page.locator("#insp-activation")).not().hasText("–");
        assertThat(page.locator("#insp-name")).containsText("Layer 0");
        shot("first-layer");
        page.click("#net circle[data-layer='1'][data-unit='5']");
        assertThat(page.locator("#insp-name")).containsText("Layer 1");
        assertThat(page.locator(".inspector figcaption.muted").first()).containsText("effective map");
        page.locator("#insp-top li button").first().click();
        settle();
        shot("second-layer");
    }

    @Test void the_test_set_browser_steps_filters_and_loads_an_image_to_edit() {
        Locator status = page.locator("#test-status");
        assertThat(status).containsText("Images 1–12 of 10,000");
        page.click("#test-next");
        assertThat(status).containsText("Images 13–24 of 10,000");
        page.click("#test-prev");
        assertThat(status).containsText("Images 1–12");
        page.selectOption("#test-filter", "misclassified");
        assertThat(status).containsText("Misclassified images 1–12");
        Locator tiles = page.locator("#test-strip li");
        assertThat(tiles).hasCount(12);
        assertThat(page.locator("#test-strip li.wrong")).hasCount(12);
        tiles.first().locator("button").click();
        settle();
        String label = page.locator("#test-strip li").first().getAttribute("data-index");
        assertThat(page.locator("#seen-note")).containsText("Test image #" + label);
        stroke(100, 100, 180, 100);            // edit it
        settle();
        shot("edited");
    }

    @Test void live_training_draws_the_curve_and_stops_resumes_and_saves() {
        page.fill("#t-hidden", "16");
        page.fill("#t-epochs", "1000");   // the most allowed: a run that cannot finish before Stop arrives
        page.fill("#t-examples", "1000");
        page.click("#t-start");
        page.waitForFunction("() => Number(document.querySelector('#t-acc-chart').dataset.epochs) >= 2");
        page.waitForFunction("() => document.querySelectorAll('#t-maps canvas').length === 16");
        page.click("#t-stop");
        page.waitForSelector("section.training[data-state=stopped]");
        int points = Integer.parseInt(page.locator("#t-acc-chart").getAttribute("data-points"));
        shot("stopped");
        assertThat(page.locator("#t-resume")).isEnabled();
        page.click("#t-resume");
        page.waitForFunction("n => Number(document.querySelector('#t-acc-chart').dataset.points) > n", points + 3);
        page.click("#t-stop");
        page.waitForSelector("section.training[data-state=stopped]");
        page.fill("#t-name", "browser-16");
        page.click("#t-save");
        assertThat(page.locator("#t-status")).containsText("saved as model browser-16");
        assertThat(page.locator("#model option[value='browser-16']")).hasCount(1);
        shot("saved");
    }

    @Test void noise_gets_an_answer_anyway() {
        page.click("#noise");
        settle();
        assertThat(page.locator("#noise-note")).isVisible();
        assertThat(page.locator("#digit")).hasText(java.util.regex.Pattern.compile("[0-9]"));
        shot("noise");
    }

    @Test void switching_models_redraws_the_network() {
        page.selectOption("#model", "mlp-30");
        page.waitForFunction("() => document.querySelectorAll('#net circle[data-layer=\"0\"]').length === 30");
        assertThat(page.locator("#net circle.unit")).hasCount(40);
        assertThat(page).hasURL(java.util.regex.Pattern.compile("model=mlp-30"));
        stroke(140, 40, 142, 250);
        settle();
        shot("mlp-30");
    }

    @Test void a_committee_shows_each_members_vote_and_draws_member_1() throws Exception {
        lab.addCommittee("browser-committee", "mlp-16-16", "mlp-30");
        page.navigate(lab.base + "/?model=browser-committee");
        page.waitForSelector("body[data-ready=true]");
        assertThat(page.locator("#model")).hasValue("browser-committee");
        assertThat(page.locator("#net-name")).containsText("committee of 2, answers averaged · showing member 1");
        stroke(140, 40, 142, 250);
        settle();
        assertThat(page.locator("#votes .vote-list li")).hasCount(2);
        page.click("#votes summary");
        assertThat(page.locator("#votes .vote-list li").nth(1)).containsText("member 2:");
        shot("committee");
    }

    @Test void a_large_committee_summarises_its_votes_and_keeps_the_neuron_panel_in_view() throws Exception {
        String[] members = new String[38];
        for (int i = 0; i < members.length; i++) members[i] = i % 2 == 0 ? "mlp-16-16" : "mlp-30";
        lab.addCommittee("browser-38", members);
        page.navigate(lab.base + "/?model=browser-38");
        page.waitForSelector("body[data-ready=true]");
        stroke(140, 40, 142, 250);
        settle();
        int rows = page.locator("#votes .vote-summary li").count();
        assertThat(rows).as("one line per digit chosen").isBetween(1, 10);
        Object counted = page.evaluate("() => [...document.querySelectorAll('#votes .vote-summary li')].reduce((s, li) => s + Number(li.textContent.match(/: (\\d+) of 38/)[1]), 0)");
        assertThat(((Number) counted).intValue()).as("the summary counts every member once").isEqualTo(38);
        assertThat(page.locator("#votes details")).not().hasAttribute("open", "");
        assertThat(page.locator("#votes .vote-list li")).hasCount(38);
        page.click("#net circle[data-layer='0'][data-unit='3']");
        assertThat(page.locator("#insp-map")).isVisible();
        BoundingBox panel = page.locator("section.inspector").boundingBox();
        assertThat(panel.y).as("the neuron panel starts above the fold").isLessThan(page.viewportSize().height);
        shot("committee-38");
    }

    @Test void a_cnn_shows_every_map_readable_kernels_and_labels_apart_and_hovering_a_map_shows_what_feeds_it() {
        page.navigate(lab.base + "/?model=cnn-best");
        page.waitForSelector("body[data-ready=true]");
        stroke(140, 40, 142, 250);
        settle();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> layers = (List<Map<String, Object>>) page.evaluate(
                "async () => (await (await fetch('/api/models/cnn-best')).json()).model.layers");
        for (Map<String, Object> l : layers) {
            String unit = Boolean.TRUE.equals(l.get("maps")) ? "image.unit" : "circle.unit";
            assertThat(page.locator("#net " + unit + "[data-layer='" + l.get("index") + "']").count()).as("every unit of layer " + l.get("index"))
                    .isEqualTo(((Number) l.get("units")).intValue());
        }
        Object smallestCircle = page.evaluate("() => Math.min(...[...document.querySelectorAll('#net circle.unit')].map(c => c.getBoundingClientRect().width))");
        assertThat(((Number) smallestCircle).doubleValue()).as("a neuron is a circle, not a dot").isGreaterThanOrEqualTo(6);
        Object overlaps = page.evaluate("""
                () => { const r = [...document.querySelectorAll('#net text.layer-label')].map(t => t.getBoundingClientRect());
                  let n = 0; for (let i = 0; i < r.length; i++) for (let j = i + 1; j < r.length; j++)
                    if (r[i].left < r[j].right && r[j].left < r[i].right && r[i].top < r[j].bottom && r[j].top < r[i].bottom) n++;
                  return n; }""");
        assertThat(((Number) overlaps).intValue()).as("layer labels that overlap").isZero();

        Locator map = page.locator("#net image.unit[data-layer='3'][data-unit='5']");
        map.hover();
        assertThat(page.locator("#net-hover")).isVisible();
        assertThat(page.locator("#net-hover .kernels canvas")).hasCount(32);   // one 3x3 kernel for each of the 32 maps it reads
        assertThat(page.locator("#net rect.feeds")).hasCount(32);
        assertThat(page.locator("#net rect.field")).hasCount(2);                // the patch of the input, and the value in the map
        Object kernelWidth = page.evaluate("() => document.querySelector('#net-hover .kernels canvas').getBoundingClientRect().width");
        assertThat(((Number) kernelWidth).doubleValue()).as("a 3x3 kernel at 8 px a weight or more").isGreaterThanOrEqualTo(24);
        Object field = page.evaluate("() => document.querySelectorAll('#net rect.field')[0].getBoundingClientRect().width");
        assertThat(((Number) field).doubleValue()).as("the input patch a second-convolution value reads").isGreaterThan(0);
        shot("cnn-hover");
        page.mouse().move(0, 0);
        assertThat(page.locator("#net-hover")).isHidden();

        page.click("#net image.unit[data-layer='0'][data-unit='2']");
        assertThat(page.locator("#insp-kernel canvas")).hasCount(1);
        Object width = page.evaluate("() => document.querySelector('#insp-kernel canvas').getBoundingClientRect().width");
        assertThat(((Number) width).doubleValue()).as("a 5x5 kernel at 8 px a weight or more").isGreaterThanOrEqualTo(40);
        shot("cnn");
    }

    @Test void the_answer_says_what_the_bar_shows_activation_for_sigmoid_probability_for_softmax() {
        page.click("#noise");   // mlp-16-16: sigmoid outputs
        settle();
        String winner = page.locator("#bars li.winner .value").textContent();
        assertThat(page.locator("#confidence")).containsText("activation " + winner);
        assertThat(page.locator("#confidence")).not().containsText("%");
        page.selectOption("#model", "cnn-lenet");   // softmax outputs
        page.waitForFunction("() => document.querySelector('#confidence').textContent.includes('probability')");
        settle();
        double bar = Double.parseDouble(page.locator("#bars li.winner .value").textContent());
        assertThat(page.locator("#confidence")).containsText(String.format(java.util.Locale.ROOT, "probability %.1f%%", 100 * bar));
    }

    @Test void live_training_shows_its_first_point_soon_after_start() {
        page.fill("#t-hidden", "16,16");
        page.fill("#t-epochs", "1000");   // long enough to be still running when Stop is clicked
        page.evaluate("() => { window.clickedAt = performance.now(); }");
        page.click("#t-start");
        page.waitForFunction("() => Number(document.querySelector('#t-acc-chart').dataset.points) >= 1");
        Object ms = page.evaluate("() => Math.round(performance.now() - window.clickedAt)");
        System.out.println("digit lab: first live-training point " + ms + " ms after Start (headless, shared CPU)");
        page.click("#t-stop");
        page.waitForSelector("section.training[data-state=stopped], section.training[data-state=finished]");
    }

    @Test void at_800_px_wide_nothing_scrolls_sideways() {
        page.setViewportSize(800, 900);
        for (String model : List.of("mlp-16-16", "cnn-best")) {
            page.navigate(lab.base + "/?model=" + model);
            page.waitForSelector("body[data-ready=true]");
            stroke(140, 40, 142, 250);
            settle();
            Object width = page.evaluate("() => document.scrollingElement.scrollWidth");
            assertThat(((Number) width).intValue()).as("page width with " + model).isLessThanOrEqualTo(800);
        }
        shot("800");
    }

    @Test void a_network_that_straightens_digits_shows_the_straightened_digit_as_large_as_the_input() throws Exception {
        glassbox.engine.Network n = glassbox.engine.Network.create(new glassbox.engine.Architecture("deskew-conv5x5x4-pool2-fc10", glassbox.data.Mnist.SHAPE,
                new glassbox.engine.Activation.Relu(), new glassbox.engine.Activation.Softmax(), new glassbox.engine.Cost.SoftmaxLogLikelihood()),
                glassbox.engine.Initializer.HE, 1);
        glassbox.engine.ModelFile.save(n, Map.of("seed", 1), lab.models.resolve("browser-deskew.gbx"));
        page.navigate(lab.base + "/?model=browser-deskew");
        page.waitForSelector("body[data-ready=true]");
        stroke(100, 40, 180, 250);   // a stroke leaning right
        settle();
        @SuppressWarnings("unchecked")
        Map<String, Object> layout = (Map<String, Object>) page.evaluate("""
                () => { const box = (e) => e.getBBox();
                  const input = box(document.querySelector('#net > g.units > image:not(.unit)'));
                  const redrawn = document.querySelector('#net image.unit[data-layer="0"]');
                  const conv = box(document.querySelector('#net image.unit[data-layer="1"]'));
                  return { inputBottom: input.y + input.height, inputWidth: input.width, y: box(redrawn).y, width: box(redrawn).width, convTop: conv.y,
                           drawn: (redrawn.getAttribute('href') || '').startsWith('data:image') }; }""");
        assertThat(((Number) layout.get("width")).doubleValue()).as("drawn as large as the input").isEqualTo(((Number) layout.get("inputWidth")).doubleValue());
        assertThat(((Number) layout.get("y")).doubleValue()).as("after the input").isGreaterThan(((Number) layout.get("inputBottom")).doubleValue());
        assertThat(((Number) layout.get("y")).doubleValue()).as("before the first convolution").isLessThan(((Number) layout.get("convTop")).doubleValue());
        assertThat(layout.get("drawn")).isEqualTo(true);
        assertThat(page.locator("#net text", new Page.LocatorOptions().setHasText("deskew"))).hasCount(1);
        shot("deskew");
    }

    @Test void a_phone_sized_screen_has_no_sideways_scrolling() {
        page.setViewportSize(390, 844);
        page.reload();
        page.waitForSelector("body[data-ready=true]");
        stroke(140, 40, 142, 250);
        settle();
        Object overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth");
        assertThat(((Number) overflow).intValue()).isLessThanOrEqualTo(0);
        shot("phone");
    }
}
