package glassbox.app;

import glassbox.engine.BadInputException;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

@Command(name = "serve", description = "Start the web lab on http://127.0.0.1:8080.")
final class ServeCommand implements Callable<Integer> {
    private static volatile boolean running;

    /** True once the server is up, so main() does not exit under it. */
    static boolean running() { return running; }

    @Override public Integer call() { throw new BadInputException("the web lab is not built yet; try 'glassbox train --help'."); }
}
