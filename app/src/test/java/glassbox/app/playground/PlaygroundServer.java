package glassbox.app.playground;

import glassbox.app.web.ApiErrors;
import glassbox.app.web.WebServer;
import io.javalin.Javalin;

/** The playground's routes and the site's static files (the shared /nav.js), on a free port, as its browser tests use them. */
final class PlaygroundServer {
    private PlaygroundServer() {}

    static Javalin start() {
        return Javalin.create(cfg -> {
            PlaygroundRoutes.register(cfg, new Sessions(8, 60_000_000_000L, System::nanoTime));
            WebServer.serveSiteFiles(cfg);
            ApiErrors.register(cfg);
        }).start("127.0.0.1", 0);
    }
}
