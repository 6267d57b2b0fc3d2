package io.github.eid4j.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
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
        List<String> arguments = List.of(args);
        boolean quick = arguments.contains("--quick");
        // --only REGEX: only the benchmark classes whose names match, for a closer look at a few rows.
        int only = arguments.indexOf("--only");
        Pattern selected = Pattern.compile(only >= 0 && only + 1 < args.length ? args[only + 1] : "");
        BenchHome home = BenchHome.fromEnvironment();
        ModuleFixtures fixtures = new ModuleFixtures(home);
        fixtures.createCards();
        fixtures.writeEid4jConfigs();
        fixtures.createSofthsmTokens();
        fixtures.writeOpenscConfig();
        Optional<String> noReader = home.pcscdSocket().isPresent() ? Optional.empty()
                : Optional.of("not measured: no private pcscd (./bench starts one with unshare)");

        List<String> throughputClasses = Stream.of("SigningBenchmark", "ModuleSigningBenchmark", "ModuleCallBenchmark",
                "HostPipeBenchmark", "PaceBenchmark").filter(c -> selected.matcher(c).find()).toList();
        Collection<RunResult> throughput = throughputClasses.isEmpty() ? List.of() : new Runner(options()
                .include("\\.(" + String.join("|", throughputClasses) + ")\\.")
                .warmupIterations(quick ? 1 : 3).warmupTime(TimeValue.seconds(quick ? 1 : 2))
                .measurementIterations(quick ? 2 : 5).measurementTime(TimeValue.seconds(quick ? 1 : 3))
                .build()).run();

        ChainedOptionsBuilder coldStart = options()
                .include("\\.ModuleStartBenchmark\\.")
                .warmupIterations(quick ? 1 : 3)
                .measurementIterations(quick ? 5 : 20);
        if (noReader.isPresent()) {
            coldStart.param("module", Pkcs11Module.EID4J.param(), Pkcs11Module.EID4J_C2.param(), Pkcs11Module.EID4J_REMOTE.param(),
                    Pkcs11Module.SOFTHSM2_REMOTE.param(), Pkcs11Module.EID4J_SECOND.param());
        }
        Collection<RunResult> starts = List.of();
        if (selected.matcher("ModuleStartBenchmark").find()) {
            try (AutoCloseable served = noReader.isPresent() ? () -> { } : fixtures.serveReaderCard();
                    P11KitServer eid4j = P11KitServer.start(home, Pkcs11Module.EID4J);
                    P11KitServer softhsm = P11KitServer.start(home, Pkcs11Module.SOFTHSM2)) {
                starts = new Runner(coldStart.build()).run();
            }
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
