package io.github.eid4j.apdu.pace;

import io.github.eid4j.apdu.CommandApdu;
import io.github.eid4j.apdu.ResponseApdu;
import io.github.eid4j.apdu.sm.SecureMessaging;
import io.github.eid4j.apdu.sm.SmCipher;
import io.github.eid4j.apdu.tlv.TlvWriter;
import io.github.eid4j.apdu.transport.CardTransport;
import io.github.eid4j.apdu.transport.TransportException;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;

/**
 * PACE, terminal side (ICAO Doc 9303-11 §4.4, BSI TR-03110-2 §3.2 and -3 §B.1), ECDH with the
 * Generic Mapping:
 *
 * <pre>
 *   MSE:Set AT         00 22 C1 A4  80 OID  83 password  [84 parameter ID]     (63Cx: tries left)
 *   GA 1 nonce         10 86 00 00  7C 00                  -> 7C 80 E(K_π, s)
 *   GA 2 mapping       10 86 00 00  7C 81 PK_map,IFD       -> 7C 82 PK_map,IC
 *   GA 3 key agreement 10 86 00 00  7C 83 PK_IFD on G'     -> 7C 84 PK_IC on G'
 *   GA 4 tokens        00 86 00 00  7C 85 T_IFD            -> 7C 86 T_IC
 * </pre>
 *
 * One call is one attempt with the password: nothing is retried, so a wrong PIN costs the user
 * exactly the try they made. The nonce, the keys and the shared secret are wiped when done
 * (the private scalars are BigIntegers, which cannot be wiped; they are dropped at once).
 */
public final class Pace {
    private static final int INS_MSE = 0x22;
    private static final int INS_GENERAL_AUTHENTICATE = 0x86;
    private static final int MSE_SET_AT_MUTUAL = 0xC1A4;
    private static final int CHAINING = 0x10;

    /** Where the terminal's private keys come from: random, or the worked example's in a known-answer test. */
    interface PrivateKeys {
        BigInteger next(GenericMapping mapping);
    }

    private final CardTransport card;
    private final PrivateKeys keys;

    private Pace(CardTransport card, PrivateKeys keys) {
        this.card = card;
        this.keys = keys;
    }

    /**
     * Runs PACE with the first protocol of {@code cardAccess} that eid4j speaks, and returns the
     * secure-messaging session it opens. The parameter ID goes in MSE:Set AT when the card lists
     * more than one PACEInfo (a card may otherwise pick another curve).
     *
     * @throws WrongPacePasswordException the card refused the password (with the tries left when it counts them)
     * @throws PacePasswordBlockedException the password is blocked
     * @throws PaceException the card offers no protocol eid4j speaks, or PACE failed
     * @throws TransportException the exchange with the card failed
     */
    public static SecureMessaging establish(CardTransport card, List<PaceInfo> cardAccess, PacePassword password)
            throws PaceException, TransportException {
        SecureRandom random = new SecureRandom();
        return establish(card, cardAccess, password, mapping -> mapping.newPrivateKey(random));
    }

    static SecureMessaging establish(CardTransport card, List<PaceInfo> cardAccess, PacePassword password, PrivateKeys keys)
            throws PaceException, TransportException {
        PaceInfo info = CardAccess.preferred(cardAccess).orElseThrow(() -> new PaceException(
                "The card offers no PACE protocol that eid4j speaks (ECDH Generic Mapping on a standard curve)."));
        return new Pace(card, keys).run(info, cardAccess.size() > 1, password);
    }

