package glassbox.app;

import glassbox.engine.Json;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/** One run of the glassbox command as a user makes it, with what it printed captured: the CLI tests' helper. */
record CliRun(int code, String out, String err) {

    static CliRun run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** The last line of stdout, parsed: with --json it is one object. */
    @SuppressWarnings("unchecked")
    Map<String, Object> json() {
        String[] lines = out.strip().split("\n");
        return (Map<String, Object>) Json.parse(lines[lines.length - 1]);
    }
}
