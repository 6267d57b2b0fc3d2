package io.github.eid4j.apdu.pace;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.eid4j.apdu.CommandApdu;
import io.github.eid4j.apdu.Hex;
import io.github.eid4j.apdu.sm.SecureMessaging;
import io.github.eid4j.apdu.sm.SmCipher;
import io.github.eid4j.apdu.transport.ApduRecording;
import io.github.eid4j.apdu.transport.ReplayTransport;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * PACE as the standard's worked example runs it, every intermediate value reproduced.
 *
 * <p>Source: ICAO Doc 9303, Part 11 (8th edition, 2021), Appendix G.1 "ECDH based example"
 * (id-PACE-ECDH-GM-AES-CBC-CMAC-128, brainpoolP256r1, MRZ password T22000129 / 640812 /
 * 101031): EF.CardAccess, K_π, the encrypted and decrypted nonce, the four key pairs, H, the
 * mapped generator, the shared secret, KS_enc, KS_mac, both authentication tokens and the APDUs.
 * The values were also checked against public reproductions of the appendix (gmrtd/gmrtd
 * {@code pace_test.go}, ZeroPass/dmrtd's PACE test); only values were taken.
 */
public class PaceKnownAnswerTest {
    public static final byte[] CARD_ACCESS = Hex.decode("31143012060A04007F0007020204020202010202010D");
    public static final String MRZ_INFORMATION = "T22000129364081251010318";
    public static final BigInteger SK_MAP_IFD = hex("7F4EF07B9EA82FD78AD689B38D0BC78CF21F249D953BC46F4C6E19259C010F99");
    public static final BigInteger SK_MAP_IC = hex("498FF49756F2DC1587840041839A85982BE7761D14715FB091EFA7BCE9058560");
    public static final BigInteger SK_DH_IFD = hex("A73FB703AC1436A18E0CFA5ABB3F7BEC7A070E7A6788486BEE230C4A22762595");
    public static final BigInteger SK_DH_IC = hex("107CF58696EF6155053340FD633392BA81909DF7B9706F226F32086C7AFF974A");
    public static final byte[] NONCE = Hex.decode("3F00C4D39D153F2B2A214A078D899B22");
    public static final String ENCRYPTED_NONCE = "95A3A016522EE98D01E76CB6B98B42C3";
    public static final String PK_MAP_IFD = "047ACF3EFC982EC45565A4B155129EFBC74650DCBFA6362D896FC70262E0C2CC5E"
            + "544552DCB6725218799115B55C9BAA6D9F6BC3A9618E70C25AF71777A9C4922D";
    public static final String PK_MAP_IC = "04824FBA91C9CBE26BEF53A0EBE7342A3BF178CEA9F45DE0B70AA601651FBA3F57"
            + "30D8C879AAA9C9F73991E61B58F4D52EB87A0A0C709A49DC63719363CCD13C54";
    public static final String MAPPED_GENERATOR = "048CED63C91426D4F0EB1435E7CB1D74A46723A0AF21C89634F65A9AE87A9265E2"
            + "8C879506743F8611AC33645C5B985C80B5F09A0B83407C1B6A4D857AE76FE522";
    public static final String PK_DH_IFD = "042DB7A64C0355044EC9DF190514C625CBA2CEA48754887122F3A5EF0D5EDD301C"
            + "3556F3B3B186DF10B857B58F6A7EB80F20BA5DC7BE1D43D9BF850149FBB36462";
    public static final String PK_DH_IC = "049E880F842905B8B3181F7AF7CAA9F0EFB743847F44A306D2D28C1D9EC65DF6DB"
            + "7764B22277A2EDDC3C265A9F018F9CB852E111B768B326904B59A0193776F094";
    public static final String SHARED_SECRET = "28768D20701247DAE81804C9E780EDE582A9996DB4A315020B2733197DB84925";
    public static final byte[] KS_ENC = Hex.decode("F5F0E35C0D7161EE6724EE513A0D9A7F");
    public static final byte[] KS_MAC = Hex.decode("FE251C7858B356B24514B3BD5F4297D1");
    public static final String T_IFD = "C2B0BD78D94BA866";
    public static final String T_IC = "3ABB9674BCE93C08";

    /** The APDUs of Appendix G.1, as a recording. */
    public static final String TRANSCRIPT = """
            > 00 22 C1 A4 0F 80 0A 04 00 7F 00 07 02 02 04 02 02 83 01 01
            < 90 00
            > 10 86 00 00 02 7C 00 00
            < 7C 12 80 10 %s 90 00
            > 10 86 00 00 45 7C 43 81 41 %s 00
            < 7C 43 82 41 %s 90 00
            > 10 86 00 00 45 7C 43 83 41 %s 00
            < 7C 43 84 41 %s 90 00
            > 00 86 00 00 0C 7C 0A 85 08 %s 00
            < 7C 0A 86 08 %s 90 00
            """.formatted(ENCRYPTED_NONCE, PK_MAP_IFD, PK_MAP_IC, PK_DH_IFD, PK_DH_IC, T_IFD, T_IC);

    private final GenericMapping mapping = new GenericMapping(PaceProtocol.ECDH_GM_AES_CBC_CMAC_128, PaceDomain.BRAINPOOL_P256R1);

    @Test
    void cardAccessNamesAes128OnBrainpoolP256r1() {
        List<PaceInfo> infos = CardAccess.parse(CARD_ACCESS);
        assertThat(infos).hasSize(1);
        assertThat(infos.get(0).protocol()).contains(PaceProtocol.ECDH_GM_AES_CBC_CMAC_128);
        assertThat(infos.get(0).version()).isEqualTo(2);
        assertThat(infos.get(0).domain()).contains(PaceDomain.BRAINPOOL_P256R1);
        assertThat(CardAccess.encode(infos)).isEqualTo(CARD_ACCESS);
    }

    @Test
    void passwordKeyAndNonce() {
        try (PacePassword mrz = PacePassword.mrz(MRZ_INFORMATION)) {
            assertThat(Hex.plain(mrz.key())).isEqualTo("7E2D2A41C74EA0B38CD36F863939BFA8E9032AAD");
            byte[] kpi = mapping.passwordKey(mrz.key());
            assertThat(Hex.plain(kpi)).isEqualTo("89DED1B26624EC1E634C1989302849DD");
            assertThat(SmCipher.AES.decrypt(kpi, new byte[16], Hex.decode(ENCRYPTED_NONCE))).isEqualTo(NONCE);
            assertThat(Hex.plain(SmCipher.AES.encrypt(kpi, new byte[16], NONCE))).isEqualTo(ENCRYPTED_NONCE);
        }
    }

    @Test
    void mappingKeyAgreementAndTokensFromBothSides() throws Exception {
        assertThat(Hex.plain(mapping.mappingPublicKey(SK_MAP_IFD))).isEqualTo(PK_MAP_IFD);
        assertThat(Hex.plain(mapping.mappingPublicKey(SK_MAP_IC))).isEqualTo(PK_MAP_IC);
        var terminalG = mapping.mappedGenerator(NONCE, SK_MAP_IFD, Hex.decode(PK_MAP_IC));
        var chipG = mapping.mappedGenerator(NONCE, SK_MAP_IC, Hex.decode(PK_MAP_IFD));
        assertThat(Hex.plain(terminalG.getEncoded(false))).isEqualTo(MAPPED_GENERATOR);
        assertThat(chipG).isEqualTo(terminalG);
        assertThat(Hex.plain(mapping.ephemeralPublicKey(terminalG, SK_DH_IFD))).isEqualTo(PK_DH_IFD);
        assertThat(Hex.plain(mapping.ephemeralPublicKey(chipG, SK_DH_IC))).isEqualTo(PK_DH_IC);
        byte[] shared = mapping.sharedSecret(SK_DH_IFD, Hex.decode(PK_DH_IC));
        assertThat(Hex.plain(shared)).isEqualTo(SHARED_SECRET);
        assertThat(mapping.sharedSecret(SK_DH_IC, Hex.decode(PK_DH_IFD))).isEqualTo(shared);
        assertThat(Hex.plain(mapping.authenticationToken(KS_MAC, Hex.decode(PK_DH_IC)))).isEqualTo(T_IFD);
        assertThat(Hex.plain(mapping.authenticationToken(KS_MAC, Hex.decode(PK_DH_IFD)))).isEqualTo(T_IC);
    }

    @Test
    void terminalSendsTheAppendixApdusAndOpensTheChannelWithItsKeys() throws Exception {
        ReplayTransport card = new ReplayTransport(ApduRecording.parse(TRANSCRIPT, "ICAO 9303-11 G.1"));
        ArrayDeque<BigInteger> keys = new ArrayDeque<>(List.of(SK_MAP_IFD, SK_DH_IFD));
        SecureMessaging session;
        try (PacePassword mrz = PacePassword.mrz(MRZ_INFORMATION)) {
            session = Pace.establish(card, CardAccess.parse(CARD_ACCESS), mrz, m -> keys.removeFirst());
        }
        card.assertPlayedToEnd();
        // The channel's keys are G.1's KS_enc and KS_mac, its counter zero: it protects a command as they do.
        SecureMessaging expected = new SecureMessaging(SmCipher.AES, KS_ENC, KS_MAC, new byte[16]);
        CommandApdu select = new CommandApdu(0x00, 0xA4, 0x02, 0x0C, Hex.decode("011E"));
        assertThat(session.wrapCommand(select)).isEqualTo(expected.wrapCommand(select));
    }

    private static BigInteger hex(String h) {
        return new BigInteger(h, 16);
    }
}
