package io.github.eid4j.bench;

import io.github.eid4j.jca.Eid4jProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.concurrent.TimeUnit;
import javax.security.auth.callback.PasswordCallback;
import org.openjdk.jmh.annotations.AuxCounters;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Signature throughput through the Eid4j provider on an in-process virtual FINEID card, against
 * the JDK's own Signature on the same key material (the card's PKCS#8 file), interleaved: each
 * invocation signs once with each, in turns first, and {@link Timings} adds up the time each took,
 * so that both see the same load of a shared machine.
 * The card keys: v3 authentication RSA-2048 and v4 authentication EC P-384, whose PIN the card
 * remembers for its session; and the v4 signature key, which needs PIN2 verified before every
 * signature (so its time includes the VERIFY and the durable write of the retry counter).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SigningBenchmark {
    /** card:alias:algorithm:keyfile, set up by {@link Bench}. */
    @Param({"bench-v3:authentication:SHA256withRSA:01", "bench-v4:authentication:SHA384withECDSA:01",
        "bench-v4:signature:SHA384withECDSA:02"})
    public String key;

    private final byte[] message = new byte[1024];
    private Provider provider;
    private Signature onCard;
    private Signature inJdk;

    @Setup(Level.Trial)
    public void open() throws Exception {
        String[] parts = key.split(":");
        provider = new Eid4jProvider().configure("--virtual=" + parts[0]);
        // The test card's PINs; a real application asks the user through its CallbackHandler.
        ((java.security.AuthProvider) provider).setCallbackHandler(callbacks -> {
            for (var c : callbacks) {
                if (c instanceof PasswordCallback p) {
                    p.setPassword((p.getPrompt().startsWith("PIN2") ? "123456" : "1234").toCharArray());
                }
            }
        });
        KeyStore store = KeyStore.getInstance("EID", provider);
        store.load(null, null);
        PrivateKey cardKey = (PrivateKey) store.getKey(parts[1], null);
        onCard = Signature.getInstance(parts[2], provider);
        onCard.initSign(cardKey);

        Path pkcs8 = Path.of(System.getenv("EID4J_HOME"), "cards", parts[0], "keys", parts[3] + ".p8");
        String algorithm = parts[2].endsWith("RSA") ? "RSA" : "EC";
        PrivateKey same = KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(pkcs8)));
        inJdk = Signature.getInstance(parts[2]);
        inJdk.initSign(same);
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        ((java.security.AuthProvider) provider).logout();
    }

    /** The nanoseconds each side spent signing, and the signatures each made, in a measured iteration. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Timings {
        public long providerNanos;
        public long jdkNanos;
        public long signatures;

        @Setup(Level.Iteration)
        public void reset() {
            providerNanos = 0;
            jdkNanos = 0;
            signatures = 0;
        }
    }

    @Benchmark
    public void interleaved(Timings timings, Blackhole blackhole) throws Exception {
        boolean providerFirst = (timings.signatures & 1) == 0;
        if (providerFirst) {
            timings.providerNanos += timed(onCard, blackhole);
        }
        timings.jdkNanos += timed(inJdk, blackhole);
        if (!providerFirst) {
            timings.providerNanos += timed(onCard, blackhole);
        }
        timings.signatures++;
    }

    private long timed(Signature signature, Blackhole blackhole) throws Exception {
        long start = System.nanoTime();
        signature.update(message);
        blackhole.consume(signature.sign());
        return System.nanoTime() - start;
    }
}
