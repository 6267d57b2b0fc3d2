package io.github.eid4j.apdu.pcsc;

import io.github.eid4j.apdu.ApduFormatException;
import io.github.eid4j.apdu.SecretCommands;
import io.github.eid4j.apdu.pcsc.ScardCodes.Phase;
import io.github.eid4j.apdu.transport.CardTimeout;
import io.github.eid4j.apdu.transport.CardTransport;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javax.smartcardio.Card;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CardTerminals;
import javax.smartcardio.TerminalFactory;
import jnasmartcardio.Smartcardio;

/**
 * A connection to the card in one PC/SC reader. Every PC/SC call runs on the connection's
 * {@link ReaderExecutor} thread, so any thread may use it and commands never interleave.
 * {@link #transmit(byte[])} passes the command bytes as they are, returns the card's answer as
 * it is (61xx and 6Cxx included: the decorators of the transport stack follow them). The copies
 * it makes of a command that carries a PIN are wiped once it is sent.
 *
 * <p>Every call waits at most the connection's time limit ({@link CardTimeout}). A card that
 * lets it pass is given up: the caller gets {@link PcscFailure#NO_ANSWER}, so does every later
 * call at once, and the connection closes; the reader thread stays in the service until the
 * card answers or leaves (PC/SC cannot take back a command it sent).
 *
 * <p>Made by {@link PcscReaders#connect(String, ShareMode, Protocol)}. {@link #close()} resets
 * the card (SCARD_RESET_CARD) if this connection sent a command that may have verified a PIN
 * ({@link SecretCommands#mayAuthenticate}), so that no other program finds it verified, and
 * otherwise leaves it as it is (SCARD_LEAVE_CARD), not to end other programs' sessions; then
 * it releases the PC/SC context the connection had to itself. Connections still open when the
 * JVM exits are closed the same way by a shutdown hook. When the process dies without either,
 * pcsc-lite resets the card only if the process held the card's transaction.
 */
public final class PcscCardTransport implements CardTransport {
    private static final System.Logger LOG = System.getLogger(PcscCardTransport.class.getName());

    /** How long {@link #close()} waits for the disconnect. */
    private static final long CLOSE_WAIT_MILLIS = 2000;

    /** A transaction: other programs cannot use the card until it is closed. */
    public interface Transaction extends AutoCloseable {
        /** Ends the transaction, leaving the card as it is; closing twice does nothing. */
        @Override
        void close() throws PcscException;
    }

    private final ReaderExecutor executor;
    private final Connection connection;
    private final String readerName;
    private final byte[] atr;
    private final Protocol protocol;
    private final ShareMode shareMode;
    private final Duration timeLimit;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Set before a command that may verify a PIN is sent; the disconnect then resets the card. */
    private volatile boolean mayHaveAuthenticated;
    /** The card let the time limit pass. */
    private volatile boolean silent;

    private PcscCardTransport(ReaderExecutor executor, Connection connection, ShareMode shareMode, Duration timeLimit) {
        this.executor = executor;
        this.connection = connection;
        this.readerName = connection.readerName;
        this.atr = connection.card.getATR().getBytes();
        this.protocol = "T=0".equals(connection.card.getProtocol()) ? Protocol.T0 : Protocol.T1;
        this.shareMode = shareMode;
        this.timeLimit = timeLimit;
    }

    static PcscCardTransport open(TerminalFactory factory, String readerName, ShareMode shareMode, Protocol protocol,
            Duration timeLimit) throws PcscException {
        Objects.requireNonNull(readerName, "readerName");
        Objects.requireNonNull(shareMode, "shareMode");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(timeLimit, "timeLimit");
        ReaderExecutor executor = new ReaderExecutor(readerName);
        AtomicReference<Connection> opened = new AtomicReference<>();
        try {
            Connection connection = executor.call(() -> {
                opened.set(Connection.open(factory, readerName, shareMode, protocol));
                return opened.get();
            }, timeLimit);
            PcscCardTransport transport = new PcscCardTransport(executor, connection, shareMode, timeLimit);
            OpenConnections.add(transport);
            LOG.log(Level.DEBUG, "Connected to {0} ({1}, {2})", readerName, transport.protocol, shareMode);
            return transport;
        } catch (PcscException e) {
            // A connect still blocked in the service is released when it returns.
            executor.close(() -> {
                if (opened.get() != null) {
                    opened.get().close(false); // no command was sent yet
                }
            });
            throw e;
        }
    }

    public String readerName() {
        return readerName;
    }

    /** A copy of the card's answer to reset, as it was when connecting. */
    public byte[] atr() {
        return atr.clone();
    }

    /** The protocol in use: {@link Protocol#T0} or {@link Protocol#T1}. */
    public Protocol protocol() {
        return protocol;
    }

