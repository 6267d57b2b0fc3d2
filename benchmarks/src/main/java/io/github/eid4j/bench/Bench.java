package io.github.eid4j.bench;

import io.github.eid4j.apdu.emulator.VirtualCards;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the signing benchmarks and reports each provider score as a ratio of the JDK baseline
 * measured in the same run. {@code ./bench} runs this with EID4J_HOME set to a fresh folder.
 */
public final class Bench {
    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(System.getenv("EID4J_HOME"));
        VirtualCards cards = new VirtualCards(home);
        for (String[] card : new String[][] {{"bench-v3", "fineid-v3"}, {"bench-v4", "fineid-v4"}}) {
            if (!Files.isDirectory(cards.folder(card[0]))) {
                cards.create(card[0], card[1], true).wipe();
            }
        }
        boolean quick = args.length > 0 && args[0].equals("--quick");
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include(SigningBenchmark.class.getSimpleName())
                .forks(1)
                .warmupIterations(quick ? 1 : 3).warmupTime(TimeValue.seconds(quick ? 1 : 2))
                .measurementIterations(quick ? 2 : 5).measurementTime(TimeValue.seconds(quick ? 1 : 3))
                .jvmArgsAppend("--enable-native-access=ALL-UNNAMED")
                .build()).run();
        Map<String, double[]> byKey = new TreeMap<>();
        for (RunResult r : results) {
            String key = r.getParams().getParam("key");
            String method = r.getPrimaryResult().getLabel();
            double[] scores = byKey.computeIfAbsent(key, k -> new double[2]);
            scores[method.equals("provider") ? 0 : 1] = r.getPrimaryResult().getScore();
        }
        System.out.println();
        System.out.printf("%-45s %14s %14s %8s%n", "key (card:alias:algorithm)", "provider ops/s", "JDK ops/s", "ratio");
        for (Map.Entry<String, double[]> e : byKey.entrySet()) {
            String key = e.getKey().substring(0, e.getKey().lastIndexOf(':'));
            double[] s = e.getValue();
            System.out.printf("%-45s %14.1f %14.1f %7.0f%%%n", key, s[0], s[1], 100 * s[0] / s[1]);
        }
    }
}
