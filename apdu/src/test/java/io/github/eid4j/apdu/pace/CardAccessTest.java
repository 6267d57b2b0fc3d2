package io.github.eid4j.apdu.pace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.eid4j.apdu.Hex;
import java.util.List;
import org.junit.jupiter.api.Test;

class CardAccessTest {

    @Test
    void otherSecurityInfosAreSkippedAndUnknownPaceVariantsKeptAsUnsupported() {
        // A ChipAuthenticationInfo (0.4.0.127.0.7.2.2.3.2.2), a PACE-ECDH-IM-AES-128 (…4.4.2) and a PACE-ECDH-GM-AES-256 on P-384.
        byte[] file = Hex.decode("31 39"
                + "30 0F 06 0A 04 00 7F 00 07 02 02 03 02 02 02 01 01"
                + "30 12 06 0A 04 00 7F 00 07 02 02 04 04 02 02 01 02 02 01 0D"
                + "30 12 06 0A 04 00 7F 00 07 02 02 04 02 04 02 01 02 02 01 0F");
        List<PaceInfo> infos = CardAccess.parse(file);
        assertThat(infos).hasSize(2);
        assertThat(infos.get(0).isSupported()).isFalse();
        assertThat(CardAccess.preferred(infos).orElseThrow().protocol()).contains(PaceProtocol.ECDH_GM_AES_CBC_CMAC_256);
        assertThat(CardAccess.preferred(infos).orElseThrow().domain()).contains(PaceDomain.NIST_P384);
    }

    @Test
    void aBadFileIsOneSentence() {
        assertThatThrownBy(() -> CardAccess.parse(Hex.decode("30 03 02 01 02")))
                .isInstanceOf(CardAccessFormatException.class)
                .hasMessage("EF.CardAccess starts with tag 30, not a SET (31).");
        assertThatThrownBy(() -> CardAccess.parse(Hex.decode("31 14 30 12 06 0A 04 00")))
                .isInstanceOf(CardAccessFormatException.class)
                .hasMessageStartingWith("EF.CardAccess is not a DER structure (");
        assertThatThrownBy(() -> CardAccess.parse(Hex.decode("31 10 30 0E 06 0A 04 00 7F 00 07 02 02 04 02 02 04 00")))
                .isInstanceOf(CardAccessFormatException.class)
                .hasMessage("EF.CardAccess holds a PACEInfo whose version or parameter ID is not an INTEGER.");
        assertThatThrownBy(() -> CardAccess.parse(new byte[0])).isInstanceOf(CardAccessFormatException.class);
    }
}
