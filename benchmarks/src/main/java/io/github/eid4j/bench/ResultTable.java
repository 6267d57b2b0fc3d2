package io.github.eid4j.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToLongFunction;
import org.openjdk.jmh.results.RunResult;

/**
 * The one table ./bench prints: each eid4j figure beside the baseline measured in the same run,
 * and their ratio (eid4j divided by the baseline).
 */
final class ResultTable {
    private static final List<Pkcs11Module> EID4J_VARIANTS = List.of(Pkcs11Module.EID4J, Pkcs11Module.EID4J_C2);

    private record Row(String what, String eid4j, String baseline, String baselineValue, String ratio) {
    }

    private final Collection<RunResult> results;
    private final List<MemoryLog.Reading> memory;
    private final Optional<String> noReader;
    private final List<Row> rows = new ArrayList<>();

    ResultTable(Collection<RunResult> results, List<MemoryLog.Reading> memory, Optional<String> noReader) {
        this.results = results;
        this.memory = memory;
        this.noReader = noReader;
        providerRows();
        signingRows();
        startRows();
        callRows();
        memoryRows();
        paceRows();
    }

    void print(PrintStream out) {
        out.println();
        out.println("eid4j against a baseline measured in the same run; ratio = eid4j / baseline"
                + " (ops/s: below 1 is slower; ms, MiB: above 1 is slower, bigger)");
        String format = "%-78s %16s  %-12s %16s %8s%n";
        out.printf(format, "", "eid4j", "baseline", "", "ratio");
        for (Row row : rows) {
            out.printf(format, row.what, row.eid4j, row.baseline, row.baselineValue, row.ratio);
        }
        out.println();
        out.println("\"eid4j\" is libeid4j-pkcs11.so with its shipped config (the JVM it starts compiles with C1 only,");
        out.println("-XX:TieredStopAtLevel=1) and a virtual card in process; \"eid4j, C2\" the same without that option;");
        out.println("\"eid4j, pcscd\" the shipped config on the card OpenSC reads, through the same pcscd and vpcd reader.");
        out.println("\"eid4j, p11-kit server\": the host loads p11-kit-client.so; p11-kit's server runs \"eid4j\" in a process of its own per client;"
                + " \"SoftHSM2, p11-kit server\" is the same route with a module that starts in milliseconds: its own cost.");
        out.println("JCA sign: the provider and the JDK's Signature in turns in one fork, each signature timed (the same load on both).");
        find("HostPipeBenchmark", Map.of()).ifPresent(pipe -> out.printf(
                "Every PKCS#11 figure includes one round trip through p11host's pipe, %.1f us, the same for each module.%n",
                pipe.getPrimaryResult().getScore()));
        out.println("Cold start: median of fresh processes, C_Initialize to the first C_GetTokenInfo with one FINEID v4 card;");
        out.println("a first start with no card files kept; a second start with those an earlier start kept (eid4j's card cache,");
        out.println("on by default; \"OpenSC+cache\": OpenSC with use_file_caching = public, off as Debian ships it).");
        out.println("Calls: " + ModuleCallBenchmark.ROUNDS + " rounds of " + ModuleHost.CALLS_PER_ROUND
                + " calls inside p11host per command, on the FINEID v4 card's authentication certificate (SoftHSM2: the same certificate).");
        out.println("RSS added: the host's VmRSS (peak: VmHWM) less its VmRSS before it loaded the module, medians.");
        out.println("PACE: the Luxembourg eID's (ECDH Generic Mapping, brainpoolP256r1, AES-128), EF.CardAccess read, on a");
        out.println("freshly inserted virtual card per PACE, whose side of PACE runs in the same process.");
    }

    /** The JCA provider against the JDK's own Signature on the same key material, interleaved in the same fork. */
    private void providerRows() {
        for (RunResult r : results) {
            if (isOf(r, "SigningBenchmark")) {
                String[] parts = r.getParams().getParam("key").split(":");
                double signatures = r.getSecondaryResults().get("signatures").getScore();
                double provider = signatures * 1e9 / r.getSecondaryResults().get("providerNanos").getScore();
                double jdk = signatures * 1e9 / r.getSecondaryResults().get("jdkNanos").getScore();
                rows.add(new Row("JCA sign, " + parts[0] + " " + parts[1] + " " + parts[2], opsPerSecond(provider), "JDK",
                        opsPerSecond(jdk), ratio(provider, jdk)));
            }
        }
    }

