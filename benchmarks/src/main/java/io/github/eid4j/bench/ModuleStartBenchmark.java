package io.github.eid4j.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A PKCS#11 module's cold start in a fresh native host, one process per sample: C_Initialize,
 * C_GetSlotList and the first C_GetTokenInfo, with one card present. Starting the process,
 * dlopen and C_GetFunctionList come before the timed part, C_Finalize and the exit after it.
 *
 * <p>libeid4j-pkcs11.so starts its JVM and reads a virtual FINEID v4 card in process ("eid4j",
 * "eid4j-c2"), or the reader card, a virtual FINEID v4 in the private pcscd's vpcd reader
 * ("eid4j-reader"). OpenSC reads the reader card the same way (its generic PKCS#15 driver, about
 * a hundred APDUs). The reader card is served from the {@link Bench} JVM over local TCP.
 * "eid4j-remote" is the in-process card's module behind p11-kit's server, the host loading only
 * p11-kit-client.so; "softhsm2-remote" is SoftHSM2 behind the same kind of server, the route's own
 * cost.
 *
 * <p>These are first starts: each sample starts with no card files in the cache. The second-start
 * variants ("eid4j-second", "eid4j-reader-second", "opensc-second": OpenSC with its file cache
 * on) start with the files a start before the trial kept, as a program's second start with a
 * card already seen.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ModuleStartBenchmark {
    /** The in-process eid4j variants show the card of this key: a FINEID v4, like the reader card. */
    static final BenchKey CARD = BenchKey.EC_P384;

    @Param({"eid4j", "eid4j-c2", "eid4j-reader", "eid4j-remote", "softhsm2-remote", "opensc", "eid4j-second", "eid4j-reader-second", "opensc-second"})
    public String module;

    private BenchHome home;
    private Pkcs11Module target;
    private ModuleHost host;

    @Setup(Level.Trial)
    public void find() throws Exception {
        home = BenchHome.fromEnvironment();
        target = Pkcs11Module.named(module);
        if (target.secondStart()) {
            try (ModuleHost first = ModuleHost.start(home.host(), target.environment(home, CARD))) {
                first.load(target.library(home));
                first.open(target.tokenLabel(CARD));
                first.finish();
            }
        }
    }

    @Setup(Level.Invocation)
    public void startHost() throws Exception {
        if (!target.secondStart()) {
            forget(home.cardCache());
        }
        host = ModuleHost.start(home.host(), target.environment(home, CARD));
        MemoryLog.append(home, target, CARD, MemoryLog.BEFORE_LOAD, host.memory());
        host.load(target.library(home));
    }

    @TearDown(Level.Invocation)
    public void stopHost() throws Exception {
        MemoryLog.append(home, target, CARD, MemoryLog.AFTER_OPEN, host.memory());
        host.finish();
        host.close();
    }

    /** Deletes the cards' files eid4j kept (p11-kit's server runs the module with the same cache). */
    private static void forget(Path cache) throws IOException {
        if (Files.exists(cache)) {
            try (Stream<Path> files = Files.walk(cache)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    @Benchmark
    public void initializeToFirstTokenInfo() throws Exception {
        host.open(target.tokenLabel(CARD));
    }
}
