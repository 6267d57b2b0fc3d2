package io.github.eid4j.testing;

import static org.assertj.core.api.Assertions.fail;

import io.github.eid4j.apdu.pcsc.PcscException;
import io.github.eid4j.apdu.pcsc.PcscReader;
import io.github.eid4j.apdu.pcsc.PcscReaders;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What the integration tests need from the machine: a running pcscd with the vsmartcard vpcd
 * driver, whose readers "Virtual PCD 00 00" (port 35963) and "Virtual PCD 00 01" (port 35964)
 * are empty. The project's ./test script starts pcscd; by hand: {@code pcscd -f &}.
 */
public final class Pcscd {
    public static final String READER_0 = "Virtual PCD 00 00";
    public static final String READER_1 = "Virtual PCD 00 01";
    public static final int PORT_0 = 35963;
    public static final int PORT_1 = 35964;
    public static final Duration WAIT = Duration.ofSeconds(10);

    private static final String HOW = " These integration tests need pcscd running with the vsmartcard-vpcd driver"
            + " (Debian packages pcscd and vsmartcard-vpcd): the ./test script starts it; by hand run 'pcscd -f &'.";

    private Pcscd() {
    }

    /** Fails the test run, with what to do, unless pcscd answers and lists both empty vpcd readers. */
    public static void requireVpcdReaders() {
        List<PcscReader> readers;
        try {
            readers = PcscReaders.list();
        } catch (PcscException e) {
            throw new AssertionError("pcscd is not reachable: " + e.getMessage() + HOW, e);
        }
        for (String name : List.of(READER_0, READER_1)) {
            Optional<PcscReader> reader = readers.stream().filter(r -> r.name().equals(name)).findFirst();
            if (reader.isEmpty()) {
                fail("pcscd runs but has no reader '" + name + "' (it lists " + readers + ")." + HOW);
            }
        }
        // A virtual card left over from an earlier run would disconnect when its process ends; give it time.
        for (String name : List.of(READER_0, READER_1)) {
            if (!awaitReaderOrNull(name, r -> !r.cardPresent(), WAIT)) {
                fail("Reader '" + name + "' holds a card although no test put one there: another program is connected"
                        + " to vpcd (a vicc or a bridge still running); stop it.");
            }
        }
    }

    /** Polls the reader list until the named reader satisfies the condition; fails the test after {@code timeout}. */
    public static PcscReader awaitReader(String name, Predicate<PcscReader> condition, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        PcscReader last = null;
        while (true) {
            try {
                for (PcscReader r : PcscReaders.list()) {
                    if (r.name().equals(name)) {
                        last = r;
                        if (condition.test(r)) {
                            return r;
                        }
                    }
                }
            } catch (PcscException e) {
                throw new AssertionError("pcscd stopped answering: " + e.getMessage(), e);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Reader '" + name + "' did not get " + what + " within " + WAIT.toSeconds()
                        + " s; last seen: " + last);
            }
            sleep(25);
        }
    }

    private static boolean awaitReaderOrNull(String name, Predicate<PcscReader> condition, Duration timeout) {
        try {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                for (PcscReader r : PcscReaders.list()) {
                    if (r.name().equals(name) && condition.test(r)) {
                        return true;
                    }
                }
                if (System.nanoTime() > deadline) {
                    return false;
                }
                sleep(25);
            }
        } catch (PcscException e) {
            throw new AssertionError("pcscd stopped answering: " + e.getMessage(), e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