    public ShareMode shareMode() {
        return shareMode;
    }

    public boolean isOpen() {
        return !closed.get();
    }

    /** How long each call waits for the card. */
    public Duration timeLimit() {
        return timeLimit;
    }

    /**
     * Sends one command APDU to the card and returns the whole response, status word included.
     *
     * @throws ApduFormatException if the command is shorter than the 4 header bytes
     * @throws PcscException if the exchange could not take place; see {@link PcscException#failure()}
     */
    @Override
    public byte[] transmit(byte[] command) throws PcscException {
        Objects.requireNonNull(command, "command");
        if (command.length < 4) {
            throw new ApduFormatException("A command APDU has at least the 4 header bytes, not " + command.length + ".");
        }
        if (protocol == Protocol.T0 && isExtended(command)) {
            throw new PcscException(PcscFailure.PROTOCOL_MISMATCH, readerName, 0,
                    "The card in reader '" + readerName + "' uses T=0, which cannot carry an extended-length command.", null);
        }
        if (SecretCommands.mayAuthenticate(command)) {
            mayHaveAuthenticated = true;
        }
        // The reader thread's own copy: an interrupted caller returns (and may wipe its array) while
        // the exchange goes on. Whoever takes the copy first wipes it: the exchange once sent, or the
        // caller if the exchange never started.
        byte[] copy = command.clone();
        AtomicBoolean taken = new AtomicBoolean();
        try {
            return onReader(() -> {
                if (!taken.compareAndSet(false, true)) {
                    throw new PcscException(PcscFailure.INTERRUPTED, readerName);
                }
                try {
                    return connection.transmit(copy);
                } finally {
                    SecretCommands.wipeIfSecret(copy);
                }
            });
        } finally {
            if (taken.compareAndSet(false, true)) {
                SecretCommands.wipeIfSecret(copy);
            }
        }
    }

    /**
     * Sends a control command to the reader (SCardControl), for the features of PC/SC part 10:
     * {@code code} is one the reader gave in {@link #features()}. A PIN pad command carries no PIN
     * (the reader reads it on its keypad); jnasmartcardio copies what it sends, which the caller
     * must bear in mind for anything secret.
     */
    public byte[] control(int code, byte[] command) throws PcscException {
        Objects.requireNonNull(command, "command");
        mayHaveAuthenticated = true; // a PIN pad's VERIFY, or PACE: the disconnect resets the card
        return onReader(() -> connection.card.transmitControlCommand(code, command));
    }

    /**
     * What the reader can do beyond APDUs (GET_FEATURE_REQUEST): a PIN pad, PACE. A reader that
     * does not answer the request has none; a connection that is gone still throws.
     */
    public ReaderFeatures features() throws PcscException {
        try {
            int request = ReaderFeatures.getFeatureRequest(Winscard.get().windows);
            return ReaderFeatures.parse(onReader(() -> connection.card.transmitControlCommand(request, new byte[0])));
        } catch (PcscException e) {
            switch (e.failure()) {
                case CARD_REMOVED, CARD_RESET, READER_REMOVED, SERVICE_NOT_RUNNING, CLOSED, NO_ANSWER, INTERRUPTED:
                    throw e; // the card, reader or service is gone, or silent: not a missing feature
                default:
                    break; // SCARD_E_UNSUPPORTED_FEATURE (vpcd) or anything else: a plain reader
            }
            LOG.log(Level.DEBUG, "{0} answers no reader features: {1}", readerName, e.getMessage());
            return ReaderFeatures.NONE;
        }
    }

    /**
     * Begins a transaction: until {@link #endTransaction()}, no other program can use the card.
     * Waits while another program holds a transaction, at most the time limit.
     */
    public void beginTransaction() throws PcscException {
        onReader(() -> {
            connection.card.beginExclusive();
            return null;
        });
    }

    /** Ends the transaction, leaving the card as it is. */
    public void endTransaction() throws PcscException {
        onReader(() -> {
            connection.card.endExclusive();
            return null;
        });
    }

    /** Begins a transaction that ends when the returned object closes: {@code try (var tx = card.transaction()) {...}}. */
    public Transaction transaction() throws PcscException {
        beginTransaction();
        AtomicBoolean ended = new AtomicBoolean();
        return () -> {
            if (ended.compareAndSet(false, true)) {
                endTransaction();
            }
        };
    }

    /** Whether this connection sent a command that may have verified a PIN; closing then resets the card. */
    public boolean mayHaveAuthenticated() {
        return mayHaveAuthenticated;
    }

