package io.github.eid4j.apdu.vpcd;

import io.github.eid4j.apdu.SecretCommands;
import io.github.eid4j.apdu.transport.Icc;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import jdk.net.ExtendedSocketOptions;

/**
 * Puts an {@link Icc} into a virtual reader of pcsc-lite's vpcd driver (vsmartcard), so that
 * every PC/SC program on the machine sees it as a card: the bridge connects to the port vpcd
 * listens on (35963 for reader "Virtual PCD 00 00", 35964 for "Virtual PCD 00 01") and
 * answers what vpcd sends. To pcscd, the card is inserted while the bridge is connected and
 * removed when it {@link #close() closes}.
 *
 * <p>The vpcd protocol: every message, both ways, is a 2-byte big-endian length followed by
 * that many bytes. A 1-byte message from vpcd is a control byte: 00 power off, 01 power on,
 * 02 reset, 04 get ATR; only get ATR is answered (with the ATR). A longer message is a command
 * APDU, answered with the response APDU. Empty messages and unknown control bytes are ignored.
 *
 * <p>The bridge runs on its own daemon thread. If it cannot connect, or the connection breaks
 * (pcscd stopped or restarted, a malformed frame), it connects again every retry interval until
 * closed. Nothing is thrown out of the thread. Logs never hold command or response data, which
 * may be PINs or keys, and the bridge's copies of a command that carries a PIN are wiped once
 * the card has answered it ({@link VpcdFrames}).
 */
