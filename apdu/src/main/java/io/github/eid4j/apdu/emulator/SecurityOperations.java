package io.github.eid4j.apdu.emulator;

import io.github.eid4j.apdu.AlgorithmReference;
import io.github.eid4j.apdu.HashAlgorithm;
import io.github.eid4j.apdu.CommandApdu;
import io.github.eid4j.apdu.StatusWord;
import io.github.eid4j.apdu.AlgorithmReference.Operation;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Optional;

/**
 * MANAGE SECURITY ENVIRONMENT, PERFORM SECURITY OPERATION (HASH, COMPUTE DIGITAL SIGNATURE,
 * DECIPHER) and INTERNAL AUTHENTICATE (ISO 7816-8). A key is used only after MSE SET named it
 * and an operation it allows, and only while its access condition holds.
 */
final class SecurityOperations {
    private static final int DST = 0xB6;
    private static final int CT = 0xB8;
    private static final int AT = 0xA4;

    private final CardImage image;
    private final VirtualCard card;

    SecurityOperations(CardImage image, VirtualCard card) {
        this.image = image;
        this.card = card;
    }

    byte[] manageSecurityEnvironment(CommandApdu c) throws CardStatusException {
        VolatileState s = card.session();
        if (c.p1() == 0xF3) {
            if (c.nc() != 0) {
                throw new CardStatusException(StatusWord.WRONG_LENGTH);
            }
            s.environment.clear();
            s.hash = null;
            return new byte[0];
        }
        if ((c.p1() & 0x01) == 0 || (c.p1() & 0x0E) != 0) {
            throw new CardStatusException(StatusWord.INCORRECT_P1_P2);
        }
        int template = c.p2();
        if (template != DST && template != CT && template != AT) {
            throw new CardStatusException(StatusWord.INCORRECT_P1_P2);
        }
        byte[] data = c.data();
        int algorithm = -1;
        int keyReference = -1;
        for (int i = 0; i < data.length; ) {
            if (i + 2 > data.length || i + 2 + (data[i + 1] & 0xFF) > data.length || (data[i + 1] & 0x80) != 0) {
                throw new CardStatusException(StatusWord.INCORRECT_DATA);
            }
            int tag = data[i] & 0xFF;
            int length = data[i + 1] & 0xFF;
            if (tag == 0x80 && length == 1) {
                algorithm = data[i + 2] & 0xFF;
            } else if ((tag == 0x84 || tag == 0x83) && length == 1) {
                keyReference = data[i + 2] & 0xFF;
            } else if (tag == 0x80 || tag == 0x84 || tag == 0x83) {
                throw new CardStatusException(StatusWord.INCORRECT_DATA);
            }
            // Other tags (89, 91, 95, ...) are accepted and ignored, as cards do for what they don't need.
            i += 2 + length;
        }
        KeyObject key = keyReference < 0 ? null : image.key(keyReference);
        if (key == null) {
            throw new CardStatusException(StatusWord.REFERENCED_DATA_NOT_FOUND);
        }
        AlgorithmReference chosen = algorithm < 0 ? null : image.algorithm(algorithm);
        if (algorithm >= 0 && (chosen == null || chosen.operation().template() != template)) {
            throw new CardStatusException(StatusWord.INCORRECT_DATA);
        }
        Operation operation = chosen != null ? chosen.operation() : defaultOperation(template, key);
        if (!key.operations().contains(operation)) {
            throw new CardStatusException(StatusWord.INCORRECT_DATA);
        }
        s.environment.put(template, new int[] {algorithm, keyReference});
        if (template == DST) {
            s.hash = null;
        }
        return new byte[0];
    }

    private static Operation defaultOperation(int template, KeyObject key) {
        boolean rsa = key.key().type().isRsa();
        if (template == DST) {
            return rsa ? Operation.SIGN_PKCS1 : Operation.SIGN_ECDSA;
        }
        if (template == CT) {
            return rsa ? Operation.DECIPHER_PKCS1 : Operation.DERIVE_ECDH;
        }
        return Operation.AUTHENTICATE_PKCS1;
    }

    byte[] performSecurityOperation(CommandApdu c) throws CardStatusException {
        switch (c.p1p2()) {
            case 0x90A0:
            case 0x9080:
                return hash(c);
            case 0x9E9A:
                return computeDigitalSignature(c);
            case 0x8086:
                return decipher(c);
            default:
                throw new CardStatusException(StatusWord.INCORRECT_P1_P2);
        }
    }

    /** PSO HASH: tag 90 carries a digest made by the host; tag 80 the data for the card to hash. */
    private byte[] hash(CommandApdu c) throws CardStatusException {
        VolatileState s = card.session();
        byte[] data = c.data();
        if (data.length < 2 || (data[1] & 0xFF) + 2 != data.length) {
            throw new CardStatusException(StatusWord.INCORRECT_DATA);
        }
        byte[] value = Arrays.copyOfRange(data, 2, data.length);
        if ((data[0] & 0xFF) == 0x90) {
            s.hash = value;
            return new byte[0];
        }
        if ((data[0] & 0xFF) == 0x80) {
            AlgorithmReference algorithm = selected(DST);
            HashAlgorithm hashAlgorithm = algorithm == null ? null : algorithm.hash();
            if (hashAlgorithm == null) {
                throw new CardStatusException(StatusWord.CONDITIONS_OF_USE_NOT_SATISFIED);
            }
            try {
                s.hash = MessageDigest.getInstance(hashAlgorithm.jcaName()).digest(value);
            } catch (NoSuchAlgorithmException e) {
                throw new CardStatusException(StatusWord.FUNCTION_NOT_SUPPORTED);
            }
            return new byte[0];
        }
        throw new CardStatusException(StatusWord.INCORRECT_DATA);
    }

