package io.github.eid4j.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the benchmarks and prints one table of eid4j against a baseline measured in the same run:
 * the JCA provider against the JDK's Signature, libeid4j-pkcs11.so against SoftHSM2 (signing) and
 * OpenSC (cold start), the host process's resident memory, and PACE against JMRTD's. {@code ./bench} runs this with
 * EID4J_HOME set to a fresh folder and the paths of {@link BenchHome} as system properties.
 */
public final class Bench {
    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        boolean quick = args.length > 0 && args[0].equals("--quick");
        BenchHome home = BenchHome.fromEnvironment();
        ModuleFixtures fixtures = new ModuleFixtures(home);
        fixtures.createCards();
        fixtures.writeEid4jConfigs();
        fixtures.createSofthsmTokens();
        fixtures.writeOpenscConfig();
        Optional<String> noReader = home.pcscdSocket().isPresent() ? Optional.empty()
                : Optional.of("not measured: no private pcscd (./bench starts one with unshare)");

        Collection<RunResult> throughput = new Runner(options()
                .include("\\.(SigningBenchmark|ModuleSigningBenchmark|ModuleCallBenchmark|HostPipeBenchmark|PaceBenchmark)\\.")
                .warmupIterations(quick ? 1 : 3).warmupTime(TimeValue.seconds(quick ? 1 : 2))
                .measurementIterations(quick ? 2 : 5).measurementTime(TimeValue.seconds(quick ? 1 : 3))
                .build()).run();

        ChainedOptionsBuilder coldStart = options()
                .include("\\.ModuleStartBenchmark\\.")
                .warmupIterations(quick ? 1 : 3)
                .measurementIterations(quick ? 5 : 20);
        if (noReader.isPresent()) {
            coldStart.param("module", Pkcs11Module.EID4J.param(), Pkcs11Module.EID4J_C2.param(), Pkcs11Module.EID4J_REMOTE.param());
        }
        Collection<RunResult> starts;
        try (AutoCloseable served = noReader.isPresent() ? () -> { } : fixtures.serveReaderCard();
                P11KitServer server = P11KitServer.start(home)) {
            starts = new Runner(coldStart.build()).run();
        }

        List<RunResult> all = new ArrayList<>(throughput);
        all.addAll(starts);
        new ResultTable(all, MemoryLog.read(home.memoryLog()), noReader).print(System.out);
        ApduCounts.print(ApduCounts.measure(), System.out);
    }

    private static ChainedOptionsBuilder options() {
        List<String> jvmOptions = new ArrayList<>(BenchHome.forkOptions());
        jvmOptions.add("--enable-native-access=ALL-UNNAMED");
        // A failed benchmark stops the run: a table with a row missing would read as complete.
        return new OptionsBuilder().forks(1).shouldFailOnError(true).jvmArgsAppend(jvmOptions.toArray(String[]::new));
    }
}
