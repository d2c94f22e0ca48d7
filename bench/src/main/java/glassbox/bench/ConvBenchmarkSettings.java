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
 * The JMH settings of the convolution benchmarks, which inherit them: microseconds per call, 8 one-second
 * warm-up iterations, 5 measured, one fork with the launcher's Vector API and C1 flags (and C2 sooner).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 8, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:+UnlockDiagnosticVMOptions",
        "-XX:CompilerDirectivesFile=config/jit-directives.json", "-XX:CompileThresholdScaling=0.05"})
abstract class ConvBenchmarkSettings {
}
