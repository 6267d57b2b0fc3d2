package io.github.eid4j.card.iso;

import io.github.eid4j.apdu.AlgorithmReference;
import io.github.eid4j.apdu.AlgorithmReference.Operation;
import io.github.eid4j.apdu.HashAlgorithm;
import io.github.eid4j.apdu.ResponseApdu;
import io.github.eid4j.apdu.transport.CardTransport;
import io.github.eid4j.apdu.transport.TransportException;
import io.github.eid4j.card.CardAccessException;
import io.github.eid4j.card.CardConnection;
import io.github.eid4j.card.CardIdentity;
import io.github.eid4j.card.EidCard;
import io.github.eid4j.card.EidException;
import io.github.eid4j.card.KeyEntry;
import io.github.eid4j.card.KeyPurpose;
import io.github.eid4j.card.PinCallback;
import io.github.eid4j.card.PinInfo;
import io.github.eid4j.card.PinStatus;
import io.github.eid4j.card.SignatureScheme;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A card driver's generic part, the ISO/IEC 7816-4/-8 flows every eID card shares (as OpenSC's
 * drivers start from {@code iso_ops}): PINs through {@link PinFlows}, signatures as MSE SET of the
 * DST then PSO COMPUTE DIGITAL SIGNATURE, decryption and ECDH as MSE SET of the CT then PSO
 * DECIPHER, logout by VERIFY P1=FF. A profile gives its references (PIN and key references in
 * {@link PinInfo} and {@link KeyEntry}, its algorithm table, its PIN block and status query) and
 * overrides the protected steps its card does differently.
 *
 * <p>Every APDU goes through the connection's transport inside one transaction, so a secure
 * messaging layer stacked there protects all of them; nothing here assumes a payload limit the
 * connection does not state ({@link CardConnection#maxResponseData()}).
 */
public abstract class IsoCard implements EidCard {
    private final CardConnection connection;
    private final CardIdentity identity;
    private final List<KeyEntry> keys;
    private final CardRead<List<KeyEntry>> laterKeys;
    private List<KeyEntry> allKeys;
    private final CardRead<List<X509Certificate>> caReader;
    private List<X509Certificate> caCertificates;
    private final PinFlows pinFlows;
    private final List<AlgorithmReference> algorithms;
    /** The PINs this connection verified and the card has not forgotten since (no logout, no 6982). */
    private final Set<PinInfo> verified = new HashSet<>();
    /** What the card last said about each PIN on this connection, so a VERIFY needs no state query before it. */
    private final Map<PinInfo, PinStatus> known = new HashMap<>();
    /** True from a logout until the next PIN command: closing then needs no second logout. */
    private boolean loggedOut;
    /**
     * Guards the three fields above. Never held while waiting for the connection, which an
     * operation holds while it updates them (the lazy reads hold this card's own lock and then
     * wait for the connection): two locks taken in one order only.
     */
    private final Object pinLock = new Object();

    /**
     * @param algorithms what the card's MSE algorithm-reference bytes mean, e.g.
     *     {@link AlgorithmReference#gemaltoStyle()}
     */
    protected IsoCard(CardConnection connection, CardIdentity identity, List<KeyEntry> keys, List<X509Certificate> caCertificates,
            PinFlows pinFlows, List<AlgorithmReference> algorithms) {
        this(connection, identity, keys, card -> List.of(), card -> caCertificates, pinFlows, algorithms);
    }

    /**
     * @param keys the keys read to open the card
     * @param laterKeys reads the other keys when a caller first wants the list, and
     * @param caReader the CA certificates: an operation that does not need them (a signature, a
     *     PIN's state) costs no APDU for them
     */
    protected IsoCard(CardConnection connection, CardIdentity identity, List<KeyEntry> keys, CardRead<List<KeyEntry>> laterKeys,
            CardRead<List<X509Certificate>> caReader, PinFlows pinFlows, List<AlgorithmReference> algorithms) {
        this.connection = connection;
        this.identity = identity;
        this.keys = List.copyOf(keys);
        this.laterKeys = laterKeys;
        this.caReader = caReader;
        this.pinFlows = pinFlows;
        this.algorithms = List.copyOf(algorithms);
    }

    /** Something read from the card when first needed. */
    @FunctionalInterface
    public interface CardRead<T> {
        T read(CardTransport card) throws TransportException, EidException;
    }

    protected final CardConnection connection() {
        return connection;
    }

    protected final PinFlows pinFlows() {
        return pinFlows;
    }

    @Override
    public CardIdentity identity() {
        return identity;
    }

    /** A key read at opening costs nothing; another is read when first wanted. */
    @Override
    public Optional<KeyEntry> key(KeyPurpose purpose) {
        Optional<KeyEntry> opened = keys.stream().filter(k -> k.purpose() == purpose).findFirst();
        return opened.isPresent() ? opened : keys().stream().filter(k -> k.purpose() == purpose).findFirst();
    }

    /**
     * The keys read at opening, and the others once read; a key whose certificate the card does
     * not give is left out (a front end shows what there is), but a card that is gone or silent
     * is asked again next time.
     */
    @Override
    public synchronized List<KeyEntry> keys() {
        if (allKeys == null) {
            try {
                List<KeyEntry> more = connection.transact(laterKeys::read);
                allKeys = java.util.stream.Stream.concat(keys.stream(), more.stream()).toList();
            } catch (CardAccessException e) {
                if (e.reason() != CardAccessException.Reason.CARD_ERROR) {
                    return keys;
                }
                allKeys = keys;
            } catch (EidException e) {
                allKeys = keys;
            }
        }
        return allKeys;
    }

    /** Read on first use; a card that cannot give them has none for this program (they are optional). */
    @Override
    public synchronized List<X509Certificate> caCertificates() {
        if (caCertificates == null) {
            try {
                caCertificates = List.copyOf(connection.transact(caReader::read));
            } catch (EidException e) {
                caCertificates = List.of();
            }
        }
        return caCertificates;
    }

    @Override
    public PinStatus status(PinInfo pin) throws EidException {
        return connection.transact(card -> learn(pin, pinFlows.status(card, pin)));
    }

    private PinStatus learn(PinInfo pin, PinStatus status) {
        synchronized (pinLock) {
            known.put(pin, status);
            return status;
        }
    }

    private PinStatus knownStatus(PinInfo pin) {
        synchronized (pinLock) {
            return known.get(pin);
        }
    }

    private boolean verifiedHere(PinInfo pin) {
        synchronized (pinLock) {
            return verified.contains(pin);
        }
    }

    /** The card forgot (or may have forgotten) every verification, or the PIN changed: ask it again next time. */
    protected final void forget(PinInfo pin) {
        synchronized (pinLock) {
            verified.remove(pin);
            known.remove(pin);
            loggedOut = false;
        }
    }

    /** True while a user PIN has no value yet. */
    @Override
    public boolean needsActivation() throws EidException {
        return connection.transact(card -> {
            for (PinInfo pin : userPins()) {
                if (!pinFlows.status(card, pin).isActivated()) {
                    return true;
                }
            }
            return false;
        });
    }

    // ---- signing, decryption, key agreement

    @Override
    public byte[] sign(KeyEntry key, SignatureScheme scheme, HashAlgorithm hash, byte[] digest, PinCallback pins) throws EidException {
        ownKey(key);
        if (!key.canSign(scheme)) {
            throw new EidException("The " + purpose(key) + " key of this card (" + key.algorithm() + ") cannot make " + scheme + " signatures.");
        }
        if (hash != null && digest.length != hash.digestLength()) {
            throw new EidException("A " + hash.jcaName() + " digest has " + hash.digestLength() + " bytes, not " + digest.length + ".");
        }
        int algorithm = signatureAlgorithm(key, scheme, hash);
        byte[] input = signatureInput(key, scheme, digest);
        return connection.transact(card -> withPin(card, key, pins, () -> computeSignature(card, key, algorithm, input), "sign"));
    }

    /** The algorithm-reference byte of a signature scheme with a hash, from the card's table. */
    protected int signatureAlgorithm(KeyEntry key, SignatureScheme scheme, HashAlgorithm hash) throws EidException {
        Operation operation = scheme == SignatureScheme.ECDSA ? Operation.SIGN_ECDSA
                : scheme == SignatureScheme.RSA_PSS ? Operation.SIGN_PSS : Operation.SIGN_PKCS1;
        return algorithm(operation, hash, scheme + " signatures");
    }

    /** What the card signs: the digest as it is, unless the card wants it shaped. */
    protected byte[] signatureInput(KeyEntry key, SignatureScheme scheme, byte[] digest) {
        return digest;
    }

    /** ISO/IEC 7816-8: MSE SET of the DST, then PSO COMPUTE DIGITAL SIGNATURE with the input as its data. */
    protected ResponseApdu computeSignature(CardTransport card, KeyEntry key, int algorithm, byte[] input)
            throws TransportException, EidException {
        prepareSignature(card, key, algorithm);
        return card.transmit(IsoCommands.psoComputeDigitalSignature(input, IsoCommands.WHOLE_ANSWER));
    }

    /**
     * The Gemalto/Thales form (FINEID, IAS): MSE SET of the DST, PSO HASH with the hash, then PSO
     * COMPUTE DIGITAL SIGNATURE without data. A profile whose card signs this way overrides
     * {@link #computeSignature} with it.
     */
    protected final ResponseApdu hashThenComputeSignature(CardTransport card, KeyEntry key, int algorithm, byte[] hash)
            throws TransportException, EidException {
        prepareSignature(card, key, algorithm);
        CardAnswers.requireSuccess(card.transmit(IsoCommands.psoHash(hash)), "take the hash");
        return card.transmit(IsoCommands.psoComputeDigitalSignature(IsoCommands.WHOLE_ANSWER));
    }

    /** MSE SET of the DST with the algorithm and the key; a card that wants another template overrides this. */
    protected void prepareSignature(CardTransport card, KeyEntry key, int algorithm) throws TransportException, EidException {
        SecurityEnvironment.set(card, SecurityEnvironment.DST, SecurityEnvironment.algorithmAndKey(algorithm, key.reference()),
                "prepare the signature");
    }

    @Override
    public byte[] decrypt(KeyEntry key, byte[] cryptogram, PinCallback pins) throws EidException {
        ownKey(key);
        if (!key.canDecrypt()) {
            throw new EidException("The " + purpose(key) + " key of this card cannot decrypt.");
        }
        byte[] mse = SecurityEnvironment.algorithmAndKey(algorithm(Operation.DECIPHER_PKCS1, null, "decryption"), key.reference());
        byte[] data = prefixed(decipherPaddingIndicator(), cryptogram);
        return connection.transact(card -> withPin(card, key, pins, () -> {
            SecurityEnvironment.set(card, SecurityEnvironment.CT, mse, "prepare the decryption");
            return card.transmit(IsoCommands.psoDecipher(data, IsoCommands.WHOLE_ANSWER));
        }, "decrypt"));
    }

    /**
     * The padding-indicator byte before an RSA cryptogram in PSO DECIPHER: 00 "no further
     * indication" (ISO/IEC 7816-8); Gemalto IAS cards want their proprietary 81.
     */
    protected int decipherPaddingIndicator() {
        return 0x00;
    }

    @Override
    public byte[] deriveEcdh(KeyEntry key, byte[] peerPoint, PinCallback pins) throws EidException {
        ownKey(key);
        if (!key.canDerive()) {
            throw new EidException("The " + purpose(key) + " key of this card cannot do ECDH.");
        }
        byte[] mse = SecurityEnvironment.key(key.reference());
        byte[] data = prefixed(0x00, peerPoint);
        return connection.transact(card -> withPin(card, key, pins, () -> {
            SecurityEnvironment.set(card, SecurityEnvironment.CT, mse, "prepare the key agreement");
            return card.transmit(IsoCommands.psoDecipher(data, IsoCommands.WHOLE_ANSWER));
        }, "agree on a key"));
    }

    /** One exchange that may need the key's PIN. */
    @FunctionalInterface
    protected interface KeyOperation {
        ResponseApdu run() throws TransportException, EidException;
    }

    /**
     * The signature key needs its PIN right before every use. The authentication key's PIN is
     * verified first unless this connection verified it already (the card remembers it for the
     * session; no PIN is kept on the host): trying the key first would cost three APDUs and a 6982
     * on every first use. If the card forgot it anyway (reset by another program), it says 6982,
     * and the PIN is asked then.
     */
    protected final byte[] withPin(CardTransport card, KeyEntry key, PinCallback pins, KeyOperation operation, String step)
            throws TransportException, EidException {
        boolean eachUse = key.purpose() == KeyPurpose.SIGNATURE;
        if (eachUse || !verifiedHere(key.pin())) {
            verify(card, key.pin(), pins);
        }
        ResponseApdu r = operation.run();
        if (r.sw() == 0x6982 && !eachUse) {
            forget(key.pin());
            verify(card, key.pin(), pins);
            r = operation.run();
        }
        CardAnswers.requireSuccess(r, step);
        return r.data();
    }

    /**
     * VERIFY, with the PIN's state asked of the card only if this connection does not know it yet:
     * a successful VERIFY leaves every try, so the state after it is known without a query.
     */
    private void verify(CardTransport card, PinInfo pin, PinCallback pins) throws TransportException, EidException {
        PinStatus before;
        synchronized (pinLock) {
            loggedOut = false;
        }
        try {
            before = pinFlows.verify(card, pin, pins, knownStatus(pin));
        } catch (EidException | TransportException | RuntimeException e) {
            forget(pin); // a wrong or refused PIN: the next VERIFY asks the card for the tries left again
            throw e;
        }
        synchronized (pinLock) {
            verified.add(pin);
            known.put(pin, new PinStatus(before.maxTries(), before.maxTries(), before.isInitial(), true));
        }
    }

    private int algorithm(Operation operation, HashAlgorithm hash, String what) throws EidException {
        return AlgorithmReference.find(algorithms, operation, hash)
                .orElseThrow(() -> new EidException("This card cannot do " + what + (hash == null ? "" : " with " + hash.jcaName()) + "."))
                .value();
    }

    private static byte[] prefixed(int first, byte[] rest) {
        byte[] out = new byte[rest.length + 1];
        out[0] = (byte) first;
        System.arraycopy(rest, 0, out, 1, rest.length);
        return out;
    }

    private void ownKey(KeyEntry key) throws EidException {
        if (!keys.contains(key) && !keys().contains(key)) {
            throw new EidException("That key belongs to another card.");
        }
    }

    private static String purpose(KeyEntry key) {
        return key.purpose().name().toLowerCase(Locale.ROOT);
    }

    // ---- PINs

    /** The PINs a user verifies and changes; the rest of {@link #pins()} unblock them. */
    protected final List<PinInfo> userPins() {
        return pins().stream().filter(p -> p.role() != PinInfo.Role.UNBLOCKING).collect(Collectors.toList());
    }

    /** The code that unblocks the user PINs. */
    protected final PinInfo unblockingPin() throws EidException {
        return pins().stream().filter(p -> p.role() == PinInfo.Role.UNBLOCKING).findFirst()
                .orElseThrow(() -> new EidException("This card has no code that unblocks a PIN."));
    }

    @Override
    public void verify(PinInfo pin, PinCallback pins) throws EidException {
        connection.transact(card -> {
            verify(card, pin, pins);
            return null;
        });
    }

    @Override
    public void changePin(PinInfo pin, PinCallback pins) throws EidException {
        userPin(pin);
        forget(pin);
        connection.transact(card -> {
            pinFlows.change(card, pin, pins);
            return null;
        });
    }

    @Override
    public void unblockPin(PinInfo pin, PinCallback pins) throws EidException {
        userPin(pin);
        PinInfo puk = unblockingPin();
        forget(pin);
        forget(puk);
        connection.transact(card -> {
            pinFlows.resetRetryCounter(card, pin, puk, pins, null);
            return null;
        });
    }

    /** Cards whose first PINs come another way (FINEID's activation code) override this. */
    @Override
    public void activate(PinCallback pins) throws EidException {
        throw new EidException("This card needs no activation; to change a PIN use 'eid change-pin'.");
    }

    private void userPin(PinInfo pin) throws EidException {
        List<PinInfo> user = userPins();
        if (!user.contains(pin)) {
            throw new EidException("Only " + user.stream().map(PinInfo::label).collect(Collectors.joining(" and "))
                    + " can be changed or unblocked.");
        }
    }

    @Override
    public final void logout() throws EidException {
        synchronized (pinLock) {
            verified.clear();
        }
        connection.transact(card -> {
            endVerifications(card);
            return null;
        });
        synchronized (pinLock) {
            loggedOut = true;
        }
    }

    /** VERIFY P1=FF for each user PIN (ISO/IEC 7816-4): the card forgets that it was verified. */
    protected void endVerifications(CardTransport card) throws TransportException, EidException {
        for (PinInfo pin : userPins()) {
            CardAnswers.requireSuccess(card.transmit(IsoCommands.resetVerification(pin.reference())), "log out");
        }
    }

    @Override
    public void close() {
        try {
            boolean needed;
            synchronized (pinLock) {
                needed = !loggedOut;
            }
            if (needed && connection.mayHaveAuthenticated()) {
                logout(); // not again after the application's own logout: nothing was verified since
            }
        } catch (EidException | RuntimeException e) {
            // A card that cannot log out is reset as the connection closes; nothing stays verified.
        } finally {
            connection.close();
        }
    }
}