    /**
     * Disconnects, resetting the card if this connection may have verified a PIN and leaving it
     * as it is otherwise, and stops the reader thread. Waits up to 2 seconds for that, not
     * longer, and not at all while a command runs in the reader: it cannot be stopped, its caller
     * stops waiting at once ({@link PcscFailure#CLOSED}), and the disconnect follows it. Closing
     * twice does nothing.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            OpenConnections.remove(this);
            boolean reset = mayHaveAuthenticated;
            boolean idle = executor.close(() -> connection.close(reset));
            if (idle && !executor.isReaderThread()) {
                try {
                    if (!executor.awaitTermination(CLOSE_WAIT_MILLIS)) {
                        LOG.log(Level.DEBUG, "{0} is still busy; it disconnects when its command ends", readerName);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            LOG.log(Level.DEBUG, "Disconnected from {0}{1}", readerName, reset ? ", resetting the card" : "");
        }
    }

    @Override
    public String toString() {
        return "PcscCardTransport[" + readerName + ", " + protocol + ", " + shareMode + (closed.get() ? ", closed]" : "]");
    }

    private interface CardCall<T> {
        T run() throws CardException, PcscException;
    }

    private <T> T onReader(CardCall<T> call) throws PcscException {
        if (silent) {
            throw PcscFailure.noAnswer(readerName, timeLimit);
        }
        if (closed.get()) {
            throw new PcscException(PcscFailure.CLOSED, readerName);
        }
        try {
            return executor.call(() -> {
                if (connection.disconnected) {
                    throw new PcscException(PcscFailure.CLOSED, readerName);
                }
                try {
                    return call.run();
                } catch (CardException | RuntimeException | LinkageError e) {
                    throw ScardCodes.map(e, readerName, Phase.SESSION);
                }
            }, timeLimit);
        } catch (PcscException e) {
            if (e.failure() == PcscFailure.NO_ANSWER) {
                silent = true;
                close();
            }
            throw e;
        }
    }

    private static boolean isExtended(byte[] command) {
        return command.length >= 7 && command[4] == 0;
    }

    /** The PC/SC objects of one connection; touched only on the reader thread. */
    private static final class Connection {
        final String readerName;
        final CardTerminals terminals;
        final Smartcardio.JnaCard card;
        final WinscardTransmit wire;
        boolean disconnected;

        private Connection(String readerName, CardTerminals terminals, Smartcardio.JnaCard card, WinscardTransmit wire) {
            this.readerName = readerName;
            this.terminals = terminals;
            this.card = card;
            this.wire = wire;
        }

        static Connection open(TerminalFactory factory, String readerName, ShareMode shareMode, Protocol protocol)
                throws PcscException {
            CardTerminals terminals;
            try {
                // Each call establishes a new context, so a connection survives a restart of the service.
                terminals = factory.terminals();
            } catch (RuntimeException | LinkageError e) {
                throw ScardCodes.map(e, readerName, Phase.ESTABLISH);
            }
            try {
                List<CardTerminal> all = terminals.list();
                CardTerminal terminal = null;
                for (CardTerminal t : all) {
                    if (t.getName().equals(readerName)) {
                        terminal = t;
                        break;
                    }
                }
                if (terminal == null) {
                    throw new PcscException(all.isEmpty() ? PcscFailure.NO_READER : PcscFailure.UNKNOWN_READER,
                            readerName, 0, null);
                }
                String mode = (shareMode == ShareMode.EXCLUSIVE ? "EXCLUSIVE;" : "") + protocol.smartcardioName();
                Smartcardio.JnaCard card = (Smartcardio.JnaCard) terminal.connect(mode);
                return new Connection(readerName, terminals, card, WinscardTransmit.of(card, readerName));
            } catch (PcscException e) {
                release(terminals);
                throw e;
            } catch (CardException | RuntimeException | LinkageError e) {
                release(terminals);
                throw ScardCodes.map(e, readerName, Phase.CONNECT);
            }
        }

        byte[] transmit(byte[] command) throws PcscException {
            return wire.transmit(command);
        }

        void close(boolean reset) {
            if (disconnected) {
                return;
            }
            disconnected = true;
            try {
                card.disconnect(reset);
            } catch (CardException | RuntimeException e) {
                // The card or the service is gone already; the handle is invalid either way.
                LOG.log(Level.DEBUG, "Disconnecting from {0}: {1}", readerName, e.getMessage());
            } finally {
                release(terminals);
            }
        }

        private static void release(CardTerminals terminals) {
            try {
                if (terminals instanceof Smartcardio.JnaCardTerminals) {
                    ((Smartcardio.JnaCardTerminals) terminals).close();
                }
            } catch (CardException | RuntimeException e) {
                LOG.log(Level.DEBUG, "Releasing a PC/SC context: {0}", e.getMessage());
            }
        }
    }
}