    private byte[] computeDigitalSignature(CommandApdu c) throws CardStatusException {
        VolatileState s = card.session();
        KeyObject key = keyFor(DST);
        AlgorithmReference algorithm = selected(DST);
        Operation operation = algorithm != null ? algorithm.operation() : defaultOperation(DST, key);
        byte[] input = c.nc() > 0 ? c.data() : s.hash;
        if (input == null) {
            throw new CardStatusException(StatusWord.CONDITIONS_OF_USE_NOT_SATISFIED);
        }
        card.require(key.useCondition());
        HashAlgorithm hash = algorithm == null ? null : algorithm.hash();
        byte[] signature;
        try {
            switch (operation) {
                case SIGN_PKCS1:
                    signature = hash == null ? key.key().signPkcs1Raw(input) : key.key().signPkcs1(hash, input);
                    break;
                case SIGN_PSS:
                    signature = key.key().signPss(hash != null ? hash : hashOfLength(input.length), input);
                    break;
                case SIGN_ECDSA:
                    signature = key.key().signEcdsa(input);
                    break;
                default:
                    throw new CardStatusException(StatusWord.CONDITIONS_OF_USE_NOT_SATISFIED);
            }
        } catch (CardKeyException e) {
            throw new CardStatusException(StatusWord.INCORRECT_DATA);
        } finally {
            s.hash = null;
        }
        card.consume(key.useCondition());
        return signature;
    }

    private static HashAlgorithm hashOfLength(int length) throws CardStatusException {
        Optional<HashAlgorithm> hash = HashAlgorithm.byDigestLength(length);
        if (hash.isEmpty()) {
            throw new CardStatusException(StatusWord.INCORRECT_DATA);
        }
        return hash.get();
    }

    /** PSO DECIPHER: padding indicator 00 or 81 and a cryptogram, or 00 and a peer point for ECDH. */
    private byte[] decipher(CommandApdu c) throws CardStatusException {
        KeyObject key = keyFor(CT);
        AlgorithmReference algorithm = selected(CT);
        Operation operation = algorithm != null ? algorithm.operation() : defaultOperation(CT, key);
        byte[] data = c.data();
        if (data.length < 2) {
            throw new CardStatusException(StatusWord.WRONG_LENGTH);
        }
        int indicator = data[0] & 0xFF;
        boolean ecdh = operation == Operation.DERIVE_ECDH;
        if (indicator != 0x00 && (ecdh || indicator != 0x81)) {
            throw new CardStatusException(StatusWord.INCORRECT_DATA);
        }
        byte[] body = Arrays.copyOfRange(data, 1, data.length);
        card.require(key.useCondition());
        byte[] out;
        try {
            switch (operation) {
                case DECIPHER_PKCS1:
                    out = key.key().decryptPkcs1(body);
                    break;
                case DECIPHER_OAEP:
                    out = key.key().decryptOaep(algorithm.hash(), body);
                    break;
                case DERIVE_ECDH:
                    out = key.key().deriveEcdh(body);
                    break;
                default:
                    throw new CardStatusException(StatusWord.CONDITIONS_OF_USE_NOT_SATISFIED);
            }
        } catch (CardKeyException e) {
            throw new CardStatusException(StatusWord.INCORRECT_DATA);
        }
        card.consume(key.useCondition());
        return out;
    }

    byte[] internalAuthenticate(CommandApdu c) throws CardStatusException {
        if (c.p1p2() != 0) {
            throw new CardStatusException(StatusWord.INCORRECT_P1_P2);
        }
        KeyObject key = keyFor(AT);
        if (!key.operations().contains(Operation.AUTHENTICATE_PKCS1) || !key.key().type().isRsa()) {
            throw new CardStatusException(StatusWord.CONDITIONS_OF_USE_NOT_SATISFIED);
        }
        if (c.nc() == 0) {
            throw new CardStatusException(StatusWord.WRONG_LENGTH);
        }
        card.require(key.useCondition());
        byte[] out;
        try {
            out = key.key().signPkcs1Raw(c.data());
        } catch (CardKeyException e) {
            throw new CardStatusException(StatusWord.INCORRECT_DATA);
        }
        card.consume(key.useCondition());
        return out;
    }

    private KeyObject keyFor(int template) throws CardStatusException {
        int[] entry = card.session().environment.get(template);
        if (entry == null) {
            throw new CardStatusException(StatusWord.CONDITIONS_OF_USE_NOT_SATISFIED);
        }
        return image.key(entry[1]);
    }

    private AlgorithmReference selected(int template) {
        int[] entry = card.session().environment.get(template);
        return entry == null || entry[0] < 0 ? null : image.algorithm(entry[0]);
    }
}
