package io.github.eid4j.card.luxembourg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.eid4j.apdu.CommandApdu;
import io.github.eid4j.apdu.HashAlgorithm;
import io.github.eid4j.apdu.emulator.CardFolder;
import io.github.eid4j.apdu.emulator.NonVolatileMemory;
import io.github.eid4j.apdu.emulator.VirtualCard;
import io.github.eid4j.apdu.emulator.VirtualCards;
import io.github.eid4j.apdu.pace.CardAccess;
import io.github.eid4j.apdu.pace.Pace;
import io.github.eid4j.apdu.pace.PacePassword;
import io.github.eid4j.apdu.pace.WrongPacePasswordException;
import io.github.eid4j.apdu.pcsc.ReaderFeatures;
import io.github.eid4j.apdu.sm.SecureMessaging;
import io.github.eid4j.apdu.transport.CardTransport;
import io.github.eid4j.apdu.transport.Icc;
import io.github.eid4j.card.CanException;
import io.github.eid4j.card.CardConnection;
import io.github.eid4j.card.EidCard;
import io.github.eid4j.card.EidCards;
import io.github.eid4j.card.EidException;
import io.github.eid4j.card.InProcessConnection;
import io.github.eid4j.card.KeyEntry;
import io.github.eid4j.card.KeyPurpose;
import io.github.eid4j.card.PaceReader;
import io.github.eid4j.card.ScriptedPins;
import io.github.eid4j.card.SignatureScheme;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.Signature;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The virtual Luxembourg eID in a reader that runs PACE itself (PC/SC part 10
 * FEATURE_EXECUTE_PACE). This test's reader does what BSI TR-03119 and PC/SC part 10 amendment 1
 * have such a reader do: it names the feature in its answer to GET_FEATURE_REQUEST; given
 * EstablishPACEChannel with the CAN, it runs PACE with the card (here through eid4j's
 * terminal-side {@link Pace}, which the known-answer tests and JMRTD vouch for) and answers with
 * MSE:Set AT's status word and EF.CardAccess; from then on it protects every APDU the host sends
 * with the session it keeps, so the card, which answers nothing plain after PACE, answers.
 */
class LuxembourgPaceReaderTest {
    private static final int GET_FEATURE_REQUEST = ReaderFeatures.getFeatureRequest(false);
    private static final int EXECUTE_PACE = 0x42330020;
    private static final byte[] DOCUMENT = "Dokument fir z'ënnerschreiwen".getBytes(StandardCharsets.UTF_8);

    @TempDir
    static Path home;

    private EidCard card;

    @BeforeAll
    static void createCard() throws Exception {
        new VirtualCards(home).create("activated", "luxembourg", true).wipe();
    }

    @AfterEach
    void close() {
        if (card != null) {
            card.close();
        }
    }

    /** The reader: passes APDUs, runs PACE when asked, then protects what the host sends. */
    private static final class PaceCapableReader implements Icc {
        private final VirtualCard icc;
        /** The commands the host sent, as the host sent them. */
        final List<byte[]> fromHost = new ArrayList<>();
        final List<String> establishedWith = new ArrayList<>();
        /** The reader's result code for EstablishPACEChannel instead of running it, 0: none. */
        int failWith;
        private SecureMessaging session;

        PaceCapableReader(VirtualCard icc) {
            this.icc = icc;
        }

        @Override
        public byte[] atr() {
            return icc.atr();
        }

