package glassbox.app.experiments;

import io.javalin.config.JavalinConfig;

/** The experiments pages' routes, registered by the web server inside Javalin.create(cfg -> ...). */
public final class ExperimentRoutes {
    private ExperimentRoutes() {}

    public static void register(JavalinConfig cfg) {
    }
}