    /** C_SignInit + C_Sign through p11host, eid4j against SoftHSM2 with the same key. */
    private void signingRows() {
        for (BenchKey key : BenchKey.values()) {
            Optional<Double> softhsm = signing(Pkcs11Module.SOFTHSM2, key);
            for (Pkcs11Module variant : EID4J_VARIANTS) {
                Optional<Double> eid4j = signing(variant, key);
                if (eid4j.isPresent() && softhsm.isPresent()) {
                    rows.add(new Row("PKCS#11 C_SignInit+C_Sign, " + key.description() + " [" + variant.title() + "]",
                            opsPerSecond(eid4j.get()), "SoftHSM2", opsPerSecond(softhsm.get()), ratio(eid4j.get(), softhsm.get())));
                }
            }
        }
    }

    private Optional<Double> signing(Pkcs11Module module, BenchKey key) {
        return find("ModuleSigningBenchmark", Map.of("module", module.param(), "key", key.param()))
                .map(r -> r.getPrimaryResult().getScore());
    }

    /**
     * C_Initialize to the first C_GetTokenInfo in a fresh process, eid4j against OpenSC as Debian
     * ships it (no file cache, so its second start is its first); the second starts also against
     * OpenSC with its file cache on.
     */
    private void startRows() {
        for (Pkcs11Module variant : List.of(Pkcs11Module.EID4J, Pkcs11Module.EID4J_C2, Pkcs11Module.EID4J_READER,
                Pkcs11Module.EID4J_REMOTE, Pkcs11Module.SOFTHSM2_REMOTE, Pkcs11Module.EID4J_SECOND, Pkcs11Module.EID4J_READER_SECOND)) {
            startRow(variant, Pkcs11Module.OPENSC);
            if (variant.secondStart()) {
                startRow(variant, Pkcs11Module.OPENSC_SECOND);
            }
        }
    }

    private void startRow(Pkcs11Module variant, Pkcs11Module baseline) {
        Optional<Double> eid4j = start(variant);
        if (eid4j.isEmpty()) {
            return;
        }
        Optional<Double> other = start(baseline);
        String what = "PKCS#11 cold start, C_Initialize..C_GetTokenInfo [" + variant.title() + "]";
        if (other.isPresent()) {
            rows.add(new Row(what, millis(eid4j.get()), baseline.title(), millis(other.get()), ratio(eid4j.get(), other.get())));
        } else {
            rows.add(new Row(what, millis(eid4j.get()), baseline.title(), noReader.orElse("not measured"), ""));
        }
    }

    private Optional<Double> start(Pkcs11Module module) {
        return find("ModuleStartBenchmark", Map.of("module", module.param()))
                .map(r -> r.getPrimaryResult().getStatistics().getPercentile(50));
    }

    /** Crypto-free calls per second through p11host, eid4j against SoftHSM2 on the same certificate. */
    private void callRows() {
        Optional<Double> softhsm = callsPerSecond(Pkcs11Module.SOFTHSM2);
        Optional<Double> eid4j = callsPerSecond(Pkcs11Module.EID4J);
        if (eid4j.isPresent() && softhsm.isPresent()) {
            rows.add(new Row("PKCS#11 calls, GetSessionInfo+FindObjects*+GetAttributeValue [eid4j]",
                    String.format("%.0f calls/s", eid4j.get()), "SoftHSM2", String.format("%.0f calls/s", softhsm.get()),
                    ratio(eid4j.get(), softhsm.get())));
        }
    }

    private Optional<Double> callsPerSecond(Pkcs11Module module) {
        return find("ModuleCallBenchmark", Map.of("module", module.param()))
                .map(r -> r.getPrimaryResult().getScore() * ModuleCallBenchmark.ROUNDS * ModuleHost.CALLS_PER_ROUND);
    }

    /**
     * The resident memory the module adds to the host (the host's VmRSS, or its peak VmHWM, less
     * its VmRSS before it loaded the module) after the first C_GetTokenInfo and after signing,
     * against SoftHSM2 and OpenSC; the peak and the C2 variant only where they can differ.
     */
    private void memoryRows() {
        for (BenchKey key : BenchKey.values()) {
            Pkcs11Module softhsm = Pkcs11Module.SOFTHSM2;
            memoryRow("RSS added after first C_GetTokenInfo, " + key.description(), Pkcs11Module.EID4J, softhsm, key,
                    MemoryLog.AFTER_OPEN, HostMemory::rssKiB);
            for (Pkcs11Module variant : EID4J_VARIANTS) {
                memoryRow("RSS added after signing, " + key.description(), variant, softhsm, key, MemoryLog.AFTER_SIGNING,
                        HostMemory::rssKiB);
            }
            memoryRow("Peak RSS added after signing, " + key.description(), Pkcs11Module.EID4J, softhsm, key,
                    MemoryLog.AFTER_SIGNING, HostMemory::peakKiB);
        }
        for (Pkcs11Module variant : List.of(Pkcs11Module.EID4J, Pkcs11Module.EID4J_READER, Pkcs11Module.EID4J_REMOTE)) {
            memoryRow("RSS added after cold start, FINEID v4 card", variant, Pkcs11Module.OPENSC, ModuleStartBenchmark.CARD,
                    MemoryLog.AFTER_OPEN, HostMemory::rssKiB);
        }
    }