    private SecureMessaging run(PaceInfo info, boolean withParameterId, PacePassword password) throws PaceException, TransportException {
        GenericMapping mapping = new GenericMapping(info.protocol().orElseThrow(), info.domain().orElseThrow());
        PacePassword.Type type = password.type();
        OptionalInt triesLeft = setAuthenticationTemplate(info, withParameterId, type);

        byte[] nonce = null;
        byte[] secret = null;
        byte[] macKey = null;
        try {
            byte[] encryptedNonce = step(1, GeneralAuthenticateData.encode(0, null), GeneralAuthenticateData.ENCRYPTED_NONCE, type, triesLeft);
            SmCipher cipher = mapping.protocol().cipher();
            if (encryptedNonce.length == 0 || encryptedNonce.length % cipher.blockSize() != 0) {
                throw new PaceException("The card's encrypted nonce is not whole cipher blocks; PACE was abandoned.");
            }
            byte[] k = password.key();
            byte[] passwordKey = mapping.passwordKey(k);
            Arrays.fill(k, (byte) 0);
            nonce = cipher.decrypt(passwordKey, new byte[cipher.blockSize()], encryptedNonce);
            Arrays.fill(passwordKey, (byte) 0);

            BigInteger mappingKey = keys.next(mapping);
            byte[] chipMappingKey = step(2, GeneralAuthenticateData.encode(GeneralAuthenticateData.MAPPING_TERMINAL,
                    mapping.mappingPublicKey(mappingKey)), GeneralAuthenticateData.MAPPING_CHIP, type, triesLeft);
            var generator = mapping.mappedGenerator(nonce, mappingKey, chipMappingKey);

            BigInteger ephemeralKey = keys.next(mapping);
            byte[] terminalKey = mapping.ephemeralPublicKey(generator, ephemeralKey);
            byte[] chipKey = step(3, GeneralAuthenticateData.encode(GeneralAuthenticateData.EPHEMERAL_TERMINAL, terminalKey),
                    GeneralAuthenticateData.EPHEMERAL_CHIP, type, triesLeft);
            if (Arrays.equals(chipKey, terminalKey)) {
                throw new PaceException("The card sent back the terminal's own ephemeral key; PACE was abandoned.");
            }
            secret = mapping.sharedSecret(ephemeralKey, chipKey);

            SecureMessaging session = SecureMessaging.afterPace(cipher, mapping.protocol().keyLength(), secret);
            macKey = cipher.deriveKey(secret, SmCipher.KDF_MAC, mapping.protocol().keyLength());
            byte[] chipToken = step(4, GeneralAuthenticateData.encode(GeneralAuthenticateData.TOKEN_TERMINAL,
                    mapping.authenticationToken(macKey, chipKey)), GeneralAuthenticateData.TOKEN_CHIP, type, triesLeft);
            if (!MessageDigest.isEqual(chipToken, mapping.authenticationToken(macKey, terminalKey))) {
                session.close();
                throw new PaceException("The card's authentication token does not verify; PACE was abandoned.");
            }
            return session;
        } finally {
            wipe(nonce);
            wipe(secret);
            wipe(macKey);
        }
    }

    /**
     * The tries left of a PACE password as MSE:Set AT reports them (BSI TR-03110-3 §B.11.1: 63Cx),
     * without using one: empty when the card answers 9000 (no try was missed, or the password
     * has no counter, as the CAN).
     *
     * @throws PacePasswordBlockedException the password is blocked
     * @throws PaceException the card offers no protocol eid4j speaks, or refuses the password
     */
    public static OptionalInt triesLeft(CardTransport card, List<PaceInfo> cardAccess, PacePassword.Type type)
            throws PaceException, TransportException {
        PaceInfo info = CardAccess.preferred(cardAccess).orElseThrow(() -> new PaceException(
                "The card offers no PACE protocol that eid4j speaks (ECDH Generic Mapping on a standard curve)."));
        return new Pace(card, null).setAuthenticationTemplate(info, cardAccess.size() > 1, type);
    }

