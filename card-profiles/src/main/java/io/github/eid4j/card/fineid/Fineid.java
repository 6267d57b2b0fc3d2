package io.github.eid4j.card.fineid;

import io.github.eid4j.apdu.AlgorithmReference;
import io.github.eid4j.apdu.HashAlgorithm;
import io.github.eid4j.apdu.Hex;
import java.util.List;

/**
 * The facts of the Finnish Citizen Certificate card (DVV FINEID), in one place: the driver and
 * the virtual card both read them. Sources are in docs/cards.md §1; what is inferred rather than
 * recorded from a real card is marked [I] here too.
 */
public final class Fineid {
    /** The PKCS#15 application: RID A000000063, "PKCS-15". */
    public static final byte[] AID = Hex.decode("A0 00 00 00 63 50 4B 43 53 2D 31 35");
    /** Historical bytes shared by every FINEID v3/v4 ATR (MultiApp "B8" family), contact and contactless. */
    public static final byte[] HISTORICAL_PREFIX = Hex.decode("80 31 B8 65 B0 85");

    public static final int PIN1 = 0x11;
    public static final int PIN2 = 0x82;
    /** PUK; the activation code of the issuer's letter is this PUK [I: hightrust.id, cards.md §1.3]. */
    public static final int PUK = 0x83;
    /** The PIN block: ASCII digits, padded with PIN_PAD to PIN_BLOCK bytes. */
    public static final int PIN_BLOCK = 12;
    public static final int PIN_PAD = 0x00;
    public static final int MAX_TRIES = 5;
    public static final int PIN1_MIN = 4;
    public static final int PIN1_MAX = 8;
    public static final int PIN2_MIN = 6;
    public static final int PIN2_MAX = 8;
    public static final int PUK_LENGTH = 8;

    /** SELECT EF with P2=04 answers the size alone, in tag 81: {@code 62 04 81 02 hh ll} (v3 and v4 recordings). */
    public static final int FCP_SIZE_TAG = 0x81;

    /** How many bytes one READ BINARY with Le=00 returns. */
    public static final int READ_CHUNK = 0xB5;

    /** The labels of the keys in the PKCS#15 structure (and of the keys a card without one gets). */
    public static final String AUTH_KEY_LABEL = "todentamis- ja salausavain";
    public static final String SIGN_KEY_LABEL = "allekirjoitusavain";
    /** The PKCS#15 application's label in EF.DIR and EF.TokenInfo. */
    public static final String APPLICATION_LABEL = "HENKILOKORTTI";

    public static final int AUTH_KEY = 0x01;
    public static final int V3_SIGN_KEY = 0x03;
    public static final int V4_SIGN_KEY = 0x02;

    /** Paths from the MF (SELECT P1=08). */
    public static final byte[] AUTH_CERT_PATH = Hex.decode("43 31");
    public static final byte[] V3_SIGN_CERT_PATH = Hex.decode("50 16 43 35");
    public static final byte[] V4_SIGN_CERT_PATH = Hex.decode("50 16 43 32");
    public static final byte[] TOKEN_INFO_PATH = Hex.decode("50 32");
    public static final byte[] ODF_PATH = Hex.decode("50 31");
    public static final int SIGN_DF = 0x5016;

    /** What the MSE algorithm-reference bytes mean: the Gemalto/Thales table (high nibble the hash, low nibble the scheme). */
    public static final List<AlgorithmReference> ALGORITHMS = AlgorithmReference.gemaltoStyle();
    /** OpenSC's v4 driver always uses ECDSA with SHA-384's byte and pads the hash to 48 bytes. */
    public static final int ALG_V4_ECDSA = AlgorithmReference.gemaltoStyle(AlgorithmReference.Operation.SIGN_ECDSA, HashAlgorithm.SHA384);
    /** The v3 P-256 key's recorded byte (44, ECDSA with SHA-256): a longer digest goes to it as its leftmost 32 bytes. */
    public static final int ALG_V3_ECDSA = AlgorithmReference.gemaltoStyle(AlgorithmReference.Operation.SIGN_ECDSA, HashAlgorithm.SHA256);

    /** GET DATA (odd INS CB) of the PIN-info template, P1-P2 00FF. */
    public static final int PIN_INFO_P1P2 = 0x00FF;
    public static final int TAG_TRIES = 0xDF21;
    public static final int TAG_CHANGED = 0xDF2F;

    private Fineid() {
    }
}
