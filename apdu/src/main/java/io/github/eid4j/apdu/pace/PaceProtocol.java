package io.github.eid4j.apdu.pace;

import io.github.eid4j.apdu.sm.SmCipher;
import java.util.Arrays;
import java.util.Optional;

/**
 * The PACE protocols eid4j speaks: ECDH with the Generic Mapping, and the cipher of the channel
 * it opens (BSI TR-03110-3 §A.1.1, ICAO Doc 9303-11 §9.2.1). The object identifiers are
 * id-PACE-ECDH-GM-* = 0.4.0.127.0.7.2.2.4.2.x.
 */
public enum PaceProtocol {
    ECDH_GM_3DES_CBC_CBC(1, SmCipher.TRIPLE_DES, 16),
    ECDH_GM_AES_CBC_CMAC_128(2, SmCipher.AES, 16),
    ECDH_GM_AES_CBC_CMAC_192(3, SmCipher.AES, 24),
    ECDH_GM_AES_CBC_CMAC_256(4, SmCipher.AES, 32);

    private final byte[] oid;
    private final SmCipher cipher;
    private final int keyLength;

    PaceProtocol(int last, SmCipher cipher, int keyLength) {
        this.oid = Arrays.copyOf(Arc.ID_PACE, Arc.ID_PACE.length + 2);
        this.oid[Arc.ID_PACE.length] = Arc.ECDH_GM;
        this.oid[Arc.ID_PACE.length + 1] = (byte) last;
        this.cipher = cipher;
        this.keyLength = keyLength;
    }

    /** The DER content of the object identifier (without tag and length), as MSE:Set AT sends it in tag 80. */
    public byte[] oid() {
        return oid.clone();
    }

    /** The dotted form, e.g. 0.4.0.127.0.7.2.2.4.2.2. */
    public String dotted() {
        return "0.4.0.127.0.7.2.2.4.2." + oid[oid.length - 1];
    }

    public SmCipher cipher() {
        return cipher;
    }

    /** The length of K_enc and K_mac in bytes. */
    public int keyLength() {
        return keyLength;
    }

    /** The protocol with this object identifier, if eid4j speaks it. */
    public static Optional<PaceProtocol> of(byte[] oid) {
        for (PaceProtocol p : values()) {
            if (Arrays.equals(p.oid, oid)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Whether the object identifier is in the id-PACE arc (a PACEInfo, whatever its mapping). */
    static boolean isPace(byte[] oid) {
        return oid.length == Arc.ID_PACE.length + 2 && Arrays.equals(Arrays.copyOf(oid, Arc.ID_PACE.length), Arc.ID_PACE);
    }

    private static final class Arc {
        /** id-PACE: 0.4.0.127.0.7.2.2.4 (bsi-de protocols smartcards 2, PACE 4). */
        static final byte[] ID_PACE = {0x04, 0x00, 0x7F, 0x00, 0x07, 0x02, 0x02, 0x04};
        static final int ECDH_GM = 2;
    }
}
