package io.github.eid4j.card.fineid;

import io.github.eid4j.apdu.CommandApdu;
import io.github.eid4j.apdu.HashAlgorithm;
import io.github.eid4j.apdu.Hex;
import io.github.eid4j.apdu.ResponseApdu;
import io.github.eid4j.apdu.tlv.BerTlv;
import io.github.eid4j.apdu.tlv.Tlv;
import io.github.eid4j.apdu.transport.CardTransport;
import io.github.eid4j.apdu.transport.TransportException;
import io.github.eid4j.card.CardAccessException;
import io.github.eid4j.card.CardConnection;
import io.github.eid4j.card.CardErrors;
import io.github.eid4j.card.CardIdentity;
import io.github.eid4j.card.EidCard;
import io.github.eid4j.card.EidException;
import io.github.eid4j.card.KeyEntry;
import io.github.eid4j.card.KeyPurpose;
import io.github.eid4j.card.PinAnswers;
import io.github.eid4j.card.PinCallback;
import io.github.eid4j.card.PinFormatException;
import io.github.eid4j.card.PinInfo;
import io.github.eid4j.card.PinRequest;
import io.github.eid4j.card.PinStatus;
import io.github.eid4j.card.SignatureScheme;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import io.github.eid4j.card.BlockedPinException;
import io.github.eid4j.card.CardNotActivatedException;

/**
 * The FINEID host driver: the APDU sequences of the real v3 and v4 cards (docs/cards.md §1.5),
 * each operation inside one card transaction.
 */
final class FineidCard implements EidCard {
    static final PinInfo PIN1 = new PinInfo("PIN1", PinInfo.Role.AUTHENTICATION, Fineid.PIN1_MIN, Fineid.PIN1_MAX, Fineid.PIN1);
    static final PinInfo PIN2 = new PinInfo("PIN2", PinInfo.Role.SIGNATURE, Fineid.PIN2_MIN, Fineid.PIN2_MAX, Fineid.PIN2);
    static final PinInfo PUK = new PinInfo("PUK", PinInfo.Role.UNBLOCKING, Fineid.PUK_LENGTH, Fineid.PUK_LENGTH, Fineid.PUK);

    private static final String UNBLOCK_PIN1 = "unblock it with 'eid unblock pin1' and the PUK (activation code) from your letter.";
    private static final String UNBLOCK_PIN2 = "unblock it with 'eid unblock pin2' and the PUK (activation code) from your letter.";
    private static final String PUK_BLOCKED = "the card can no longer be unblocked; apply for a new card.";

    private final CardConnection connection;
    private final FineidVersion version;
    private final CardIdentity identity;
    private final List<KeyEntry> keys;
    private final List<X509Certificate> caCertificates;

    FineidCard(CardConnection connection, FineidVersion version, CardIdentity identity, List<KeyEntry> keys,
            List<X509Certificate> caCertificates) {
        this.connection = connection;
        this.version = version;
        this.identity = identity;
        this.keys = List.copyOf(keys);
        this.caCertificates = List.copyOf(caCertificates);
    }

    FineidVersion version() {
        return version;
    }

    @Override
    public CardIdentity identity() {
        return identity;
    }

    @Override
    public List<KeyEntry> keys() {
        return keys;
    }

    @Override
    public List<X509Certificate> caCertificates() {
        return caCertificates;
    }

    @Override
    public List<PinInfo> pins() {
        return List.of(PIN1, PIN2, PUK);
    }

    @Override
    public PinStatus status(PinInfo pin) throws EidException {
        return connection.transact(card -> status(card, pin));
    }

    /**
     * GET DATA of the PIN-info template. Under T=0 the card wants no Le (case 3) and answers
     * 61xx; under T=1 it wants Le=00. The transport stack makes that difference.
     */
    private PinStatus status(CardTransport card, PinInfo pin) throws TransportException, EidException {
        byte[] query = {(byte) 0xA0, 0x03, (byte) 0x83, 0x01, (byte) pin.reference()};
        ResponseApdu r = card.transmit(new CommandApdu(0x00, 0xCB, 0x00, 0xFF, query, 256));
        if (r.sw() == 0x6984) {
            return new PinStatus(-1, Fineid.MAX_TRIES, false, false); // no value yet [I: see docs/fineid.md]
        }
        if (!r.isSuccess()) {
            throw CardErrors.unexpected("report the state of " + pin.label(), r.statusWord());
        }
        try {
            List<Tlv> objects = BerTlv.parseAll(r.data());
            Optional<Tlv> tries = Tlv.findPath(objects, 0xA0, Fineid.TAG_TRIES);
            Optional<Tlv> changed = Tlv.findPath(objects, 0xA0, Fineid.TAG_CHANGED);
            if (tries.isEmpty() || tries.get().length() < 1) {
                throw new IllegalArgumentException("no tries");
            }
            boolean initial = changed.isPresent() && changed.get().length() == 1 && changed.get().value()[0] == 0;
            return new PinStatus(tries.get().value()[0] & 0xFF, Fineid.MAX_TRIES, initial, true);
        } catch (IllegalArgumentException e) {
            throw new CardAccessException(CardAccessException.Reason.CARD_ERROR,
                    "The card's answer about " + pin.label() + " is not a PIN-info template.");
        }
    }

