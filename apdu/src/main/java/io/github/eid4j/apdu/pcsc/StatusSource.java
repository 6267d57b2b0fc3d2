package io.github.eid4j.apdu.pcsc;

import java.util.List;

/**
 * Where reader states come from: the PC/SC service through {@link WinscardStatus}, or a fake in
 * tests. Each {@link #open()} is a new context, which is how a caller survives a service restart.
 */
interface StatusSource {

    /** Establishes a new context. */
    Session open() throws PcscException;

    /** One context. Used by one thread at a time. */
    interface Session extends AutoCloseable {

        /** The readers in the service's order, each with its current state; empty if there is none. */
        List<ReaderStatus> readers() throws PcscException;

        /** Releases the context; never throws. */
        @Override
        void close();
    }
}
