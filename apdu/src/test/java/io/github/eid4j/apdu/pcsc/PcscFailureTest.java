package io.github.eid4j.apdu.pcsc;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.eid4j.apdu.pcsc.ScardCodes.Phase;
import javax.smartcardio.CardException;
import jnasmartcardio.Smartcardio;
import org.junit.jupiter.api.Test;

class PcscFailureTest {

    private static PcscException mapCode(int code, Phase phase) {
        return ScardCodes.map(new Smartcardio.JnaPCSCException(code & 0xFFFF_FFFFL, "SCardX got " + code), "R", phase);
    }

    @Test
    void codesMapToFailures() {
        assertThat(mapCode(0x8010001D, Phase.LIST).failure()).isEqualTo(PcscFailure.SERVICE_NOT_RUNNING);
        assertThat(mapCode(0x8010001E, Phase.SESSION).failure()).isEqualTo(PcscFailure.SERVICE_NOT_RUNNING);
        assertThat(mapCode(0x8010002E, Phase.LIST).failure()).isEqualTo(PcscFailure.NO_READER);
        assertThat(mapCode(0x80100009, Phase.CONNECT).failure()).isEqualTo(PcscFailure.UNKNOWN_READER);
        assertThat(mapCode(0x8010000C, Phase.CONNECT).failure()).isEqualTo(PcscFailure.NO_CARD);
        assertThat(mapCode(0x80100069, Phase.CONNECT).failure()).isEqualTo(PcscFailure.NO_CARD);
        assertThat(mapCode(0x80100069, Phase.SESSION).failure()).isEqualTo(PcscFailure.CARD_REMOVED);
        assertThat(mapCode(0x8010000C, Phase.SESSION).failure()).isEqualTo(PcscFailure.CARD_REMOVED);
        assertThat(mapCode(0x80100068, Phase.SESSION).failure()).isEqualTo(PcscFailure.CARD_RESET);
        assertThat(mapCode(0x80100067, Phase.SESSION).failure()).isEqualTo(PcscFailure.CARD_RESET);
        assertThat(mapCode(0x80100066, Phase.CONNECT).failure()).isEqualTo(PcscFailure.CARD_UNRESPONSIVE);
        assertThat(mapCode(0x8010000F, Phase.CONNECT).failure()).isEqualTo(PcscFailure.PROTOCOL_MISMATCH);
        assertThat(mapCode(0x80100017, Phase.SESSION).failure()).isEqualTo(PcscFailure.READER_REMOVED);
        assertThat(mapCode(0x8010000B, Phase.CONNECT).failure()).isEqualTo(PcscFailure.SHARING_VIOLATION);
        assertThat(mapCode(0x8010001F, Phase.SESSION).failure()).isEqualTo(PcscFailure.OTHER);
    }

    @Test
    void failingToEstablishAContextMeansTheServiceIsDown() {
        PcscException e = ScardCodes.map(new Smartcardio.EstablishContextException(
                new Smartcardio.JnaPCSCException(0x8010001DL, "SCardEstablishContext")), null, Phase.CONNECT);
        assertThat(e.failure()).isEqualTo(PcscFailure.SERVICE_NOT_RUNNING);
        assertThat(e.code()).isEqualTo(0x8010001D);
        assertThat(e.getMessage()).isEqualTo(
                "The PC/SC service (pcscd) is not running; start it with 'systemctl start pcscd'.");
        assertThat(ScardCodes.map(new Smartcardio.EstablishContextException(
                new Smartcardio.JnaPCSCException(0x80100001L, "x")), null, Phase.CONNECT).failure())
                .isEqualTo(PcscFailure.SERVICE_NOT_RUNNING);
    }

    @Test
    void otherExceptionsAreMappedToo() {
        assertThat(ScardCodes.map(new Smartcardio.JnaCardNotPresentException(0x80100069L, "Card not present."), "R",
                Phase.CONNECT).failure()).isEqualTo(PcscFailure.NO_CARD);
        assertThat(ScardCodes.map(new CardException("Extended APDU requires T=1"), "R", Phase.SESSION).failure())
                .isEqualTo(PcscFailure.OTHER);
        assertThat(ScardCodes.map(new ArrayIndexOutOfBoundsException(4), "R", Phase.SESSION).failure())
                .isEqualTo(PcscFailure.OTHER);
        assertThat(ScardCodes.map(new UnsatisfiedLinkError("libpcsclite.so.1"), null, Phase.ESTABLISH).failure())
                .isEqualTo(PcscFailure.LIBRARY_MISSING);
    }

    @Test
    void messagesAreOneSentenceNamingTheReader() {
        assertThat(new PcscException(PcscFailure.NO_READER, null).getMessage()).isEqualTo("No card reader is connected.");
        assertThat(new PcscException(PcscFailure.NO_CARD, "X").getMessage()).isEqualTo("There is no card in reader 'X'.");
        assertThat(new PcscException(PcscFailure.CARD_REMOVED, "X").getMessage())
                .isEqualTo("The card was removed from reader 'X'.");
        assertThat(new PcscException(PcscFailure.READER_REMOVED, "X").getMessage()).isEqualTo("Reader 'X' was disconnected.");
        assertThat(new PcscException(PcscFailure.SHARING_VIOLATION, "X").getMessage())
                .isEqualTo("Another program is using the card in reader 'X' exclusively.");
        assertThat(new PcscException(PcscFailure.UNKNOWN_READER, "X").getMessage())
                .isEqualTo("There is no card reader named 'X'.");
        assertThat(mapCode(0x8010001F, Phase.SESSION).getMessage())
                .isEqualTo("Reader 'R' reported an error (SCARD_E_UNSUPPORTED_FEATURE 0x8010001F).");
        for (PcscFailure f : PcscFailure.values()) {
            for (String reader : new String[] {null, "X"}) {
                String m = f.sentence(reader, 0x80100001);
                assertThat(m).endsWith(".").doesNotContain("null").doesNotContain("\n");
                assertThat(Character.isUpperCase(m.charAt(0))).as(m).isTrue();
            }
        }
    }

    @Test
    void readerNamesAreSplitFromAMultiString() {
        byte[] multi = "A 00\0B 01\0\0".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(WinscardStatus.splitMultiString(multi)).containsExactly("A 00", "B 01");
        assertThat(WinscardStatus.splitMultiString(new byte[] {0})).isEmpty();
        assertThat(WinscardStatus.splitMultiString(new byte[0])).isEmpty();
    }
}
