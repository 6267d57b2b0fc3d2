package io.github.eid4j.apdu.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.eid4j.apdu.CommandApdu;
import io.github.eid4j.apdu.Hex;
import io.github.eid4j.apdu.pace.CardAccess;
import io.github.eid4j.apdu.pace.Pace;
import io.github.eid4j.apdu.pace.PaceDomain;
import io.github.eid4j.apdu.pace.PaceInfo;
import io.github.eid4j.apdu.pace.PacePassword;
import io.github.eid4j.apdu.pace.PacePasswordBlockedException;
import io.github.eid4j.apdu.pace.PaceProtocol;
import io.github.eid4j.apdu.pace.WrongPacePasswordException;
import io.github.eid4j.apdu.sm.SecureMessaging;
import io.github.eid4j.apdu.sm.SecureMessagingException;
import io.github.eid4j.apdu.sm.SecureMessagingTransport;
import io.github.eid4j.apdu.transport.CardTransport;
import io.github.eid4j.apdu.transport.InProcessTransport;
import io.github.eid4j.apdu.transport.Transports;
import io.github.eid4j.testing.PaceTestCard;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The terminal's PACE and secure messaging against the virtual card's, over every curve and cipher, and the bad cases. */
class VirtualCardPaceTest {

    private static CardTransport stack(VirtualCard card) {
        return Transports.standard(new InProcessTransport(card));
    }

    private static SecureMessaging pace(CardTransport card, PacePassword password) throws Exception {
        try (password) {
            return Pace.establish(card, CardAccess.parse(Pace.readCardAccess(card)), password);
        }
    }

    private static byte[] readData(CardTransport secured) throws Exception {
        assertThat(Hex.plain(secured.transmit(Hex.decode("00 A4 04 0C 07 A0 00 00 02 47 10 01")))).isEqualTo("9000");
        assertThat(Hex.plain(secured.transmit(Hex.decode("00 A4 02 0C 02 01 01")))).isEqualTo("9000");
        byte[] first = secured.transmit(Hex.decode("00 B0 00 00 00"));
        byte[] rest = secured.transmit(Hex.decode("00 B0 01 00 00"));
        assertThat(Hex.plain(Arrays.copyOfRange(first, 256, 258))).isEqualTo("9000");
        byte[] all = Arrays.copyOf(first, 256 + rest.length - 2);
        System.arraycopy(rest, 0, all, 256, rest.length - 2);
        return all;
    }

    @ParameterizedTest
    @EnumSource(PaceDomain.class)
    void canOpensTheChannelOnEveryCurve(PaceDomain domain) throws Exception {
        for (PaceProtocol protocol : List.of(PaceProtocol.ECDH_GM_AES_CBC_CMAC_128, PaceProtocol.ECDH_GM_AES_CBC_CMAC_256,
                domain == PaceDomain.BRAINPOOL_P256R1 ? PaceProtocol.ECDH_GM_3DES_CBC_CBC : PaceProtocol.ECDH_GM_AES_CBC_CMAC_192)) {
            VirtualCard card = new VirtualCard(PaceTestCard.image(PaceInfo.of(protocol, domain)), NonVolatileMemory.NONE);
            CardTransport plain = stack(card);
            SecureMessaging session = pace(plain, PacePassword.can(PaceTestCard.CAN.toCharArray()));
            CardTransport secured = Transports.secured(plain, session, false);
            assertThat(readData(secured)).as("%s on %s", protocol, domain).isEqualTo(PaceTestCard.data());
        }
    }

    @Test
    void aT0CardHandsOutEveryProtectedAnswerThroughGetResponse() throws Exception {
        CardSettings t0 = CardSettings.builder(PaceTestCard.ATR).t0(true).build();
        VirtualCard card = new VirtualCard(PaceTestCard.image(PaceInfo.of(PaceProtocol.ECDH_GM_AES_CBC_CMAC_128,
                PaceDomain.BRAINPOOL_P256R1), t0), NonVolatileMemory.NONE);
        CardTransport plain = Transports.t0(new InProcessTransport(card));
        CardTransport secured = Transports.secured(plain, pace(plain, PacePassword.can(PaceTestCard.CAN.toCharArray())), false);
        assertThat(readData(secured)).isEqualTo(PaceTestCard.data());
        // The wire: a protected command without Le (T=0 case 3) gets 61xx, never data at once.
        card.reset();
        SecureMessaging session = pace(plain, PacePassword.can(PaceTestCard.CAN.toCharArray()));
        byte[] wrapped = session.wrapCommand(new CommandApdu(0x00, 0xA4, 0x04, 0x0C, PaceTestCard.APPLICATION));
        byte[] case3 = Arrays.copyOf(wrapped, wrapped.length - 1);
        assertThat(Hex.plain(card.process(case3))).startsWith("61");
    }