    @Override
    public boolean needsActivation() throws EidException {
        return connection.transact(card -> !status(card, PIN1).isActivated() || !status(card, PIN2).isActivated());
    }

    // ---- signing, decryption, key agreement

    @Override
    public byte[] sign(KeyEntry key, SignatureScheme scheme, HashAlgorithm hash, byte[] digest, PinCallback pins) throws EidException {
        ownKey(key);
        if (!key.canSign(scheme)) {
            throw new EidException("The " + key.purpose().name().toLowerCase(java.util.Locale.ROOT) + " key of this card ("
                    + key.algorithm() + ") cannot make " + scheme + " signatures.");
        }
        if (hash != null && digest.length != hash.digestLength()) {
            throw new EidException("A " + hash.jcaName() + " digest has " + hash.digestLength() + " bytes, not " + digest.length + ".");
        }
        int algorithm;
        byte[] input;
        switch (scheme) {
            case ECDSA:
                int field = (((ECPublicKey) key.publicKey()).getParams().getCurve().getField().getFieldSize() + 7) / 8;
                if (version.isV4()) {
                    // Exactly what OpenSC's v4 driver sends: SHA-384's algorithm byte, the hash left-padded to 48 bytes.
                    algorithm = Fineid.ALG_V4_ECDSA;
                } else {
                    algorithm = hashNibble(hash) | Fineid.ALG_ECDSA;
                }
                input = fitToField(digest, field);
                break;
            case RSA_PSS:
                if (hash == null) {
                    throw new EidException("RSA-PSS on this card needs the hash named.");
                }
                algorithm = hashNibble(hash) | Fineid.ALG_PSS;
                input = digest;
                break;
            default:
                algorithm = hash == null ? Fineid.ALG_PKCS1 : hashNibble(hash) | Fineid.ALG_PKCS1;
                input = digest;
        }
        byte[] hashTemplate = new byte[2 + input.length];
        hashTemplate[0] = (byte) 0x90;
        hashTemplate[1] = (byte) input.length;
        System.arraycopy(input, 0, hashTemplate, 2, input.length);
        byte[] mse = {(byte) 0x80, 0x01, (byte) algorithm, (byte) 0x84, 0x01, (byte) key.reference()};
        return connection.transact(card -> withPin(card, key, pins, () -> {
            expectOk(card.transmit(new CommandApdu(0x00, 0x22, 0x41, 0xB6, mse)), "prepare the signature");
            expectOk(card.transmit(new CommandApdu(0x00, 0x2A, 0x90, 0xA0, hashTemplate)), "take the hash");
            return card.transmit(new CommandApdu(0x00, 0x2A, 0x9E, 0x9A, 256));
        }, "sign"));
    }

    @Override
    public byte[] decrypt(KeyEntry key, byte[] cryptogram, PinCallback pins) throws EidException {
        ownKey(key);
        if (!key.canDecrypt()) {
            throw new EidException("The " + key.purpose().name().toLowerCase(java.util.Locale.ROOT) + " key of this card cannot decrypt.");
        }
        byte[] mse = {(byte) 0x80, 0x01, (byte) Fineid.ALG_DECIPHER_PKCS1, (byte) 0x84, 0x01, (byte) key.reference()};
        byte[] data = prefixed((byte) 0x00, cryptogram);
        return connection.transact(card -> withPin(card, key, pins, () -> {
            expectOk(card.transmit(new CommandApdu(0x00, 0x22, 0x41, 0xB8, mse)), "prepare the decryption");
            return card.transmit(new CommandApdu(0x00, 0x2A, 0x80, 0x86, data, 256));
        }, "decrypt"));
    }

    @Override
    public byte[] deriveEcdh(KeyEntry key, byte[] peerPoint, PinCallback pins) throws EidException {
        ownKey(key);
        if (!key.canDerive()) {
            throw new EidException("The " + key.purpose().name().toLowerCase(java.util.Locale.ROOT) + " key of this card cannot do ECDH.");
        }
        byte[] mse = {(byte) 0x84, 0x01, (byte) key.reference()};
        byte[] data = prefixed((byte) 0x00, peerPoint);
        return connection.transact(card -> withPin(card, key, pins, () -> {
            expectOk(card.transmit(new CommandApdu(0x00, 0x22, 0x41, 0xB8, mse)), "prepare the key agreement");
            return card.transmit(new CommandApdu(0x00, 0x2A, 0x80, 0x86, data, 256));
        }, "agree on a key"));
    }

