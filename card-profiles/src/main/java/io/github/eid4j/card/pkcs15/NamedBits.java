package io.github.eid4j.card.pkcs15;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import org.bouncycastle.asn1.ASN1BitString;
import org.bouncycastle.asn1.DERBitString;

/**
 * Converts between sets of named bits and DER BIT STRINGs.
 *
 * <p>DER (X.690 §11.2.2) drops trailing zero bits of a named-bit string, so {sign, nonRepudiation}
 * is {@code 03 03 06 20 40} and the empty set is {@code 03 01 00}. OpenSC's decoder
 * ({@code decode_bit_field} in asn1.c) reads at most four content bytes, which every PKCS#15
 * flag type fits. Bits with no name in our enums are ignored on reading: later editions of
 * ISO/IEC 7816-15 add flags, and a host must still read such a card.
 */
final class NamedBits {
    private NamedBits() {
    }

    static <E extends Enum<E> & NamedBit> DERBitString encode(Set<E> names) {
        int highest = -1;
        for (E name : names) {
            highest = Math.max(highest, name.bit());
        }
        if (highest < 0) {
            return new DERBitString(new byte[0], 0);
        }
        byte[] bytes = new byte[highest / 8 + 1];
        for (E name : names) {
            bytes[name.bit() / 8] |= (byte) (0x80 >>> (name.bit() % 8));
        }
        int unusedBits = 7 - highest % 8;
        return new DERBitString(bytes, unusedBits);
    }

    static <E extends Enum<E> & NamedBit> Set<E> decode(ASN1BitString bits, Class<E> type) {
        byte[] bytes = bits.getBytes();
        int length = bytes.length * 8 - bits.getPadBits();
        EnumSet<E> names = EnumSet.noneOf(type);
        for (E name : type.getEnumConstants()) {
            int bit = name.bit();
            if (bit < length && (bytes[bit / 8] & (0x80 >>> (bit % 8))) != 0) {
                names.add(name);
            }
        }
        return Collections.unmodifiableSet(names);
    }

    /** An unmodifiable copy that keeps the enum's order, so that equal sets print alike. */
    static <E extends Enum<E>> Set<E> copy(Set<E> names, Class<E> type) {
        EnumSet<E> copy = EnumSet.noneOf(type);
        copy.addAll(names);
        return Collections.unmodifiableSet(copy);
    }
}
