package io.github.eid4j.card.luxembourg;

import io.github.eid4j.apdu.AlgorithmReference;
import io.github.eid4j.apdu.Hex;
import io.github.eid4j.apdu.StatusWord;
import java.util.List;

/**
 * The facts of the Luxembourg eID (CTIE's identity card with LuxTrust certificates), in one
 * place: the driver and the virtual card both read them. No APDU-level description of this card
 * is public; docs/luxembourg.md gives each fact's source, and what is inferred from its platform
 * (Gemalto IAS Classic v4 on MultiApp) rather than seen on a Luxembourg card is marked [I] here
 * too.
 */
public final class Luxembourg {
    /** Contactless Type A, the ATR PC/SC builds from the ATS ("Identity card with LuxTrust certificate", pcsc-tools' list). */
    public static final byte[] ATR_TYPE_A = Hex.decode("3B 8F 80 01 80 31 80 65 B0 85 03 00 EF 12 0F FF 82 90 00 73");
    /** Contactless Type B ("eID Luxembourg", pcsc-tools' list). */
    public static final byte[] ATR_TYPE_B = Hex.decode("3B 88 80 01 00 88 3C 1F 77 81 00 5F 0B");
    /**
     * The Gemalto MultiApp historical bytes of the Type A ATR, up to the platform generation byte
     * (03, 04 or 05 in the ATRs web-eid accepts for the card). Other MultiApp cards share them:
     * an ATR alone does not identify the card.
     */
    public static final byte[] HISTORICAL_PREFIX = Hex.decode("80 31 80 65 B0");

    /** [I] The IAS Classic application, as on the Uruguayan IAS Classic v4 card; the card's MF. */
    public static final byte[] AID = Hex.decode("A0 00 00 00 18 40 00 00 01 63 42 00");

    /** EF.CardAccess (ICAO 9303-11): readable without PACE, from the MF or by its short identifier. */
    public static final int CARD_ACCESS_FID = 0x011C;
    public static final int CARD_ACCESS_SFI = 0x1C;
    /**
     * [I] Its SecurityInfos: one PACEInfo, id-PACE-ECDH-GM-AES-CBC-CMAC-128 (0.4.0.127.0.7.2.2.4.2.2),
     * version 2, parameter ID 13 (brainpoolP256r1).
     */
    public static final byte[] CARD_ACCESS = Hex.decode(
            "31 14 30 12 06 0A 04 00 7F 00 07 02 02 04 02 02 02 01 02 02 01 0D");
    /** The Card Access Number printed on the card, a PACE password (issue 12: 6 digits). */
    public static final int CAN_LENGTH = 6;

    /** [I] File IDs under the MF: the two certificates, then the issuing CA's and the root's. */
    public static final int AUTH_CERT_FID = 0xB001;
    public static final int SIGN_CERT_FID = 0xB002;
    public static final int ISSUING_CA_FID = 0xB003;
    public static final int ROOT_CA_FID = 0xB004;

    /** [I] Key references: authentication (TLS client login, decryption) and qualified signature. */
    public static final int AUTH_KEY = 0x01;
    public static final int SIGN_KEY = 0x02;

    /** The one user PIN, for both keys; reference 11 as on the Uruguayan IAS Classic card [I]. */
    public static final int PIN = 0x11;
    /** [I] The PUK from the letter, which unblocks the PIN. */
    public static final int PUK = 0x12;
    /** [I] PINs travel as ASCII digits padded with 00 to 12 bytes, as on IAS Classic. */
    public static final int PIN_BLOCK = 12;
    public static final int PIN_PAD = 0x00;
    /** CTIE: 6 to 8 characters, digits only. */
    public static final int PIN_MIN = 6;
    public static final int PIN_MAX = 8;
    /** web-eid assumes 3 for the card; the card itself is unconfirmed [I]. */
    public static final int PIN_TRIES = 3;
    /** [I] Length and tries of the PUK. */
    public static final int PUK_LENGTH = 8;
    public static final int PUK_TRIES = 3;
    /**
     * [I] What VERIFY answers while the PIN is still the one from the letter: the PIN must be
     * changed first ("conditions of use not satisfied"; no try is spent).
     */
    public static final StatusWord PIN_NOT_YET_CHANGED = StatusWord.CONDITIONS_OF_USE_NOT_SATISFIED;

    /**
     * MSE algorithm references, Gemalto style as on IAS Classic (Uruguay) and IDPrime: the high
     * nibble names the hash (40 SHA-256, ...), the low nibble the scheme (02 PKCS#1 v1.5; 05 PSS,
     * needed for TLS 1.3 client login and not seen on an IAS Classic card [I]); 1A PKCS#1 decipher.
     */
    public static final List<AlgorithmReference> ALGORITHMS = AlgorithmReference.gemaltoStyle();
    /**
     * [I] The padding-indicator byte before an RSA cryptogram in PSO DECIPHER: Gemalto's
     * proprietary 81 (OpenSC's IDPrime driver), where ISO 7816-8 has 00.
     */
    public static final int DECIPHER_PADDING_INDICATOR = 0x81;

    private Luxembourg() {
    }
}
