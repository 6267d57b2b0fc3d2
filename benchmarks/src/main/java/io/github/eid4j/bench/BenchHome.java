package io.github.eid4j.bench;

import io.github.eid4j.apdu.emulator.VirtualCards;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where the benchmarks find what ./bench prepared: its folder (EID4J_HOME, a fresh temporary
 * folder removed after the run) and the paths ./bench passes as system properties. The JMH forks
 * get the same properties, so a benchmark in a fork finds everything through this class.
 */
final class BenchHome {
    /** The p11host binary (benchmarks/target/native/p11host). */
    static final String HOST = "eid4j.bench.p11host";
    /** pkcs11-shim/target/dist: libeid4j-pkcs11.so, its jars and its shipped config. */
    static final String DIST = "eid4j.bench.pkcs11Dist";
    /** The socket of the private pcscd ./bench starts for OpenSC; unset when there is none. */
    static final String PCSCD = "eid4j.bench.pcscdSocket";
    /** The TCP port of that pcscd's vpcd reader, where the OpenSC card is served. */
    static final String VPCD_PORT = "eid4j.bench.vpcdPort";
    private static final List<String> PROPERTIES = List.of(HOST, DIST, PCSCD, VPCD_PORT);

    private final Path folder;

    BenchHome(Path folder) {
        this.folder = folder;
    }

    static BenchHome fromEnvironment() {
        String home = System.getenv("EID4J_HOME");
        if (home == null) {
            throw new IllegalStateException("EID4J_HOME is not set; run the benchmarks with ./bench.");
        }
        return new BenchHome(Path.of(home));
    }

    Path folder() {
        return folder;
    }

    VirtualCards cards() {
        return new VirtualCards(folder);
    }

    Path cardFolder(String card) {
        return cards().folder(card);
    }

    /**
     * libeid4j-pkcs11.so's config showing one virtual card in process and no readers; {@code c2}
     * without the shipped C1-only JIT option.
     */
    Path eid4jConfig(String card, boolean c2) {
        return folder.resolve("pkcs11").resolve(card + (c2 ? "-c2" : "") + ".conf");
    }

    /** libeid4j-pkcs11.so's config showing the PC/SC readers only (the reader card, through the private pcscd). */
    Path eid4jReaderConfig() {
        return folder.resolve("pkcs11").resolve("readers.conf");
    }

    Path softhsmConfig() {
        return folder.resolve("softhsm").resolve("softhsm2.conf");
    }

    /** OpenSC's config; {@code cached} with its file cache on, in {@link #openscCache()}. */
    Path openscConfig(boolean cached) {
        return folder.resolve("opensc").resolve(cached ? "opensc-cached.conf" : "opensc.conf");
    }

    Path openscCache() {
        return folder.resolve("opensc").resolve("cache");
    }

    /**
     * The hosts' XDG_CACHE_HOME, where libeid4j-pkcs11.so keeps the cards' files between starts
     * (in its folder eid4j): the cold start of a first start empties it.
     */
    Path cardCache() {
        return folder.resolve("cache");
    }

    /** The p11-kit servers' runtime folders (their sockets), and the files with their addresses for the JMH forks. */
    Path p11kitFolder() {
        return folder.resolve("p11-kit");
    }

    Path p11kitServerAddress(Pkcs11Module served) {
        return p11kitFolder().resolve(served.param() + ".address");
    }

    /** The resident-memory readings the JMH forks append (see {@link MemoryLog}). */
    Path memoryLog() {
        return folder.resolve("memory.tsv");
    }

    Path host() {
        return Path.of(required(HOST));
    }

    Path dist() {
        return Path.of(required(DIST));
    }

    Optional<Path> pcscdSocket() {
        return Optional.ofNullable(System.getProperty(PCSCD)).filter(s -> !s.isEmpty()).map(Path::of);
    }

    int vpcdPort() {
        return Integer.parseInt(required(VPCD_PORT));
    }

    /** The properties this JVM got, as JVM options for the JMH forks. */
    static List<String> forkOptions() {
        List<String> options = new ArrayList<>();
        for (String name : PROPERTIES) {
            String value = System.getProperty(name);
            if (value != null) {
                options.add("-D" + name + "=" + value);
            }
        }
        return options;
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isEmpty()) {
            throw new IllegalStateException("System property " + property + " is not set; run the benchmarks with ./bench.");
        }
        return value;
    }
}