    private void memoryRow(String what, Pkcs11Module variant, Pkcs11Module baseline, BenchKey key, String moment,
            ToLongFunction<HostMemory> measure) {
        Optional<Double> eid4j = addedMiB(variant, key, moment, measure);
        Optional<Double> other = addedMiB(baseline, key, moment, measure);
        if (eid4j.isPresent() && other.isPresent()) {
            rows.add(new Row(what + " [" + variant.title() + "]", mebibytes(eid4j.get()), baseline.title(), mebibytes(other.get()),
                    ratio(eid4j.get(), other.get())));
        }
    }

    /** The median reading at {@code moment} less the median VmRSS of the same hosts before loading the module. */
    private Optional<Double> addedMiB(Pkcs11Module module, BenchKey key, String moment, ToLongFunction<HostMemory> measure) {
        Optional<Double> before = medianMiB(module, key, MemoryLog.BEFORE_LOAD, HostMemory::rssKiB);
        return medianMiB(module, key, moment, measure).flatMap(after -> before.map(alone -> after - alone));
    }

    private Optional<Double> medianMiB(Pkcs11Module module, BenchKey key, String moment, ToLongFunction<HostMemory> measure) {
        long[] kib = memory.stream()
                .filter(r -> r.module().equals(module.param()) && r.key().equals(key.param()) && r.moment().equals(moment))
                .mapToLong(r -> measure.applyAsLong(r.memory())).sorted().toArray();
        return kib.length == 0 ? Optional.empty() : Optional.of(kib[kib.length / 2] / 1024.0);
    }

    /**
     * PACE with the CAN against JMRTD's on the same virtual card, each with the APDUs it sent; and
     * one READ BINARY under secure messaging against the same read in plain.
     */
    private void paceRows() {
        Optional<RunResult> eid4j = find("PaceBenchmark", "pace");
        Optional<RunResult> jmrtd = find("PaceBenchmark", "paceJmrtd");
        if (eid4j.isPresent() && jmrtd.isPresent()) {
            double ours = eid4j.get().getPrimaryResult().getScore() / 1000;
            double theirs = jmrtd.get().getPrimaryResult().getScore() / 1000;
            rows.add(new Row("PACE with the CAN, in process (" + apdusPerPace(eid4j.get()) + " APDUs; JMRTD "
                    + apdusPerPace(jmrtd.get()) + ")", millis(ours), "JMRTD", millis(theirs), ratio(ours, theirs)));
        }
        Optional<RunResult> secured = find("PaceBenchmark", "readBinarySecured");
        Optional<RunResult> plain = find("PaceBenchmark", "readBinaryPlain");
        if (secured.isPresent() && plain.isPresent()) {
            double ours = secured.get().getPrimaryResult().getScore();
            double base = plain.get().getPrimaryResult().getScore();
            rows.add(new Row("READ BINARY under secure messaging, in process", micros(ours), "plain", micros(base), ratio(ours, base)));
        }
    }

    private static String apdusPerPace(RunResult r) {
        double apdus = r.getSecondaryResults().get("apdus").getScore();
        double paces = r.getSecondaryResults().get("paces").getScore();
        return paces == 0 ? "?" : String.format("%.0f", apdus / paces);
    }

    private Optional<RunResult> find(String benchmarkClass, String method) {
        return results.stream().filter(r -> isOf(r, benchmarkClass) && method(r).equals(method)).findFirst();
    }

    private Optional<RunResult> find(String benchmarkClass, Map<String, String> params) {
        return results.stream()
                .filter(r -> isOf(r, benchmarkClass))
                .filter(r -> params.entrySet().stream().allMatch(p -> p.getValue().equals(r.getParams().getParam(p.getKey()))))
                .findFirst();
    }

    private static boolean isOf(RunResult r, String benchmarkClass) {
        return r.getParams().getBenchmark().contains("." + benchmarkClass + ".");
    }

    private static String method(RunResult r) {
        String benchmark = r.getParams().getBenchmark();
        return benchmark.substring(benchmark.lastIndexOf('.') + 1);
    }

    private static String opsPerSecond(double value) {
        return String.format("%.1f ops/s", value);
    }

    private static String millis(double value) {
        return String.format("%.1f ms", value);
    }

    private static String micros(double value) {
        return String.format("%.1f us", value);
    }

    private static String mebibytes(double value) {
        return String.format("%.1f MiB", value);
    }

    private static String ratio(double eid4j, double baseline) {
        return String.format(eid4j / baseline < 10 ? "%.2f" : "%.1f", eid4j / baseline);
    }
}
