package io.github.eid4j.card.fineid;

import io.github.eid4j.apdu.Hex;

/**
 * The FINEID generations eid4j knows, with their contact ATRs (docs/cards.md §1.1). The
 * generation byte after the historical prefix tells them apart: 03 v3.0, 04 v3.1, 05 v4.x.
 */
public enum FineidVersion {
    V3_0("v3.0", "3B 7F 96 00 00 80 31 B8 65 B0 85 03 00 EF 12 00 F6 82 90 00", false),
    V3_1("v3.1", "3B 7F 96 00 00 80 31 B8 65 B0 85 04 02 1B 12 00 F6 82 90 00", false),
    V4_0("v4.0", "3B 7F 96 00 00 80 31 B8 65 B0 85 05 00 11 12 24 60 82 90 00", true),
    V4_1("v4.1", "3B 7F 96 00 00 80 31 B8 65 B0 85 05 10 24 12 24 60 82 90 00", true);

    private final String label;
    private final byte[] atr;
    private final boolean v4;

    FineidVersion(String label, String atr, boolean v4) {
        this.label = label;
        this.atr = Hex.decode(atr);
        this.v4 = v4;
    }

    public String label() {
        return label;
    }

    /** The contact ATR: T0=7F has no TD1, so the card speaks T=0 only. */
    public byte[] atr() {
        return atr.clone();
    }

    /** v4 (Thales, 2022-): EC P-384 keys 01 and 02. v3 (Gemalto, 2017-2022): RSA-2048 key 01, EC P-256 key 03. */
    public boolean isV4() {
        return v4;
    }

    public int signKey() {
        return v4 ? Fineid.V4_SIGN_KEY : Fineid.V3_SIGN_KEY;
    }

    public byte[] signCertificatePath() {
        return (v4 ? Fineid.V4_SIGN_CERT_PATH : Fineid.V3_SIGN_CERT_PATH).clone();
    }

    /** The version an ATR names, or null if it is not a FINEID v3/v4 ATR (contact or contactless). */
    public static FineidVersion fromAtr(byte[] atr) {
        int at = indexOf(atr, Fineid.HISTORICAL_PREFIX);
        if (at < 0 || at + Fineid.HISTORICAL_PREFIX.length + 1 >= atr.length) {
            return null;
        }
        int generation = atr[at + Fineid.HISTORICAL_PREFIX.length] & 0xFF;
        int revision = atr[at + Fineid.HISTORICAL_PREFIX.length + 1] & 0xFF;
        switch (generation) {
            case 0x03:
                return V3_0;
            case 0x04:
                return V3_1;
            case 0x05:
                return revision >= 0x10 ? V4_1 : V4_0;
            default:
                return null;
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
