package io.github.eid4j.apdu.pcsc;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The card connections of this JVM that are not closed yet, closed by a shutdown hook when the
 * JVM exits (System.exit, the end of main, Ctrl-C), so that a PIN a program verified does not
 * stay verified on the card after it: closing resets a card on which a PIN may have been
 * verified. The hook is registered when the first connection is made (this class loads then).
 */
final class OpenConnections {
    private static final Set<PcscCardTransport> OPEN = ConcurrentHashMap.newKeySet();

    static {
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(OpenConnections::closeAll, "eid4j: close cards at exit"));
        } catch (IllegalStateException e) {
            // The JVM is exiting already, so no hook can run; pcsc-lite resets a card only for a dead process that held its transaction.
        }
    }

    private OpenConnections() {
    }

    static void add(PcscCardTransport connection) {
        OPEN.add(connection);
    }

    static void remove(PcscCardTransport connection) {
        OPEN.remove(connection);
    }

    private static void closeAll() {
        for (PcscCardTransport connection : List.copyOf(OPEN)) {
            connection.close();
        }
    }
}
