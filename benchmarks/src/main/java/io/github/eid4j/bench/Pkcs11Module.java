package io.github.eid4j.bench;

import java.nio.file.Path;
import java.util.Map;

/**
 * A PKCS#11 module under measurement, and how p11host is set up for it: the library, the
 * environment that points it at its token, and the label of that token.
 */
enum Pkcs11Module {
    /** libeid4j-pkcs11.so with its shipped config (the JVM it starts compiles with C1 only). */
    EID4J("eid4j", "eid4j"),
    /** The same module and config without -XX:TieredStopAtLevel=1: what C2 would give, and cost. */
    EID4J_C2("eid4j-c2", "eid4j, C2"),
    /** libeid4j-pkcs11.so with its shipped config on the reader card, through the same pcscd and vpcd as OpenSC. */
    EID4J_READER("eid4j-reader", "eid4j, pcscd"),
    /** {@link #EID4J}'s second start: the card's files in the user's cache from an earlier start. */
    EID4J_SECOND("eid4j-second", "eid4j, second start"),
    /** {@link #EID4J_READER}'s second start: the reader card's files in the user's cache from an earlier start. */
    EID4J_READER_SECOND("eid4j-reader-second", "eid4j, pcscd, second start"),
    /**
     * libeid4j-pkcs11.so out of the host's process: the host loads p11-kit-client.so, which talks to
     * a p11-kit server that {@link Bench} runs with the module on the in-process virtual card.
     */
    EID4J_REMOTE("eid4j-remote", "eid4j, p11-kit server"),
    /** SoftHSM2 (Debian softhsm2), with the card's key material imported into a token of its own. */
    SOFTHSM2("softhsm2", "SoftHSM2"),
    /**
     * {@link #SOFTHSM2} behind a p11-kit server, the host loading only p11-kit-client.so: what the
     * out-of-process route itself costs a host when the module behind it starts in milliseconds, as
     * a long-lived eid4j process per user session would.
     */
    SOFTHSM2_REMOTE("softhsm2-remote", "SoftHSM2, p11-kit server"),
    /** OpenSC's module on the reader card (a virtual FINEID v4), through the private pcscd and vpcd. */
    OPENSC("opensc", "OpenSC"),
    /**
     * {@link #OPENSC} with its file cache on (use_file_caching = public; off as Debian ships it),
     * at its second start: the card's public files kept from an earlier start.
     */
    OPENSC_SECOND("opensc-second", "OpenSC+cache");

    static final Path SOFTHSM2_LIBRARY = Path.of("/usr/lib/softhsm/libsofthsm2.so");
    static final Path OPENSC_LIBRARY = Path.of("/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so");
    static final Path P11KIT_CLIENT_LIBRARY = Path.of("/usr/lib/x86_64-linux-gnu/pkcs11/p11-kit-client.so");
    /**
     * The card in the private pcscd's reader, which OpenSC and eid4j read there; a card of its own,
     * because a virtual card is locked by the program using it.
     */
    static final String READER_CARD = "bench-reader";

    private final String param;
    private final String title;

    Pkcs11Module(String param, String title) {
        this.param = param;
        this.title = title;
    }

    static Pkcs11Module named(String param) {
        for (Pkcs11Module module : values()) {
            if (module.param.equals(param)) {
                return module;
            }
        }
        throw new IllegalArgumentException("No module " + param);
    }

    String param() {
        return param;
    }

    String title() {
        return title;
    }

    /** Whether this module starts with the card's files kept by an earlier start (and a start without them is not its figure). */
    boolean secondStart() {
        return this == EID4J_SECOND || this == EID4J_READER_SECOND || this == OPENSC_SECOND;
    }

    Path library(BenchHome home) {
        return switch (this) {
            case EID4J, EID4J_C2, EID4J_READER, EID4J_SECOND, EID4J_READER_SECOND -> home.dist().resolve("libeid4j-pkcs11.so");
            case SOFTHSM2 -> SOFTHSM2_LIBRARY;
            case OPENSC, OPENSC_SECOND -> OPENSC_LIBRARY;
            case EID4J_REMOTE, SOFTHSM2_REMOTE -> P11KIT_CLIENT_LIBRARY;
        };
    }

    /**
     * The variables that point the module at its token; p11host gets only these of the modules'
     * variables. eid4j keeps the cards' files in the bench folder's cache (XDG_CACHE_HOME), not the user's.
     */
    Map<String, String> environment(BenchHome home, BenchKey key) {
        String cache = home.cardCache().toString();
        return switch (this) {
            case EID4J, EID4J_SECOND -> Map.of("EID4J_PKCS11_CONF", home.eid4jConfig(key.card(), false).toString(), "XDG_CACHE_HOME", cache);
            case EID4J_C2 -> Map.of("EID4J_PKCS11_CONF", home.eid4jConfig(key.card(), true).toString(), "XDG_CACHE_HOME", cache);
            case EID4J_READER, EID4J_READER_SECOND -> Map.of("EID4J_PKCS11_CONF", home.eid4jReaderConfig().toString(),
                    "PCSCLITE_CSOCK_NAME", pcscd(home), "XDG_CACHE_HOME", cache);
            case SOFTHSM2 -> Map.of("SOFTHSM2_CONF", home.softhsmConfig().toString());
            case OPENSC -> Map.of("OPENSC_CONF", home.openscConfig(false).toString(), "PCSCLITE_CSOCK_NAME", pcscd(home));
            case OPENSC_SECOND -> Map.of("OPENSC_CONF", home.openscConfig(true).toString(), "PCSCLITE_CSOCK_NAME", pcscd(home));
            case EID4J_REMOTE -> Map.of("P11_KIT_SERVER_ADDRESS", P11KitServer.address(home, EID4J));
            case SOFTHSM2_REMOTE -> Map.of("P11_KIT_SERVER_ADDRESS", P11KitServer.address(home, SOFTHSM2));
        };
    }

    private static String pcscd(BenchHome home) {
        return home.pcscdSocket().orElseThrow(() -> new IllegalStateException("No private pcscd for the reader")).toString();
    }

    /** The token with {@code key}'s card: eid4j's PIN1 token, the SoftHSM2 token named after the card. */
    String tokenLabel(BenchKey key) {
        return switch (this) {
            case EID4J, EID4J_C2, EID4J_READER, EID4J_SECOND, EID4J_READER_SECOND, EID4J_REMOTE -> "Maija Meikäläinen (PIN1) #*";
            case SOFTHSM2, SOFTHSM2_REMOTE -> key.card();
            case OPENSC, OPENSC_SECOND -> "HENKILOKORTTI (PIN1)";
        };
    }
}