public final class VpcdBridge implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(VpcdBridge.class.getName());

    public static final String DEFAULT_HOST = "127.0.0.1";
    /** vpcd's port for its first reader, "Virtual PCD 00 00"; slot n listens on this port + n. */
    public static final int DEFAULT_PORT = 35963;
    public static final Duration DEFAULT_RETRY_INTERVAL = Duration.ofMillis(300);

    static final int CTRL_POWER_OFF = 0x00;
    static final int CTRL_POWER_ON = 0x01;
    static final int CTRL_RESET = 0x02;
    static final int CTRL_GET_ATR = 0x04;

    private static final byte[] SW_NO_PRECISE_DIAGNOSIS = {0x6F, 0x00};
    private static final int CONNECT_TIMEOUT_MILLIS = 2000;

    private final Icc card;
    private final String host;
    private final int port;
    private final long retryNanos;
    private final Thread thread;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Object stateLock = new Object();

    /** Guarded by stateLock. */
    private SocketChannel socket;
    private boolean connected;
    private long connections;

    /** Touched only on the bridge thread. */
    private boolean powered;

    private VpcdBridge(Icc card, String host, int port, Duration retryInterval) {
        this.card = Objects.requireNonNull(card, "card");
        this.host = Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("A TCP port is 1 to 65535, not " + port + ".");
        }
        this.port = port;
        if (retryInterval.isNegative() || retryInterval.isZero()) {
            throw new IllegalArgumentException("The retry interval must be positive, not " + retryInterval + ".");
        }
        this.retryNanos = retryInterval.toNanos();
        this.thread = new Thread(this::run, "eid4j-vpcd " + host + ":" + port);
        thread.setDaemon(true);
    }

    /** vpcd's port for reader slot {@code slot} (0 for "Virtual PCD 00 00", 1 for "Virtual PCD 00 01"). */
    public static int portOfSlot(int slot) {
        if (slot < 0 || slot > 65535 - DEFAULT_PORT) {
            throw new IllegalArgumentException("There is no vpcd slot " + slot + ".");
        }
        return DEFAULT_PORT + slot;
    }

    /**
     * The name PC/SC programs see for vpcd's reader slot {@code slot}: pcsc-lite names a reader
     * by its friendly name ("Virtual PCD" for vpcd), its reader number and its slot number, each
     * number as two upper-case hex digits (readerfactory.c); vpcd is taken to be pcscd's first
     * reader (00), as everywhere in eid4j. Slot 10 is "Virtual PCD 00 0A".
     */
    public static String readerName(int slot) {
        portOfSlot(slot); // the same range check
        return String.format("Virtual PCD 00 %02X", slot);
    }

    /** Serves the card in vpcd's first reader, on 127.0.0.1:35963. */
    public static VpcdBridge start(Icc card) {
        return start(card, DEFAULT_HOST, DEFAULT_PORT);
    }

    /** Serves the card on 127.0.0.1 at the given port. */
    public static VpcdBridge start(Icc card, int port) {
        return start(card, DEFAULT_HOST, port);
    }

    public static VpcdBridge start(Icc card, String host, int port) {
        return start(card, host, port, DEFAULT_RETRY_INTERVAL);
    }

    /**
     * Starts the bridge thread, which connects to vpcd at {@code host:port} and keeps
     * connecting again, every {@code retryInterval}, until {@link #close()}.
     */
    public static VpcdBridge start(Icc card, String host, int port, Duration retryInterval) {
        VpcdBridge bridge = new VpcdBridge(card, host, port, retryInterval);
        bridge.thread.start();
        return bridge;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /**
     * Whether the bridge has a TCP connection to vpcd now. pcscd notices the card at its next
     * presence poll, typically within half a second; poll the reader state to know it did.
     */
    public boolean isConnected() {
        synchronized (stateLock) {
            return connected;
        }
    }

    /** How many times the bridge has connected so far. */
    public long connections() {
        synchronized (stateLock) {
            return connections;
        }
    }

    /** Waits until the bridge is connected; true if it is, false if the time ran out or it was closed. */
    public boolean awaitConnected(Duration timeout) throws InterruptedException {
        return awaitState(true, timeout);
    }

    /** Waits until the bridge is not connected; true if so, false if the time ran out. */
    public boolean awaitDisconnected(Duration timeout) throws InterruptedException {
        return awaitState(false, timeout);
    }

    private boolean awaitState(boolean wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (stateLock) {
            while (connected != wanted) {
                if (wanted && stop.getCount() == 0) {
                    return false;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(stateLock, left);
            }
            return true;
        }
    }

    /** Whether the bridge thread still runs. */
    public boolean isRunning() {
        return thread.isAlive();
    }

    /**
     * Closes the connection (to pcscd, the card is removed) and stops the bridge thread; waits
     * briefly for it to end. Closing twice does nothing.
     */
    @Override
    public void close() {
        stop.countDown();
        SocketChannel s;
        synchronized (stateLock) {
            s = socket;
            stateLock.notifyAll();
        }
        closeQuietly(s);
        if (Thread.currentThread() != thread) {
            thread.interrupt();
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        boolean reportedFailure = false;
        while (stop.getCount() > 0) {
            SocketChannel s;
            try {
                s = SocketChannel.open();
            } catch (IOException e) {
                LOG.log(Level.WARNING, "Cannot open a socket: {0}", e.getMessage());
                if (pause()) {
                    break;
                }
                continue;
            }
            if (!track(s)) {
                break;
            }
            try {
                s.setOption(StandardSocketOptions.TCP_NODELAY, true);
                s.socket().connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
            } catch (IOException e) {
                untrack(s);
                if (!reportedFailure && stop.getCount() > 0) {
                    LOG.log(Level.DEBUG, "Cannot connect to vpcd at {0}: {1}; retrying", address(), e.getMessage());
                    reportedFailure = true;
                }
                if (pause()) {
                    break;
                }
                continue;
            }
            reportedFailure = false;
            markConnected();
            LOG.log(Level.INFO, "Connected to vpcd at {0}", address());
            try {
                serve(s);
                LOG.log(Level.INFO, "vpcd at {0} closed the connection", address());
            } catch (IOException e) {
                if (stop.getCount() > 0) {
                    LOG.log(Level.INFO, "Connection to vpcd at {0} lost: {1}", address(), e.getMessage());
                }
            } catch (RuntimeException e) {
                // Not expected (card calls are guarded), but the thread must not die of it.
                LOG.log(Level.WARNING, "vpcd bridge at " + host + ":" + port + " failed; reconnecting", e);
            } finally {
                untrack(s);
                powerOff();
            }
            if (pause()) {
                break;
            }
        }
    }

    /** Sleeps one retry interval; true if the bridge was closed meanwhile. */
    private boolean pause() {
        try {
            return stop.await(retryNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            return stop.getCount() == 0;
        }
    }

    /** Makes {@code s} the socket {@link #close()} closes; false (and {@code s} closed) if the bridge is closing. */
    private boolean track(SocketChannel s) {
        synchronized (stateLock) {
            if (stop.getCount() == 0) {
                closeQuietly(s);
                return false;
            }
            socket = s;
            return true;
        }
    }

    private void markConnected() {
        synchronized (stateLock) {
            connected = true;
            connections++;
            stateLock.notifyAll();
        }
    }

    private void untrack(SocketChannel s) {
        synchronized (stateLock) {
            if (socket == s) {
                socket = null;
            }
            connected = false;
            stateLock.notifyAll();
        }
        closeQuietly(s);
    }

    /** Answers vpcd until the connection ends: normally with EOF at a frame boundary, otherwise with an IOException. */
    private void serve(SocketChannel s) throws IOException {
        VpcdFrames frames = new VpcdFrames();
        // vpcd writes a frame's length and its bytes in two sends without TCP_NODELAY: Nagle holds the
        // bytes until the length is acknowledged, and a delayed ACK makes that about 40 ms per APDU.
        // Quick-ack mode acknowledges at once; Linux leaves it by itself, so it is set before every frame.
        boolean quickAck = s.supportedOptions().contains(ExtendedSocketOptions.TCP_QUICKACK);
        while (true) {
            if (quickAck) {
                s.setOption(ExtendedSocketOptions.TCP_QUICKACK, true);
            }
            byte[] message = frames.read(s);
            if (message == null) {
                return;
            }
            byte[] answer;
            try {
                answer = handle(message);
            } finally {
                SecretCommands.wipeIfSecret(message);
            }
            if (answer != null) {
                frames.write(s, answer);
            }
        }
    }

    /** What to send back for one message from vpcd; null for nothing. */
    private byte[] handle(byte[] message) {
        if (message.length == 0) {
            LOG.log(Level.DEBUG, "Ignoring an empty message from vpcd");
            return null;
        }
        if (message.length == 1) {
            return control(message[0] & 0xFF);
        }
        return process(message);
    }

    private byte[] control(int code) {
        try {
            switch (code) {
                case CTRL_POWER_OFF:
                    powerOff();
                    return null;
                case CTRL_POWER_ON:
                    card.powerOn();
                    powered = true;
                    return null;
                case CTRL_RESET:
                    card.reset();
                    powered = true;
                    return null;
                case CTRL_GET_ATR:
                    return atr();
                default:
                    LOG.log(Level.DEBUG, "Ignoring unknown vpcd control byte {0}", String.format("%02X", code));
                    return null;
            }
        } catch (RuntimeException | AssertionError e) {
            LOG.log(Level.WARNING, "The virtual card failed on vpcd control byte " + String.format("%02X", code)
                    + ": " + e.getClass().getName());
            return code == CTRL_GET_ATR ? new byte[0] : null;
        }
    }

    private byte[] atr() {
        byte[] atr = card.atr();
        if (atr == null || atr.length == 0) {
            // vpcd takes an empty answer for "no card" and drops the connection; the bridge reconnects.
            LOG.log(Level.WARNING, "The virtual card has no ATR; pcscd will see no card");
            return new byte[0];
        }
        return atr.clone();
    }

    private byte[] process(byte[] command) {
        byte[] response;
        try {
            response = card.process(command);
        } catch (RuntimeException | AssertionError e) {
            // A card cannot throw; say so without the command, which may hold a PIN.
            LOG.log(Level.WARNING, "The virtual card threw " + e.getClass().getName() + " on a "
                    + command.length + "-byte command; answering 6F00");
            return SW_NO_PRECISE_DIAGNOSIS.clone();
        }
        if (response == null || response.length < 2 || response.length > 0xFFFF) {
            LOG.log(Level.WARNING, "The virtual card answered with " + (response == null ? "null" : response.length + " bytes")
                    + ", which is not a response APDU vpcd can carry; answering 6F00");
            return SW_NO_PRECISE_DIAGNOSIS.clone();
        }
        return response;
    }

    private void powerOff() {
        if (powered) {
            powered = false;
            try {
                card.powerOff();
            } catch (RuntimeException | AssertionError e) {
                LOG.log(Level.WARNING, "The virtual card failed to power off: " + e.getClass().getName());
            }
        }
    }

    private static void closeQuietly(SocketChannel s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // Closing is all that is left to do.
            }
        }
    }

    private String address() {
        return host + ":" + port;
    }

    @Override
    public String toString() {
        return "VpcdBridge[" + address() + (isConnected() ? ", connected]" : ", not connected]");
    }
}
