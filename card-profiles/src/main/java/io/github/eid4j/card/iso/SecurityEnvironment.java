package io.github.eid4j.card.iso;

import io.github.eid4j.apdu.transport.CardTransport;
import io.github.eid4j.apdu.transport.TransportException;
import io.github.eid4j.card.EidException;

/**
 * MANAGE SECURITY ENVIRONMENT (ISO/IEC 7816-4 §11.5.11): which key, and with which algorithm,
 * the next PERFORM SECURITY OPERATION uses. The control reference templates name the operation;
 * the data objects inside them are the algorithm reference (tag 80, a byte the card defines,
 * {@link io.github.eid4j.apdu.AlgorithmReference}) and the key reference (tag 84).
 */
public final class SecurityEnvironment {
    /** Digital signature template: COMPUTE DIGITAL SIGNATURE. */
    public static final int DST = 0xB6;
    /** Confidentiality template: DECIPHER, and ECDH through DECIPHER. */
    public static final int CT = 0xB8;
    /** Authentication template: INTERNAL AUTHENTICATE, and PACE's MSE SET AT. */
    public static final int AT = 0xA4;

    private static final int ALGORITHM_REFERENCE = 0x80;
    private static final int KEY_REFERENCE = 0x84;

    private SecurityEnvironment() {
    }

    /** {80 01 algorithm} {84 01 key}: the usual content of a template. */
    public static byte[] algorithmAndKey(int algorithm, int keyReference) {
        return new byte[] {(byte) ALGORITHM_REFERENCE, 0x01, (byte) algorithm, (byte) KEY_REFERENCE, 0x01, (byte) keyReference};
    }

    /** {84 01 key}: a template for an operation whose algorithm the key alone decides (ECDH). */
    public static byte[] key(int keyReference) {
        return new byte[] {(byte) KEY_REFERENCE, 0x01, (byte) keyReference};
    }

    /** MSE SET of one template; anything but 9000 ends the operation with {@code step} in the sentence. */
    public static void set(CardTransport card, int template, byte[] dataObjects, String step) throws TransportException, EidException {
        CardAnswers.requireSuccess(card.transmit(IsoCommands.mseSet(template, dataObjects)), step);
    }

    /** MSE RESTORE: back to a security environment the card stores (e.g. after a profile's own SET). */
    public static void restore(CardTransport card, int environment, String step) throws TransportException, EidException {
        CardAnswers.requireSuccess(card.transmit(IsoCommands.mseRestore(environment)), step);
    }
}
