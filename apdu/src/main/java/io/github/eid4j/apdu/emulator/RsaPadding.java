package io.github.eid4j.apdu.emulator;

import io.github.eid4j.apdu.HashAlgorithm;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The RSA signature encodings a card applies before its raw private-key operation. They are
 * written here because the card is sent a digest, not the message: the JDK's PSS Signature hashes
 * the message itself, and its PKCS#1 Signature builds the DigestInfo itself, so neither can sign
 * what a host sends to PSO COMPUTE DIGITAL SIGNATURE.
 */
final class RsaPadding {
    private RsaPadding() {
    }

    /**
     * EMSA-PKCS1-v1_5 (RFC 8017 section 9.2, steps 4 and 5): {@code 00 01 FF..FF 00 T} in
     * {@code k} bytes. The caller has checked that {@code t} has at most {@code k - 11} bytes,
     * which leaves the eight bytes of FF the standard requires.
     */
    static byte[] pkcs1Type1(byte[] t, int k) {
        byte[] em = new byte[k];
        em[1] = 0x01;
        int separator = k - t.length - 1;
        Arrays.fill(em, 2, separator, (byte) 0xFF);
        System.arraycopy(t, 0, em, separator + 1, t.length);
        return em;
    }

    /**
     * EMSA-PSS-ENCODE (RFC 8017 section 9.1.1) from step 3, where mHash is the digest the host
     * sent: salt as long as the digest, MGF1 with the same hash, trailer BC. The result is
     * left-padded to the modulus length so the raw RSA operation can take it as it is.
     */
    static byte[] pss(HashAlgorithm hash, byte[] mHash, int modulusBits, SecureRandom random) {
        int emBits = modulusBits - 1; // keeps EM below the modulus
        int emLength = (emBits + 7) / 8;
        int hLength = hash.digestLength();
        int saltLength = hLength;
        if (emLength < hLength + saltLength + 2) {
            // Not reachable with the key types a card holds (2048 bits and up).
            throw new IllegalStateException("A " + modulusBits + "-bit key is too short for PSS with " + hash.jcaName() + ".");
        }
        byte[] salt = new byte[saltLength];
        random.nextBytes(salt);

        MessageDigest md = hash.newDigest();
        md.update(new byte[8]);
        md.update(mHash);
        md.update(salt);
        byte[] h = md.digest();

        // DB = PS (zeros) || 01 || salt, masked with MGF1(H).
        byte[] db = new byte[emLength - hLength - 1];
        db[db.length - saltLength - 1] = 0x01;
        System.arraycopy(salt, 0, db, db.length - saltLength, saltLength);
        byte[] mask = hash.mgf1(h, db.length);
        for (int i = 0; i < db.length; i++) {
            db[i] ^= mask[i];
        }
        db[0] &= (byte) (0xFF >>> (8 * emLength - emBits));

        int k = (modulusBits + 7) / 8;
        byte[] em = new byte[k];
        int offset = k - emLength;
        System.arraycopy(db, 0, em, offset, db.length);
        System.arraycopy(h, 0, em, offset + db.length, hLength);
        em[k - 1] = (byte) 0xBC;
        return em;
    }
}
