package io.github.eid4j.bench;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The round trip of one command through p11host's pipe with no module call: the share of every
 * PKCS#11 figure that is the benchmark's own client, the same for each module.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class HostPipeBenchmark {
    private ModuleHost host;

    @Setup(Level.Trial)
    public void start() throws Exception {
        host = ModuleHost.start(BenchHome.fromEnvironment().host(), Map.of());
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        host.close();
    }

    @Benchmark
    public void ping() throws Exception {
        host.ping();
    }
}
