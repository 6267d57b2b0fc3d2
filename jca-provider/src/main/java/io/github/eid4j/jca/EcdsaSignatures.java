package io.github.eid4j.jca;

import java.security.SignatureException;

/** ECDSA signature encodings: the card answers r||s (IEEE P1363); X.509, CMS and TLS want DER. */
final class EcdsaSignatures {
    private EcdsaSignatures() {
    }

    /** SEQUENCE { INTEGER r, INTEGER s } of a raw r||s. */
    static byte[] toDer(byte[] rs) throws SignatureException {
        if (rs.length == 0 || rs.length % 2 != 0 || rs.length > 2 * 66) {
            throw new SignatureException("The card's ECDSA signature has " + rs.length + " bytes, which is not r||s.");
        }
        int half = rs.length / 2;
        int rLength = integerLength(rs, 0, half);
        int sLength = integerLength(rs, half, half);
        int content = 2 + rLength + 2 + sLength;
        byte[] der = new byte[(content < 0x80 ? 2 : 3) + content];
        int at = 0;
        der[at++] = 0x30;
        if (content >= 0x80) {
            der[at++] = (byte) 0x81; // at most 2 * (2 + 67) bytes: one length byte suffices
        }
        der[at++] = (byte) content;
        at = writeInteger(rs, 0, half, rLength, der, at);
        writeInteger(rs, half, half, sLength, der, at);
        return der;
    }

    /** Bytes of the minimal two's-complement encoding of the unsigned number at rs[off, off+n). */
    private static int integerLength(byte[] rs, int off, int n) {
        int start = firstSignificant(rs, off, n);
        return off + n - start + ((rs[start] & 0x80) != 0 ? 1 : 0);
    }

    private static int firstSignificant(byte[] rs, int off, int n) {
        int start = off;
        while (start < off + n - 1 && rs[start] == 0) {
            start++;
        }
        return start;
    }

    private static int writeInteger(byte[] rs, int off, int n, int length, byte[] der, int at) {
        der[at++] = 0x02;
        der[at++] = (byte) length;
        int start = firstSignificant(rs, off, n);
        int significant = off + n - start;
        if (length > significant) {
            der[at++] = 0x00;
        }
        System.arraycopy(rs, start, der, at, significant);
        return at + significant;
    }
}