    /** One exchange that may need the key's PIN. */
    @FunctionalInterface
    private interface KeyOperation {
        ResponseApdu run() throws TransportException, EidException;
    }

    /**
     * The signature key needs its PIN right before every use. The authentication key is tried
     * first: the card remembers PIN1 for its session, so the user is asked only when it says
     * 6982 (no PIN is kept on the host).
     */
    private byte[] withPin(CardTransport card, KeyEntry key, PinCallback pins, KeyOperation operation, String step)
            throws TransportException, EidException {
        if (key.purpose() == KeyPurpose.SIGNATURE) {
            verify(card, key.pin(), pins);
        }
        ResponseApdu r = operation.run();
        if (r.sw() == 0x6982 && key.purpose() == KeyPurpose.AUTHENTICATION) {
            verify(card, key.pin(), pins);
            r = operation.run();
        }
        expectOk(r, step);
        return r.data();
    }

    private static int hashNibble(HashAlgorithm hash) {
        if (hash == null) {
            return 0x00;
        }
        switch (hash) {
            case SHA1:
                return 0x10;
            case SHA224:
                return 0x30;
            case SHA256:
                return 0x40;
            case SHA384:
                return 0x50;
            default:
                return 0x60;
        }
    }

    /** ECDSA uses the leftmost field-size bytes of a longer digest, and a shorter one as a number (left-padded). */
    private static byte[] fitToField(byte[] digest, int field) {
        if (digest.length >= field) {
            return Arrays.copyOf(digest, field);
        }
        byte[] padded = new byte[field];
        System.arraycopy(digest, 0, padded, field - digest.length, digest.length);
        return padded;
    }

    private static byte[] prefixed(byte first, byte[] rest) {
        byte[] out = new byte[rest.length + 1];
        out[0] = first;
        System.arraycopy(rest, 0, out, 1, rest.length);
        return out;
    }

    private void ownKey(KeyEntry key) throws EidException {
        if (!keys.contains(key)) {
            throw new EidException("That key belongs to another card.");
        }
    }

    private static void expectOk(ResponseApdu r, String step) throws EidException {
        if (r.sw() == 0x6982) {
            throw new EidException("The card refused to " + step + " because its PIN is not verified.");
        }
        if (!r.isSuccess()) {
            throw CardErrors.unexpected(step, r.statusWord());
        }
    }

    // ---- PINs

    @Override
    public void verify(PinInfo pin, PinCallback pins) throws EidException {
        connection.transact(card -> {
            verify(card, pin, pins);
            return null;
        });
    }

    private void verify(CardTransport card, PinInfo pin, PinCallback pins) throws TransportException, EidException {
        PinStatus status = status(card, pin);
        refuseUnusable(pin, status);
        char[] value = pins.ask(new PinRequest(pin, PinRequest.Step.CURRENT, status.triesLeft()));
        byte[] block = null;
        try {
            pin.checkFormat(value);
            block = Fineid.pinBlock(value);
            try (CommandApdu verify = new CommandApdu(0x00, 0x20, 0x00, pin.reference(), block)) {
                PinAnswers.check(card.transmit(verify), pin, remedy(pin), "verify " + pin.label());
            }
        } finally {
            Arrays.fill(value, '\0');
            if (block != null) {
                Arrays.fill(block, (byte) 0);
            }
        }
    }

    private static void refuseUnusable(PinInfo pin, PinStatus status) throws EidException {
        if (!status.isActivated()) {
            throw new CardNotActivatedException(pin.label());
        }
        if (status.isBlocked()) {
            throw new BlockedPinException(pin.label(), remedy(pin));
        }
    }

    private static String remedy(PinInfo pin) {
        return pin == PIN1 ? UNBLOCK_PIN1 : pin == PIN2 ? UNBLOCK_PIN2 : PUK_BLOCKED;
    }

    @Override
    public void changePin(PinInfo pin, PinCallback pins) throws EidException {
        userPin(pin);
        connection.transact(card -> {
            PinStatus status = status(card, pin);
            refuseUnusable(pin, status);
            char[] old = pins.ask(new PinRequest(pin, PinRequest.Step.CURRENT, status.triesLeft()));
            char[] fresh = null;
            byte[] data = null;
            try {
                pin.checkFormat(old);
                fresh = askNew(pin, pins);
                data = concat(Fineid.pinBlock(old), Fineid.pinBlock(fresh));
                try (CommandApdu change = new CommandApdu(0x00, 0x24, 0x00, pin.reference(), data)) {
                    PinAnswers.check(card.transmit(change), pin, remedy(pin), "change " + pin.label());
                }
            } finally {
                wipe(old, fresh, data);
            }
            return null;
        });
    }