        @Override
        public byte[] process(byte[] command) {
            fromHost.add(command.clone());
            if (session == null) {
                return icc.process(command);
            }
            try {
                return session.unwrapResponse(whole(icc.process(session.wrapCommand(CommandApdu.parse(command))))).toBytes();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }

        /** The protected answer whole: the card's 61xx are the reader's to fetch (GET RESPONSE, below secure messaging). */
        private byte[] whole(byte[] response) {
            ByteArrayOutputStream data = new ByteArrayOutputStream();
            while (response.length >= 2 && response[response.length - 2] == 0x61) {
                data.write(response, 0, response.length - 2);
                response = icc.process(new byte[] {0x00, (byte) 0xC0, 0x00, 0x00, response[response.length - 1]});
            }
            data.writeBytes(response);
            return data.toByteArray();
        }

        byte[] control(int code, byte[] command) {
            if (code == GET_FEATURE_REQUEST) {
                return new byte[] {0x20, 4, 0x42, 0x33, 0x00, 0x20};
            }
            assertThat(code).isEqualTo(EXECUTE_PACE);
            if (command[0] == 0x03) { // DestroyPACEChannel
                session.close();
                session = null;
                return answer(0, new byte[0]);
            }
            assertThat(command[0]).as("EstablishPACEChannel").isEqualTo((byte) 0x02);
            assertThat(command[3]).as("PasswordID: CAN").isEqualTo((byte) 2);
            assertThat(command[4]).as("no CHAT").isZero();
            char[] can = new String(command, 6, command[5], StandardCharsets.US_ASCII).toCharArray();
            establishedWith.add(new String(can));
            if (failWith != 0) {
                return answer(failWith, new byte[0]);
            }
            CardTransport wire = icc::process;
            try (PacePassword password = PacePassword.can(can)) {
                byte[] cardAccess = Pace.readCardAccess(wire);
                session = Pace.establish(wire, CardAccess.parse(cardAccess), password);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                out.writeBytes(new byte[] {0x00, (byte) 0x90}); // MSE:Set AT's status word, little-endian
                out.writeBytes(new byte[] {(byte) cardAccess.length, (byte) (cardAccess.length >> 8)});
                out.writeBytes(cardAccess);
                out.writeBytes(new byte[] {0, 0, 0, 0}); // no CARcurr, no CARprev, no IDicc
                return answer(0, out.toByteArray());
            } catch (WrongPacePasswordException e) {
                return answer(0xF0036300, new byte[0]); // the card's 63 00 to GENERAL AUTHENTICATE
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }

        private static byte[] answer(int result, byte[] output) {
            byte[] a = new byte[6 + output.length];
            for (int i = 0; i < 4; i++) {
                a[i] = (byte) (result >> (8 * i));
            }
            a[4] = (byte) output.length;
            a[5] = (byte) (output.length >> 8);
            System.arraycopy(output, 0, a, 6, output.length);
            return a;
        }

        boolean hostSentGeneralAuthenticate() {
            return fromHost.stream().anyMatch(c -> c[1] == (byte) 0x86);
        }

        boolean hostSentSecureMessaging() {
            return fromHost.stream().anyMatch(c -> (c[0] & 0x0C) == 0x0C);
        }
    }

    /** The card in that reader, the connection learning the reader's features as PcscConnection does. */
    private static CardConnection inReader(PaceCapableReader reader) {
        InProcessConnection plain = new InProcessConnection(reader, false, "test reader", () -> { });
        return new CardConnection() {
            @Override
            public byte[] atr() {
                return plain.atr();
            }

            @Override
            public boolean isT0() {
                return false;
            }

            @Override
            public CardTransport transport() {
                return plain.transport();
            }

            @Override
            public String location() {
                return plain.location();
            }

            @Override
            public boolean mayHaveAuthenticated() {
                return plain.mayHaveAuthenticated();
            }

            @Override
            public Optional<PaceReader> paceReader() {
                return PaceReader.of(ReaderFeatures.parse(reader.control(GET_FEATURE_REQUEST, new byte[0])), reader::control);
            }

            @Override
            public <T> T transact(CardWork<T> work) throws EidException {
                return plain.transact(work);
            }

            @Override
            public void close() {
                plain.close();
            }
        };
    }

    private static PaceCapableReader reader() throws Exception {
        try (CardFolder folder = CardFolder.open(new VirtualCards(home).folder("activated"))) {
            return new PaceCapableReader(new VirtualCard(folder.image(), NonVolatileMemory.NONE));
        }
    }

    private void open(PaceCapableReader reader, String can) throws Exception {
        card = EidCards.open(inReader(reader), request -> can.toCharArray());
    }

    @Test
    void theReaderRunsPaceAndProtectsThePlainCommandsTheHostSends() throws Exception {
        PaceCapableReader reader = reader();
        open(reader, LuxembourgVirtualCard.TEST_CAN);
        assertThat(reader.establishedWith).containsExactly(LuxembourgVirtualCard.TEST_CAN);
        assertThat(reader.hostSentGeneralAuthenticate()).as("no PACE from the host").isFalse();

        KeyEntry sign = card.key(KeyPurpose.SIGNATURE).orElseThrow();
        assertThat(sign.certificate().getKeyUsage()[1]).as("the qualified certificate, read through the reader's channel").isTrue();
        byte[] signature = card.sign(sign, SignatureScheme.RSA_PKCS1, HashAlgorithm.SHA256,
                MessageDigest.getInstance("SHA-256").digest(DOCUMENT), ScriptedPins.answering(LuxembourgVirtualCard.TEST_PIN));
        Signature v = Signature.getInstance("SHA256withRSA");
        v.initVerify(sign.publicKey());
        v.update(DOCUMENT);
        assertThat(v.verify(signature)).isTrue();
        assertThat(reader.hostSentSecureMessaging()).as("the reader, not the host, protects the commands").isFalse();
        assertThat(reader.fromHost.stream().filter(c -> c[1] == (byte) 0x20 && c.length > 5))
                .as("the VERIFY with the PIN went through the reader, which protected it").hasSize(1);
    }

    @Test
    void aWrongCanOnTheReaderIsTheSameSentenceAsOnTheHost() throws Exception {
        PaceCapableReader reader = reader();
        assertThatThrownBy(() -> open(reader, "000000")).isInstanceOf(CanException.class)
                .hasMessage("Wrong CAN: check the 6-digit number printed on the front of your card.");
        assertThat(reader.establishedWith).as("one attempt, on the reader").containsExactly("000000");
        assertThat(reader.hostSentGeneralAuthenticate()).as("no second attempt by the host").isFalse();
    }

    @Test
    void aReaderThatFailsBeforeTheCardTookPartLeavesPaceToTheHost() throws Exception {
        PaceCapableReader reader = reader();
        reader.failWith = 0xD0000002; // "unexpected data in input": the reader refused the request, the card saw nothing
        open(reader, LuxembourgVirtualCard.TEST_CAN);
        assertThat(reader.hostSentGeneralAuthenticate()).as("PACE by the host").isTrue();
        assertThat(card.key(KeyPurpose.AUTHENTICATION)).isPresent();
    }

    @Test
    void aReaderThatFailsWithTheCardIsNotRetriedByTheHost() throws Exception {
        PaceCapableReader reader = reader();
        reader.failWith = 0xF0036A80; // the card stopped GENERAL AUTHENTICATE
        assertThatThrownBy(() -> open(reader, LuxembourgVirtualCard.TEST_CAN)).isInstanceOf(EidException.class)
                .isNotInstanceOf(CanException.class).hasMessageContaining("6A80");
        assertThat(reader.hostSentGeneralAuthenticate()).isFalse();
        assertThat(reader.establishedWith).hasSize(1);
    }
}
