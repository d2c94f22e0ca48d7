package glassbox.bench;

import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The JMH settings the benchmarks inherit: microseconds per call, 10 one-second warm-up iterations, 5 measured,
 * one fork with the launcher's Vector API and C1 flags (and C2 sooner). A subclass may annotate its own.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 10, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:+UnlockDiagnosticVMOptions",
        "-XX:CompilerDirectivesFile=config/jit-directives.json", "-XX:CompileThresholdScaling=0.05"})
abstract class BenchmarkSettings {
}
