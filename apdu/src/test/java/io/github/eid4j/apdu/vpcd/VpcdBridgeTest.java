package io.github.eid4j.apdu.vpcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.eid4j.apdu.Hex;
import io.github.eid4j.apdu.transport.Icc;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.Channels;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The vpcd side of {@link VpcdBridge}, played by a local server socket: no pcscd needed. */
@Timeout(30)
class VpcdBridgeTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration RETRY = Duration.ofMillis(50);

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private ServerSocket server;
    private TestCard card;
    private VpcdBridge bridge;

    @BeforeEach
    void listen() throws IOException {
        server = newServer(0);
        card = new TestCard();
    }

    @AfterEach
    void closeAll() throws Exception {
        if (bridge != null) {
            bridge.close();
        }
        for (AutoCloseable c : toClose) {
            c.close();
        }
        server.close();
    }

    private ServerSocket newServer(int port) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        s.setSoTimeout((int) WAIT.toMillis());
        return s;
    }

    private Peer startAndAccept() throws IOException {
        bridge = VpcdBridge.start(card, "127.0.0.1", server.getLocalPort(), RETRY);
        return accept();
    }

    private Peer accept() throws IOException {
        Peer peer = new Peer(server.accept());
        toClose.add(peer);
        return peer;
    }

    @Test
    void onlyGetAtrIsAnswered() throws Exception {
        Peer vpcd = startAndAccept();
        vpcd.send(0x01); // power on
        vpcd.send(0x02); // reset
        vpcd.send(0x00); // power off
        vpcd.send(0x04); // get ATR

        assertThat(vpcd.receive()).isEqualTo(TestCard.ATR);
        // The next frame answers the next command: nothing was sent for the other control bytes.
        vpcd.send(Hex.decode("00 CA 01 02 00"));
        assertThat(vpcd.receive()).isEqualTo(withSw(TestCard.DATA, 0x9000));
        assertThat(card.powerOns).hasValue(1);
        assertThat(card.resets).hasValue(1);
        assertThat(card.powerOffs).hasValue(1);
    }

    @Test
    void commandApdusAreAnsweredWithTheCardsResponse() throws Exception {
        Peer vpcd = startAndAccept();
        vpcd.send(0x01);
        vpcd.send(Hex.decode("00 A4 04 00 0A F0 65 69 64 34 6A 54 45 53 54"));
        assertThat(vpcd.receive()).isEqualTo(Hex.decode("90 00"));
        vpcd.send(Hex.decode("00 A4 04 00 02 3F 00"));
        assertThat(vpcd.receive()).isEqualTo(Hex.decode("6A 82"));
        vpcd.send(Hex.decode("80 11 00 00"));
        assertThat(vpcd.receive()).isEqualTo(Hex.decode("6D 00"));

        // The longest message vpcd carries: 65533 data bytes and the status word.
        vpcd.send(Hex.decode("00 B0 00 00 00 FF FF"));
        byte[] response = vpcd.receive();
        assertThat(response).hasSize(65535);
        assertThat(response[65532]).isEqualTo((byte) 65532);
        assertThat(Hex.spaced(response, 65533, 65535)).isEqualTo("90 00");
    }

    @Test
    void emptyMessagesAndUnknownControlBytesAreIgnored() throws Exception {
        Peer vpcd = startAndAccept();
        vpcd.send(new byte[0]);
        vpcd.send(0x03);
        vpcd.send(0x7F);
        vpcd.send(0xFF);
        vpcd.send(0x04);
        assertThat(vpcd.receive()).isEqualTo(TestCard.ATR);
        assertThat(bridge.isConnected()).isTrue();
        assertThat(bridge.connections()).isEqualTo(1);
    }

    @Test
    void reconnectsWhenVpcdDropsTheConnection() throws Exception {
        Peer first = startAndAccept();
        first.send(0x01);
        first.send(0x04);
        assertThat(first.receive()).isEqualTo(TestCard.ATR);
        first.close();

        Peer second = accept();
        second.send(0x04);
        assertThat(second.receive()).isEqualTo(TestCard.ATR);
        assertThat(bridge.connections()).isEqualTo(2);
        // To the card, losing the connection is being removed: it was powered off.
        assertThat(card.powerOffs).hasValue(1);
    }

    @Test
    void reconnectsWhenVpcdStopsAndListensAgain() throws Exception {
        Peer first = startAndAccept();
        first.send(0x04);
        assertThat(first.receive()).isEqualTo(TestCard.ATR);
        int port = server.getLocalPort();
        server.close();
        first.close();
        assertThat(bridge.awaitDisconnected(WAIT)).isTrue();

        // While nothing listens, the bridge keeps trying; then vpcd is back on the same port.
        waitUntil(() -> !bridge.isConnected());
        Thread.sleep(3 * RETRY.toMillis());
        server = newServer(port);
        Peer second = accept();
        assertThat(bridge.awaitConnected(WAIT)).isTrue();
        second.send(0x04);
        assertThat(second.receive()).isEqualTo(TestCard.ATR);
    }

    @Test
    void aFrameCutShortDropsTheConnectionAndTheBridgeReconnects() throws Exception {
        Peer first = startAndAccept();
        first.send(0x01);
        first.sendRaw(new byte[] {0x00, 0x10, 0x00, (byte) 0xA4, 0x04}); // announces 16 bytes, sends 3
        first.close();

        Peer second = accept();
        second.sendRaw(new byte[] {0x00}); // half a length
        second.close();

        Peer third = accept();
        third.send(0x04);
        assertThat(third.receive()).isEqualTo(TestCard.ATR);
        assertThat(card.commands).hasValue(0);
        assertThat(bridge.isRunning()).isTrue();
    }

    @Test
    void aCardThatThrowsOrAnswersNothingGets6F00() throws Exception {
        Icc broken = new Icc() {
            @Override
            public byte[] atr() {
                return TestCard.ATR;
            }

            @Override
            public byte[] process(byte[] command) {
                if (command[1] == 0x01) {
                    throw new IllegalStateException("broken");
                }
                return command[1] == 0x02 ? null : new byte[] {0x6A};
            }
        };
        bridge = VpcdBridge.start(broken, "127.0.0.1", server.getLocalPort(), RETRY);
        Peer vpcd = accept();
        vpcd.send(Hex.decode("00 01 00 00"));
        assertThat(vpcd.receive()).isEqualTo(Hex.decode("6F 00"));
        vpcd.send(Hex.decode("00 02 00 00"));
        assertThat(vpcd.receive()).isEqualTo(Hex.decode("6F 00"));
        vpcd.send(Hex.decode("00 03 00 00"));
        assertThat(vpcd.receive()).isEqualTo(Hex.decode("6F 00"));
        vpcd.send(0x04);
        assertThat(vpcd.receive()).isEqualTo(TestCard.ATR);
    }

    @Test
    void closeDropsTheConnectionAndStopsTheThreadPromptly() throws Exception {
        Peer vpcd = startAndAccept();
        vpcd.send(0x01);
        vpcd.send(0x04);
        assertThat(vpcd.receive()).isEqualTo(TestCard.ATR);

        long start = System.nanoTime();
        bridge.close();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        assertThat(bridge.isRunning()).isFalse();
        assertThat(bridge.isConnected()).isFalse();
        assertThat(vpcd.in.read()).as("vpcd sees the connection closed").isEqualTo(-1);
        assertThat(card.powerOffs).hasValue(1);
        bridge.close(); // twice is fine
    }

    @Test
    void closeWhileWaitingForVpcdIsPrompt() throws Exception {
        int port = server.getLocalPort();
        server.close(); // nothing listens
        bridge = VpcdBridge.start(card, "127.0.0.1", port, Duration.ofSeconds(5));
        assertThat(bridge.awaitConnected(Duration.ofMillis(300))).isFalse();
        long start = System.nanoTime();
        bridge.close();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        assertThat(bridge.isRunning()).isFalse();
        server = newServer(0);
    }

    @Test
    void framesAreLengthPrefixedBigEndian() throws Exception {
        VpcdFrames frames = new VpcdFrames();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        frames.write(Channels.newChannel(out), new byte[300]);
        byte[] bytes = out.toByteArray();
        assertThat(bytes).hasSize(302);
        assertThat(bytes[0]).isEqualTo((byte) 0x01);
        assertThat(bytes[1]).isEqualTo((byte) 0x2C);
        assertThat(frames.read(Channels.newChannel(new java.io.ByteArrayInputStream(bytes)))).hasSize(300);
        assertThat(frames.read(Channels.newChannel(new java.io.ByteArrayInputStream(new byte[0])))).isNull();
        assertThatThrownBy(() -> frames.read(Channels.newChannel(new java.io.ByteArrayInputStream(new byte[] {0, 5, 1}))))
                .isInstanceOf(java.io.EOFException.class).hasMessage("vpcd closed the connection after 1 of 5 announced bytes.");
        assertThat(VpcdBridge.portOfSlot(1)).isEqualTo(35964);
    }

    private static byte[] withSw(byte[] data, int sw) {
        byte[] out = java.util.Arrays.copyOf(data, data.length + 2);
        out[data.length] = (byte) (sw >> 8);
        out[data.length + 1] = (byte) sw;
        return out;
    }

    private static void waitUntil(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition met in time").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    /** The vpcd end of one connection. */
    private static final class Peer implements AutoCloseable {
        final Socket socket;
        final DataInputStream in;
        final OutputStream out;

        Peer(Socket socket) throws IOException {
            this.socket = socket;
            socket.setSoTimeout((int) WAIT.toMillis());
            socket.setTcpNoDelay(true);
            this.in = new DataInputStream(socket.getInputStream());
            this.out = socket.getOutputStream();
        }

        void send(int controlByte) throws IOException {
            send(new byte[] {(byte) controlByte});
        }

        /** As vpcd sends: the length, then the bytes. */
        void send(byte[] payload) throws IOException {
            out.write(new byte[] {(byte) (payload.length >> 8), (byte) payload.length});
            out.write(payload);
            out.flush();
        }

        void sendRaw(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }

        byte[] receive() throws IOException {
            try {
                int length = in.readUnsignedShort();
                byte[] payload = new byte[length];
                in.readFully(payload);
                return payload;
            } catch (SocketTimeoutException e) {
                throw new AssertionError("The bridge did not answer within " + WAIT, e);
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
