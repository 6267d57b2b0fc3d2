package io.github.eid4j.card.pkcs15;

/**
 * A named bit of an ASN.1 {@code BIT STRING { name(n), ... }} type, such as the PIN flags. The
 * bit number is spelled out in each constant rather than taken from the enum's ordinal so that
 * reordering or adding constants can never change what goes on the card.
 */
interface NamedBit {
    /** The bit number from the ASN.1 definition: 0 is the most significant bit of the first byte. */
    int bit();
}
