package glassbox.app.playground;

import io.javalin.config.JavalinConfig;

/** The playground pages' routes, registered by the web server inside Javalin.create(cfg -> ...). */
public final class PlaygroundRoutes {
    private PlaygroundRoutes() {}

    public static void register(JavalinConfig cfg) {
    }
}
