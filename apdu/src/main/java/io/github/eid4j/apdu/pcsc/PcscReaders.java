package io.github.eid4j.apdu.pcsc;

import io.github.eid4j.apdu.pcsc.ScardCodes.Phase;
import io.github.eid4j.apdu.transport.CardTimeout;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.smartcardio.TerminalFactory;
import jnasmartcardio.Smartcardio;

/**
 * The card readers of the system's PC/SC service (pcsc-lite's pcscd on Linux, the Smart Card
 * service on Windows, the PC/SC framework on macOS). Every call establishes a new PC/SC
 * context, so it works again as soon as a stopped service is back.
 */
public final class PcscReaders {
    private static volatile TerminalFactory factory;

    private PcscReaders() {
    }

    /**
     * The connected readers in the service's order, each with whether a card is in it and the
     * card's ATR. Reading the ATR does not connect to the card.
     *
     * @return the readers; empty if none is connected
     * @throws PcscException {@link PcscFailure#SERVICE_NOT_RUNNING} if the service is not
     *     running, {@link PcscFailure#LIBRARY_MISSING} if there is no PC/SC library
     */
    public static List<PcscReader> list() throws PcscException {
        try (StatusSource.Session session = WinscardStatus.get().open()) {
            List<ReaderStatus> states = session.readers();
            List<PcscReader> readers = new ArrayList<>(states.size());
            for (ReaderStatus s : states) {
                if (s.exists()) {
                    readers.add(new PcscReader(readers.size(), s.name(), s.cardPresent(), s.atr()));
                }
            }
            return Collections.unmodifiableList(readers);
        }
    }

    /** Connects to the card in the named reader, shared with other programs, with the protocol the card prefers. */
    public static PcscCardTransport connect(String readerName) throws PcscException {
        return connect(readerName, ShareMode.SHARED, Protocol.ANY);
    }

    /**
     * Connects to the card in the named reader. The connection gets its own PC/SC context and
     * its own {@link ReaderExecutor} thread; each call waits for the card at most
     * {@link CardTimeout#configured()}.
     *
     * @throws PcscException {@link PcscFailure#NO_CARD} if the reader is empty,
     *     {@link PcscFailure#UNKNOWN_READER} or {@link PcscFailure#NO_READER} if there is no
     *     such reader, {@link PcscFailure#SHARING_VIOLATION} if another program holds the card
     *     exclusively (or at all, when {@code shareMode} is exclusive),
     *     {@link PcscFailure#PROTOCOL_MISMATCH} if the card does not offer the protocol,
     *     {@link PcscFailure#SERVICE_NOT_RUNNING} if the service is down
     */
    public static PcscCardTransport connect(String readerName, ShareMode shareMode, Protocol protocol)
            throws PcscException {
        return connect(readerName, shareMode, protocol, CardTimeout.configured());
    }

    /**
     * As {@link #connect(String, ShareMode, Protocol)}, with a limit on how long each call
     * (connecting included) waits for the card; see {@link PcscCardTransport}.
     *
     * @throws PcscException also {@link PcscFailure#NO_ANSWER} if connecting took longer
     */
    public static PcscCardTransport connect(String readerName, ShareMode shareMode, Protocol protocol, Duration timeLimit)
            throws PcscException {
        return PcscCardTransport.open(factory(), readerName, shareMode, protocol, timeLimit);
    }

    /**
     * Connects to the card in the reader at {@code index} of {@link #list()}.
     *
     * @throws PcscException {@link PcscFailure#UNKNOWN_READER} if there is no reader at that
     *     index; otherwise as {@link #connect(String, ShareMode, Protocol)}
     */
    public static PcscCardTransport connect(int index, ShareMode shareMode, Protocol protocol) throws PcscException {
        List<PcscReader> readers = list();
        if (readers.isEmpty()) {
            throw new PcscException(PcscFailure.NO_READER, null);
        }
        if (index < 0 || index >= readers.size()) {
            String count = readers.size() == 1 ? "1 reader is" : readers.size() + " readers are";
            throw new PcscException(PcscFailure.UNKNOWN_READER, null, 0,
                    "There is no reader number " + index + "; " + count + " connected, numbered from 0.", null);
        }
        return connect(readers.get(index).name(), shareMode, protocol);
    }

    /** The javax.smartcardio factory backed by jnasmartcardio; loads the PC/SC library once. */
    static TerminalFactory factory() throws PcscException {
        TerminalFactory f = factory;
        if (f == null) {
            synchronized (PcscReaders.class) {
                f = factory;
                if (f == null) {
                    try {
                        f = TerminalFactory.getInstance("PC/SC", null, new Smartcardio());
                    } catch (NoSuchAlgorithmException | RuntimeException | LinkageError e) {
                        PcscException mapped = ScardCodes.map(e, null, Phase.ESTABLISH);
                        if (mapped.failure() == PcscFailure.SERVICE_NOT_RUNNING) {
                            // Building the factory only loads the library; it does not talk to the service.
                            throw new PcscException(PcscFailure.LIBRARY_MISSING, null, 0, e);
                        }
                        throw mapped;
                    }
                    factory = f;
                }
            }
        }
        return f;
    }
}