    /** MSE:Set AT; returns the tries left when the card says (63Cx), without using one. */
    private OptionalInt setAuthenticationTemplate(PaceInfo info, boolean withParameterId, PacePassword.Type type)
            throws PaceException, TransportException {
        TlvWriter data = new TlvWriter().primitive(0x80, info.oid()).primitive(0x83, new byte[] {(byte) type.reference()});
        if (withParameterId) {
            data.primitive(0x84, new byte[] {(byte) info.parameterId()});
        }
        ResponseApdu r = card.transmit(new CommandApdu(0x00, INS_MSE, MSE_SET_AT_MUTUAL >> 8, MSE_SET_AT_MUTUAL & 0xFF, data.toByteArray()));
        int sw = r.sw();
        if (sw == 0x9000) {
            return OptionalInt.empty();
        }
        if ((sw & 0xFFF0) == 0x63C0) {
            if ((sw & 0x0F) == 0) {
                throw new PacePasswordBlockedException(type);
            }
            return OptionalInt.of(sw & 0x0F);
        }
        if (sw == 0x6983) {
            throw new PacePasswordBlockedException(type);
        }
        throw new PaceException(String.format("The card refused PACE with the %s (MSE:Set AT answered %04X).", type.label(), sw));
    }

    /** One GENERAL AUTHENTICATE step (1-3 chained, 4 last): the value of {@code expectedTag} in the card's answer. */
    private byte[] step(int number, byte[] data, int expectedTag, PacePassword.Type type, OptionalInt triesBefore)
            throws PaceException, TransportException {
        int cla = number < 4 ? CHAINING : 0x00;
        ResponseApdu r = card.transmit(new CommandApdu(cla, INS_GENERAL_AUTHENTICATE, 0x00, 0x00, data, CommandApdu.MAX_SHORT_NE));
        int sw = r.sw();
        if (sw == 0x6983) {
            throw new PacePasswordBlockedException(type);
        }
        if ((sw & 0xFF00) == 0x6300) {
            OptionalInt left = (sw & 0xFFF0) == 0x63C0 ? OptionalInt.of(sw & 0x0F)
                    : triesBefore.isPresent() ? OptionalInt.of(triesBefore.getAsInt() - 1) : OptionalInt.empty();
            if (left.isPresent() && left.getAsInt() == 0 && type != PacePassword.Type.CAN) {
                throw new PacePasswordBlockedException(type);
            }
            throw new WrongPacePasswordException(type, left);
        }
        if (sw != 0x9000) {
            throw new PaceException(String.format("The card stopped PACE at step %d of 4 (%04X).", number, sw));
        }
        byte[] answer = r.data();
        return GeneralAuthenticateData.decode(answer, expectedTag).orElseThrow(() -> new PaceException(String.format(
                "The card's answer to PACE step %d of 4 lacks its data object %02X; PACE was abandoned.", number, expectedTag)));
    }

    /**
     * Reads EF.CardAccess by its short identifier (READ BINARY 00 B0 9C ..., then by offset).
     *
     * @throws PaceException if the card has no EF.CardAccess
     */
    public static byte[] readCardAccess(CardTransport card) throws PaceException, TransportException {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        ResponseApdu r = card.transmit(new CommandApdu(0x00, 0xB0, 0x80 | CardAccess.SFI, 0x00, CommandApdu.MAX_SHORT_NE));
        while (true) {
            if (r.sw() != 0x9000 && r.sw() != 0x6282) {
                if (file.size() > 0 && (r.sw() == 0x6B00 || r.sw() == 0x6A86)) {
                    break; // read past the end
                }
                throw new PaceException(String.format("The card has no readable EF.CardAccess (%04X), so it does not offer PACE.", r.sw()));
            }
            file.writeBytes(r.data());
            if (r.sw() == 0x6282 || r.dataLength() < CommandApdu.MAX_SHORT_NE || r.dataLength() == 0 || file.size() > 0x7FFF) {
                break;
            }
            int offset = file.size();
            r = card.transmit(new CommandApdu(0x00, 0xB0, offset >> 8, offset & 0xFF, CommandApdu.MAX_SHORT_NE));
        }
        return file.toByteArray();
    }

    private static void wipe(byte[] bytes) {
        if (bytes != null) {
            Arrays.fill(bytes, (byte) 0);
        }
    }
}
