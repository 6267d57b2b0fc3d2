package io.github.eid4j.bench;

import java.util.concurrent.TimeUnit;
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
 * A PKCS#11 module's cost per call, without cryptography, in a native host (p11host): the calls
 * an application makes around its signatures (C_GetSessionInfo, finding the certificate,
 * C_GetAttributeValue of its value), libeid4j-pkcs11.so on the FINEID v4 card's authentication
 * certificate against SoftHSM2 holding the same certificate. One operation is {@value #ROUNDS}
 * rounds inside p11host, so that the pipe's round trip is a small part of it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ModuleCallBenchmark {
    /** Rounds of {@link ModuleHost#CALLS_PER_ROUND} calls in one operation. */
    static final int ROUNDS = 200;
    /** The card and SoftHSM2 token whose certificate is read: a FINEID v4, like the cold start's. */
    static final BenchKey CARD = BenchKey.EC_P384;

    @Param({"eid4j", "softhsm2"})
    public String module;

    private ModuleHost host;

    @Setup(Level.Trial)
    public void open() throws Exception {
        BenchHome home = BenchHome.fromEnvironment();
        Pkcs11Module target = Pkcs11Module.named(module);
        host = ModuleHost.start(home.host(), target.environment(home, CARD));
        host.load(target.library(home));
        host.open(target.tokenLabel(CARD));
        host.login(BenchKey.ID, BenchKey.pin());
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        host.finish();
        host.close();
    }

    @Benchmark
    public void calls() throws Exception {
        host.calls(ROUNDS);
    }
}