    @Test
    void withoutPaceTheCardAnswers6982() throws Exception {
        CardTransport plain = stack(new VirtualCard(PaceTestCard.image(), NonVolatileMemory.NONE));
        assertThat(Hex.plain(plain.transmit(Hex.decode("00 A4 04 0C 07 A0 00 00 02 47 10 01")))).isEqualTo("6982");
        assertThat(Hex.plain(plain.transmit(Hex.decode("00 B0 81 00 00")))).isEqualTo("6982");
        assertThat(Hex.plain(plain.transmit(Hex.decode("00 20 00 81 00")))).isEqualTo("6982");
        assertThat(CardAccess.parse(Pace.readCardAccess(plain))).hasSize(1);
    }

    @Test
    void aWrongCanIsOneSentenceAndNeverBlocks() throws Exception {
        CardTransport plain = stack(new VirtualCard(PaceTestCard.image(), NonVolatileMemory.NONE));
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> pace(plain, PacePassword.can("000000".toCharArray())))
                    .isInstanceOf(WrongPacePasswordException.class)
                    .hasMessage("Wrong CAN: check the 6-digit number printed on the front of your card.");
        }
        assertThat(pace(plain, PacePassword.can(PaceTestCard.CAN.toCharArray()))).isNotNull();
    }

    @Test
    void aWrongPinCountsDownOneTryPerAttemptThenBlocksAndThePukStillOpens() throws Exception {
        VirtualCard card = new VirtualCard(PaceTestCard.image(), NonVolatileMemory.NONE);
        CardTransport plain = stack(card);
        assertThatThrownBy(() -> pace(plain, PacePassword.pin("111111".toCharArray())))
                .isInstanceOf(WrongPacePasswordException.class)
                .hasMessage("Wrong PIN: 2 tries left before it is blocked.");
        assertThat(card.pin(PaceTestCard.PIN_REFERENCE).triesLeft()).isEqualTo(2);
        // MSE:Set AT now reports the tries left (63C2) and uses none.
        assertThat(Hex.plain(plain.transmit(Hex.decode("00 22 C1 A4 0F 80 0A 04 00 7F 00 07 02 02 04 02 02 83 01 03")))).isEqualTo("63C2");
        List<PaceInfo> cardAccess = CardAccess.parse(Pace.readCardAccess(plain));
        assertThat(Pace.triesLeft(plain, cardAccess, PacePassword.Type.PIN)).isEqualTo(OptionalInt.of(2));
        assertThat(Pace.triesLeft(plain, cardAccess, PacePassword.Type.CAN)).isEmpty();
        assertThat(card.pin(PaceTestCard.PIN_REFERENCE).triesLeft()).isEqualTo(2);
        WrongPacePasswordException second = (WrongPacePasswordException) org.assertj.core.api.Assertions.catchThrowable(
                () -> pace(plain, PacePassword.pin("222222".toCharArray())));
        assertThat(second.triesLeft()).isEqualTo(OptionalInt.of(1));
        assertThat(second).hasMessage("Wrong PIN: 1 try left before it is blocked.");
        assertThatThrownBy(() -> pace(plain, PacePassword.pin("333333".toCharArray())))
                .isInstanceOf(PacePasswordBlockedException.class)
                .hasMessage("The PIN is blocked; unblock it with the PUK.");
        assertThatThrownBy(() -> pace(plain, PacePassword.pin(PaceTestCard.PIN.toCharArray())))
                .isInstanceOf(PacePasswordBlockedException.class);
        assertThat(pace(plain, PacePassword.puk(PaceTestCard.PUK.toCharArray()))).isNotNull();
    }

    @Test
    void theRightPinRestoresItsCounterAndCountsAsVerified() throws Exception {
        VirtualCard card = new VirtualCard(PaceTestCard.image(), NonVolatileMemory.NONE);
        CardTransport plain = stack(card);
        assertThatThrownBy(() -> pace(plain, PacePassword.pin("111111".toCharArray()))).isInstanceOf(WrongPacePasswordException.class);
        pace(plain, PacePassword.pin(PaceTestCard.PIN.toCharArray()));
        assertThat(card.pin(PaceTestCard.PIN_REFERENCE).triesLeft()).isEqualTo(3);
        assertThat(card.isVerified(PaceTestCard.PIN_REFERENCE)).isTrue();
    }

    @Test
    void aPlainCommandAfterPaceEndsTheChannelAndTheTerminalSaysSo() throws Exception {
        VirtualCard card = new VirtualCard(PaceTestCard.image(), NonVolatileMemory.NONE);
        CardTransport plain = stack(card);
        SecureMessaging session = pace(plain, PacePassword.can(PaceTestCard.CAN.toCharArray()));
        assertThat(Hex.plain(plain.transmit(Hex.decode("00 A4 02 0C 02 01 01")))).isEqualTo("6987");
        SecureMessagingTransport secured = new SecureMessagingTransport(plain, session, false);
        assertThatThrownBy(() -> secured.transmit(Hex.decode("00 A4 02 0C 02 01 01")))
                .isInstanceOf(SecureMessagingException.class)
                .hasMessage("The card ended secure messaging (6988: its data objects were wrong); the secure channel is closed.");
    }

    @Test
    void aCommandWhoseMacDoesNotVerifyGets6988AndEndsTheChannel() throws Exception {
        VirtualCard card = new VirtualCard(PaceTestCard.image(), NonVolatileMemory.NONE);
        CardTransport plain = stack(card);
        card.reset();
        SecureMessaging session = pace(plain, PacePassword.can(PaceTestCard.CAN.toCharArray()));
        byte[] wrapped = session.wrapCommand(new CommandApdu(0x00, 0xA4, 0x02, 0x0C, Hex.decode("0101")));
        wrapped[wrapped.length - 2] ^= 1;
        assertThat(Hex.plain(plain.transmit(wrapped))).isEqualTo("6988");
        SecureMessagingTransport secured = new SecureMessagingTransport(plain, session, false);
        assertThatThrownBy(() -> secured.transmit(Hex.decode("00 A4 02 0C 02 01 01")))
                .isInstanceOf(SecureMessagingException.class)
                .hasMessage("The card ended secure messaging (6988: its data objects were wrong); the secure channel is closed.");
    }

    @Test
    void longCommandsAreChainedUnderSecureMessagingAndExtendedLengthWorks() throws Exception {
        for (boolean extended : new boolean[] {false, true}) {
            VirtualCard card = new VirtualCard(PaceTestCard.image(), NonVolatileMemory.NONE);
            CardTransport plain = stack(card);
            CardTransport secured = Transports.secured(plain, pace(plain, PacePassword.can(PaceTestCard.CAN.toCharArray())), extended);
            // VERIFY with a 300-byte data field: the card collects the chain and refuses the length, under SM.
            byte[] answer = secured.transmit(new CommandApdu(0x00, 0x20, 0x00, PaceTestCard.PIN_REFERENCE, new byte[300]).toBytes());
            assertThat(Hex.plain(answer)).as("extended " + extended).isEqualTo("6700");
            assertThat(readData(secured)).isEqualTo(PaceTestCard.data());
        }
    }

    @Test
    void theCardsFolderKeepsPaceAndItsPasswords(@TempDir Path dir) throws Exception {
        CardFolder.create(dir.resolve("c"), "pace-test", PaceTestCard.image()).close();
        try (CardFolder folder = CardFolder.open(dir.resolve("c"))) {
            VirtualCard card = new VirtualCard(folder.image(), folder);
            CardTransport plain = stack(card);
            assertThatThrownBy(() -> pace(plain, PacePassword.pin("111111".toCharArray()))).isInstanceOf(WrongPacePasswordException.class);
            CardTransport secured = Transports.secured(plain, pace(plain, PacePassword.can(PaceTestCard.CAN.toCharArray())), false);
            assertThat(readData(secured)).isEqualTo(PaceTestCard.data());
        }
        try (CardFolder folder = CardFolder.open(dir.resolve("c"))) {
            assertThat(folder.image().pin(PaceTestCard.PIN_REFERENCE).triesLeft()).isEqualTo(2);
            CardTransport plain = stack(new VirtualCard(folder.image(), folder));
            assertThat(pace(plain, PacePassword.pin(PaceTestCard.PIN.toCharArray()))).isNotNull();
        }
    }
}
