package glassbox.app;

import glassbox.engine.BadInputException;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

@Command(name = "bench", description = "(being built)")
final class BenchCommand implements Callable<Integer> {
    @Override public Integer call() { throw new BadInputException("'glassbox bench' is not built yet."); }
}
