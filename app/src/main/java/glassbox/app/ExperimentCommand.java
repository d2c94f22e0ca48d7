package glassbox.app;

import glassbox.engine.BadInputException;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

@Command(name = "experiment", description = "(being built)")
final class ExperimentCommand implements Callable<Integer> {
    @Override public Integer call() { throw new BadInputException("'glassbox experiment' is not built yet."); }
}
