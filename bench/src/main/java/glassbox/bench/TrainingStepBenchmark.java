package glassbox.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * One SGD step of the seeds' networks (zero the gradients, backprop a mini-batch, step every weight),
 * sigmoid and quadratic cost, lr 3.0. Seconds per epoch = time per step x 60,000 / batch. Run with
 * {@code -prof gc}: gc.alloc.rate.norm is the bytes one step allocates (0 expected).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 10, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:+UnlockDiagnosticVMOptions",
        "-XX:CompilerDirectivesFile=config/jit-directives.json", "-XX:CompileThresholdScaling=0.05"})
public class TrainingStepBenchmark {
    @Param({"784-16-16-10", "784-30-10"}) public String layers;
    @Param({"10", "100"}) public int batch;

    StepTimes.Step step;
    int i;

    @Setup(Level.Trial) public void setUp() { step = new StepTimes.Step(layers, batch); }

    @Benchmark public void step() { step.run(i++); }
}