    @Override
    public void unblockPin(PinInfo pin, PinCallback pins) throws EidException {
        userPin(pin);
        connection.transact(card -> {
            resetWithPuk(card, pin, pins, null);
            return null;
        });
    }

    /**
     * Activation, as DVV's letter describes it: the activation code, then the new PIN1 twice and
     * the new PIN2 twice. On the card it is RESET RETRY COUNTER with the code (the PUK) and the
     * new PIN, for PIN1 and then PIN2 [I: cards.md §1.3 names this as the likely form].
     */
    @Override
    public void activate(PinCallback pins) throws EidException {
        connection.transact(card -> {
            if (status(card, PIN1).isActivated() && status(card, PIN2).isActivated()) {
                throw new EidException("The card is already activated; to change a PIN use 'eid change-pin'.");
            }
            PinStatus puk = status(card, PUK);
            if (puk.isBlocked()) {
                throw new BlockedPinException("The activation code (PUK)", PUK_BLOCKED);
            }
            char[] code = pins.ask(new PinRequest(PUK, PinRequest.Step.ACTIVATION_CODE, puk.triesLeft()));
            try {
                PUK.checkFormat(code);
                for (PinInfo pin : List.of(PIN1, PIN2)) {
                    if (!status(card, pin).isActivated()) {
                        resetWithPuk(card, pin, pins, code);
                    }
                }
            } finally {
                Arrays.fill(code, '\0');
            }
            return null;
        });
    }

    /** RESET RETRY COUNTER P1=00: PUK and the new PIN; asks for the PUK unless it is given. */
    private void resetWithPuk(CardTransport card, PinInfo pin, PinCallback pins, char[] givenPuk) throws TransportException, EidException {
        char[] puk = givenPuk;
        if (puk == null) {
            PinStatus status = status(card, PUK);
            if (status.isBlocked()) {
                throw new BlockedPinException(PUK.label(), PUK_BLOCKED);
            }
            puk = pins.ask(new PinRequest(pin, PinRequest.Step.PUK, status.triesLeft()));
        }
        char[] fresh = null;
        byte[] data = null;
        try {
            PUK.checkFormat(puk);
            fresh = askNew(pin, pins);
            data = concat(Fineid.pinBlock(puk), Fineid.pinBlock(fresh));
            try (CommandApdu reset = new CommandApdu(0x00, 0x2C, 0x00, pin.reference(), data)) {
                PinAnswers.check(card.transmit(reset), PUK, PUK_BLOCKED, "set " + pin.label());
            }
        } finally {
            wipe(givenPuk == null ? puk : null, fresh, data);
        }
    }

    /** Asks for a new PIN twice and checks it against the rules before the card sees it. */
    private static char[] askNew(PinInfo pin, PinCallback pins) throws EidException {
        char[] first = pins.ask(new PinRequest(pin, PinRequest.Step.NEW, -1));
        char[] second = null;
        try {
            pin.checkFormat(first);
            second = pins.ask(new PinRequest(pin, PinRequest.Step.NEW_AGAIN, -1));
            if (!Arrays.equals(first, second)) {
                throw new PinFormatException("The two new " + pin.label() + " entries differ; nothing was changed.");
            }
            return first;
        } catch (EidException | RuntimeException e) {
            Arrays.fill(first, '\0');
            throw e;
        } finally {
            if (second != null) {
                Arrays.fill(second, '\0');
            }
        }
    }

    private static void userPin(PinInfo pin) throws EidException {
        if (pin != PIN1 && pin != PIN2) {
            throw new EidException("Only PIN1 and PIN2 can be changed or unblocked.");
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        Arrays.fill(a, (byte) 0);
        Arrays.fill(b, (byte) 0);
        return out;
    }

    private static void wipe(char[] a, char[] b, byte[] c) {
        if (a != null) {
            Arrays.fill(a, '\0');
        }
        if (b != null) {
            Arrays.fill(b, '\0');
        }
        if (c != null) {
            Arrays.fill(c, (byte) 0);
        }
    }

    /** Selecting the application again ends every verification, as OpenSC's v4 driver logs out. */
    @Override
    public void logout() throws EidException {
        connection.transact(card -> {
            expectOk(card.transmit(new CommandApdu(0x00, 0xA4, 0x04, 0x0C, Fineid.AID)), "log out");
            return null;
        });
    }

    @Override
    public void close() {
        try {
            if (connection.mayHaveAuthenticated()) {
                logout();
            }
        } catch (EidException | RuntimeException e) {
            // A card that cannot log out is reset as the connection closes; nothing stays verified.
        } finally {
            connection.close();
        }
    }

    @Override
    public String toString() {
        return identity + " (" + Hex.plain(Fineid.AID) + ")";
    }
}
