package io.github.eid4j.conformance;

import static io.github.eid4j.testing.Pcscd.PORT_0;
import static io.github.eid4j.testing.Pcscd.READER_0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.eid4j.apdu.emulator.NonVolatileMemory;
import io.github.eid4j.apdu.emulator.VirtualCard;
import io.github.eid4j.apdu.transport.CardTransport;
import io.github.eid4j.apdu.transport.TransportException;
import io.github.eid4j.apdu.vpcd.VpcdBridge;
import io.github.eid4j.testing.JmrtdCardService;
import io.github.eid4j.testing.PaceTestCard;
import io.github.eid4j.testing.Pcscd;
import io.github.eid4j.testing.PcscdTest;
import java.math.BigInteger;
import javax.smartcardio.Card;
import javax.smartcardio.CardChannel;
import javax.smartcardio.CardException;
import javax.smartcardio.TerminalFactory;
import jnasmartcardio.Smartcardio;
import net.sf.scuba.smartcards.CardServiceException;
import org.jmrtd.PACEKeySpec;
import org.jmrtd.PassportService;
import org.jmrtd.lds.CardAccessFile;
import org.jmrtd.lds.PACEInfo;
import org.junit.jupiter.api.Test;

/**
 * JMRTD, a Java PACE client nobody here wrote, against the virtual card's card side of PACE and
 * secure messaging, through pcscd: it reads EF.CardAccess, runs PACE with the CAN, and reads a
 * file under secure messaging (which the card refuses without it). With the known-answer tests
 * of ICAO 9303-11 Appendix G.1 (apdu), both sides of PACE are checked by something we did not write.
 */
class JmrtdPaceIT extends PcscdTest {
    private static final short DATA_FID = (short) PaceTestCard.DATA_FID;

    /** The PACE test card served into pcscd's first vpcd reader, and a javax.smartcardio connection to it. */
    private Card servedCard() throws Exception {
        VirtualCard virtual = new VirtualCard(PaceTestCard.image(), NonVolatileMemory.NONE);
        closing(VpcdBridge.start(virtual, PORT_0));
        Pcscd.awaitReader(READER_0, r -> r.cardPresent(), "the PACE test card");
        return TerminalFactory.getInstance("PC/SC", null, new Smartcardio()).terminals().getTerminal(READER_0).connect("*");
    }

    private static PassportService jmrtd(Card card) throws CardServiceException {
        // JMRTD's card service over a javax.smartcardio channel (jnasmartcardio, as eid4j itself reaches pcscd).
        CardChannel channel = card.getBasicChannel();
        CardTransport smartcardio = command -> {
            try {
                return channel.transmit(new javax.smartcardio.CommandAPDU(command)).getBytes();
            } catch (CardException e) {
                throw new TransportException(e.getMessage(), e);
            }
        };
        PassportService service = new PassportService(new JmrtdCardService(smartcardio, card.getATR().getBytes()), 256, 223, false, true);
        service.open();
        return service;
    }

    @Test
    void jmrtdRunsPaceWithTheCanAndReadsAFileUnderSecureMessaging() throws Exception {
        Card card = servedCard();
        try {
            PassportService service = jmrtd(card);
            CardAccessFile cardAccess = new CardAccessFile(service.getInputStream(PassportService.EF_CARD_ACCESS));
            PACEInfo info = cardAccess.getSecurityInfos().stream()
                    .filter(PACEInfo.class::isInstance).map(PACEInfo.class::cast).findFirst().orElseThrow();
            assertThat(info.getObjectIdentifier()).isEqualTo("0.4.0.127.0.7.2.2.4.2.2");
            assertThat(info.getParameterId()).isEqualTo(BigInteger.valueOf(13));

            assertThatThrownBy(() -> service.sendSelectApplet(false))
                    .as("without PACE the card refuses the application").hasMessageContaining("6982");

            service.doPACE(PACEKeySpec.createCANKey(PaceTestCard.CAN), info.getObjectIdentifier(),
                    PACEInfo.toParameterSpec(info.getParameterId()), info.getParameterId());
            assertThat(service.getWrapper()).as("JMRTD's secure messaging is on").isNotNull();
            service.sendSelectApplet(true);
            assertThat(service.getInputStream(DATA_FID).readAllBytes()).isEqualTo(PaceTestCard.data());
        } finally {
            card.disconnect(true);
        }
    }

    @Test
    void jmrtdWithAWrongCanGetsNoChannel() throws Exception {
        Card card = servedCard();
        try {
            PassportService service = jmrtd(card);
            assertThatThrownBy(() -> service.doPACE(PACEKeySpec.createCANKey("000000"), "0.4.0.127.0.7.2.2.4.2.2",
                    PACEInfo.toParameterSpec(13), BigInteger.valueOf(13)))
                    .isInstanceOf(CardServiceException.class);
        } finally {
            card.disconnect(true);
        }
    }
}
