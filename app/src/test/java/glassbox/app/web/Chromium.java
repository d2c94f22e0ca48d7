package glassbox.app.web;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Debian's Chromium through Playwright, headless and quiet (no network chatter of its own), as the lab's browser tests use it. */
final class Chromium {
    private Chromium() {}

    static Playwright playwright() {
        return Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    }

    /** A browser whose temporary files stay in target/chromium-tmp; screenshots go to target/screenshots, made here. */
    static Browser launch(Playwright playwright) {
        try {
            Files.createDirectories(Path.of("target", "screenshots"));
            Path tmp = Files.createDirectories(Path.of("target", "chromium-tmp"));
            return playwright.chromium().launch(new BrowserType.LaunchOptions()
                    .setExecutablePath(Path.of("/usr/bin/chromium")).setHeadless(true)
                    .setEnv(Map.of("TMPDIR", tmp.toAbsolutePath().toString()))
                    .setArgs(List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                            "--disable-background-networking", "--disable-component-update", "--disable-sync")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A lab server and a browser for one test class, with the navigation's pages opened the same way. */
    static final class Site implements AutoCloseable {
        final LabServer lab = new LabServer();
        final Playwright playwright = playwright();
        final Browser browser = launch(playwright);

        /** Opens path in the context and waits for the navigation (and so the messages) to be there. */
        Page open(BrowserContext context, String path) {
            Page page = context.newPage();
            page.setDefaultTimeout(60_000);
            page.navigate(lab.base + path);
            page.waitForSelector("header.gb-nav .gb-lang button");
            return page;
        }

        @Override public void close() throws IOException {
            browser.close();
            playwright.close();
            lab.close();
        }
    }
}
