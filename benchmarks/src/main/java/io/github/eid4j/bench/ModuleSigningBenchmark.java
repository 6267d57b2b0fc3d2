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
 * C_SignInit + C_Sign throughput of a PKCS#11 module in a native host (p11host): libeid4j-pkcs11.so
 * on a virtual FINEID card's authentication key, whose PIN the card keeps for the session, against
 * SoftHSM2 with the same key material, in the same run. One operation is one command through the
 * host's pipe; {@link HostPipeBenchmark} measures that pipe alone. The host's resident memory is
 * logged after its first C_GetTokenInfo and after the signing loop.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ModuleSigningBenchmark {
    @Param({"eid4j", "eid4j-c2", "softhsm2"})
    public String module;

    @Param({"ec-p384", "rsa-2048"})
    public String key;

    private BenchHome home;
    private Pkcs11Module target;
    private BenchKey benchKey;
    private ModuleHost host;

    @Setup(Level.Trial)
    public void open() throws Exception {
        home = BenchHome.fromEnvironment();
        target = Pkcs11Module.named(module);
        benchKey = BenchKey.named(key);
        host = ModuleHost.start(home.host(), target.environment(home, benchKey));
        MemoryLog.append(home, target, benchKey, MemoryLog.BEFORE_LOAD, host.memory());
        host.load(target.library(home));
        host.open(target.tokenLabel(benchKey));
        MemoryLog.append(home, target, benchKey, MemoryLog.AFTER_OPEN, host.memory());
        host.login(BenchKey.ID, BenchKey.pin());
        host.input(benchKey.mechanism(), benchKey.input());
        host.sign();
        if (!benchKey.verifies(home, host.signature())) {
            throw new IllegalStateException(module + " made a signature with " + key + " that does not verify.");
        }
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        MemoryLog.append(home, target, benchKey, MemoryLog.AFTER_SIGNING, host.memory());
        host.finish();
        host.close();
    }

    @Benchmark
    public void sign() throws Exception {
        host.sign();
    }
}
