package glassbox.app;

import glassbox.engine.BadInputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/** The glassbox command: with no subcommand it serves the web lab. */
@Command(name = "glassbox", mixinStandardHelpOptions = true, version = "glassbox 0.1.0",
        description = "A neural-network lab: train networks on MNIST and look inside them.",
        subcommands = {ServeCommand.class, TrainCommand.class, EvalCommand.class, PredictCommand.class,
                BenchCommand.class, ExperimentCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        int code = commandLine().execute(args.length == 0 ? new String[] {"serve"} : args);
        if (code != 0 || !ServeCommand.running()) System.exit(code);
    }

    /** The configured command line: user mistakes become one sentence on stderr and exit status 2. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        // A mistyped option or value: one sentence pointing at the command's --help, not the 58-line usage.
        cl.setParameterExceptionHandler((e, args) -> {
            CommandLine cmd = e.getCommandLine();
            PrintWriter err = cmd.getErr();
            String message = String.valueOf(e.getMessage()).strip().replaceAll("\\s*\\R\\s*", " ");
            if (message.endsWith(".")) message = message.substring(0, message.length() - 1);
            if (!message.isEmpty()) message = Character.toLowerCase(message.charAt(0)) + message.substring(1);
            err.println("glassbox: " + message + " (see '" + cmd.getCommandSpec().qualifiedName() + " --help').");
            err.flush();
            return 2;
        });
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof BadInputException) {
                PrintWriter err = cmd.getErr();
                err.println("glassbox: " + e.getMessage());
                err.flush();
                return 2;
            }
            throw e;
        });
        return cl;
    }

    /** The command as typed, for a model's provenance: "glassbox train --layers ...". */
    static String typed(picocli.CommandLine.Model.CommandSpec spec) {
        return "glassbox " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
    }

    @Override public void run() { CommandLine.usage(this, System.out); }
}
