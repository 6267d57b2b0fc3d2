package io.github.eid4j.jca;

import io.github.eid4j.card.CardIdentity;
import io.github.eid4j.card.EidCard;
import io.github.eid4j.card.KeyEntry;
import io.github.eid4j.card.KeyPurpose;
import io.github.eid4j.card.OneTimePin;
import io.github.eid4j.card.PinCallback;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.ref.WeakReference;
import java.security.Key;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.KeyStoreSpi;
import java.security.UnrecoverableEntryException;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.Date;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.security.auth.callback.CallbackHandler;
import io.github.eid4j.card.PinFormatException;

/**
 * KeyStore "EID": the card's keys and certificates, read-only. Aliases: {@code authentication}
 * and {@code signature} (private-key entries with the chain end-entity, issuing CA, root as far
 * as the card holds them) and {@code ca-1}, {@code ca-2}, ... (the card's CA certificates as
 * trusted entries, in the card's order; FINEID: issuing CA, then root). Aliases are matched
 * case-insensitively.
 *
 * <p>Passwords are PINs, used at once and never kept:
 * <ul>
 *   <li>the store password ({@code load(null, pin)}, {@code PasswordProtection}) is the
 *       authentication PIN (FINEID PIN1): verified on the card while loading, so the card
 *       remembers it for its session;</li>
 *   <li>{@code CallbackHandlerProtection} (or {@code load(null, null)}: the provider's handler)
 *       asks for PINs when the card needs them;</li>
 *   <li>a key password is the PIN of that key: for {@code authentication} it is verified at
 *       once; for {@code signature} it is verified at once and answers the card's request for
 *       the next signature made with the returned key object, then it is wiped (later signatures
 *       ask through the handler). Tools such as jarsigner pass the store password as the key
 *       password when none is given; that very array is recognised and refused for the
 *       signature key (UnrecoverableKeyException, so jarsigner asks for the key password)
 *       instead of spending a PIN2 try on PIN1.</li>
 * </ul>
 */
final class CardKeyStore extends KeyStoreSpi {
    static final String AUTHENTICATION = "authentication";
    static final String SIGNATURE = "signature";
    private static final String READ_ONLY = "The EID key store is read-only: its keys and certificates live on the card.";

    private final CardSession session;
    private final Map<String, Object> entries = new LinkedHashMap<>(); // alias -> KeyAlias or X509Certificate
    private CardIdentity owner;
    private CallbackHandler handler; // from CallbackHandlerProtection, else the provider's
    /** The store password array itself, never its content: to recognise it when a tool passes it again as key password. */
    private WeakReference<char[]> storePassword = new WeakReference<>(null);

    private record KeyAlias(KeyEntry key, X509Certificate[] chain) {
    }

    CardKeyStore(CardSession session) {
        this.session = session;
    }

    // ---- loading

    @Override
    public void engineLoad(InputStream stream, char[] password) throws IOException {
        if (stream != null) {
            throw new IOException("The EID key store lives on the card: load it with a null stream (keytool and jarsigner: -keystore NONE).");
        }
        load(password, null);
    }

    @Override
    public void engineLoad(KeyStore.LoadStoreParameter parameter) throws IOException {
        KeyStore.ProtectionParameter protection = parameter == null ? null : parameter.getProtectionParameter();
        if (protection == null) {
            load(null, null);
        } else if (protection instanceof KeyStore.PasswordProtection p) {
            load(p.getPassword(), null);
        } else if (protection instanceof KeyStore.CallbackHandlerProtection c) {
            load(null, c.getCallbackHandler());
        } else {
            throw new IllegalArgumentException("The EID key store takes a PasswordProtection (the authentication PIN) or a CallbackHandlerProtection, not a "
                    + protection.getClass().getName() + ".");
        }
    }

    private void load(char[] pin, CallbackHandler callbackHandler) throws IOException {
        entries.clear();
        owner = null;
        try {
            EidCard card = session.reopen(callbackHandler);
            owner = card.identity();
            handler = callbackHandler;
            storePassword = new WeakReference<>(pin);
            readEntries(card);
            if (pin != null && pin.length > 0) {
                verifyNow(KeyPurpose.AUTHENTICATION, pin);
            }
        } catch (Eid4jException e) {
            entries.clear();
            throw new IOException(e.getMessage(), pinFailure(e) ? unrecoverable(e) : e);
        }
    }

    private void readEntries(EidCard card) {
        List<X509Certificate> cas = card.caCertificates();
        for (KeyPurpose purpose : KeyPurpose.values()) {
            card.key(purpose).ifPresent(key -> entries.put(alias(purpose),
                    new KeyAlias(key, CertificateChains.build(key.certificate(), cas))));
        }
        for (int i = 0; i < cas.size(); i++) {
            entries.put("ca-" + (i + 1), cas.get(i));
        }
    }

    static String alias(KeyPurpose purpose) {
        return purpose == KeyPurpose.AUTHENTICATION ? AUTHENTICATION : SIGNATURE;
    }

    /** Verifies the PIN of the key for {@code purpose} with the value given, now; a wrong one costs a try. */
    private void verifyNow(KeyPurpose purpose, char[] pin) {
        OneTimePin once = null;
        try {
            KeyAlias key = keyAlias(alias(purpose));
            if (key == null) {
                return;
            }
            once = OneTimePin.only(key.key().pin(), pin.clone());
            OneTimePin given = once;
            session.use(owner, card -> {
                card.verify(key.key().pin(), given);
                return null;
            });
        } finally {
            if (once != null) {
                once.wipe();
            }
        }
    }

    private static boolean pinFailure(Eid4jException e) {
        return e instanceof PinIncorrectException || e instanceof PinBlockedException || e instanceof PinEntryCancelledException
                || e.getCause() instanceof PinFormatException;
    }

    /** What the JCA expects for a wrong password: KeyStore.Builder asks again on it, jarsigner prompts. */
    private static UnrecoverableKeyException unrecoverable(Eid4jException e) {
        UnrecoverableKeyException u = new UnrecoverableKeyException(e.getMessage());
        u.initCause(e);
        return u;
    }

    // ---- keys

    @Override
    public Key engineGetKey(String alias, char[] password) throws UnrecoverableKeyException {
        KeyAlias key = keyAlias(alias);
        if (key == null) {
            return null;
        }
        return key(key, password, null);
    }

    @Override
    public KeyStore.Entry engineGetEntry(String alias, KeyStore.ProtectionParameter protection)
            throws KeyStoreException, UnrecoverableEntryException {
        Object entry = entries.get(normal(alias));
        if (entry instanceof X509Certificate ca) {
            return new KeyStore.TrustedCertificateEntry(ca);
        }
        if (entry == null) {
            return null;
        }
        KeyAlias key = (KeyAlias) entry;
        Eid4jPrivateKey privateKey;
        if (protection == null) {
            privateKey = key(key, null, null);
        } else if (protection instanceof KeyStore.PasswordProtection p) {
            privateKey = key(key, p.getPassword(), null);
        } else if (protection instanceof KeyStore.CallbackHandlerProtection c) {
            privateKey = key(key, null, c.getCallbackHandler());
        } else {
            throw new KeyStoreException("The EID key store takes a PasswordProtection (the key's PIN) or a CallbackHandlerProtection.");
        }
        return new KeyStore.PrivateKeyEntry(privateKey, key.chain().clone());
    }

    /**
     * A key object. With a password (the key's PIN) the PIN is checked now; for the signature key
     * it also answers the next signature of this object.
     */
    private Eid4jPrivateKey key(KeyAlias key, char[] password, CallbackHandler entryHandler) throws UnrecoverableKeyException {
        CallbackHandler explicit = entryHandler != null ? entryHandler : handler;
        PinCallback pins = new CallbackPins(explicit != null ? () -> explicit : session::callbackHandler);
        KeyEntry entry = key.key();
        if (password == null || password.length == 0) {
            return Eid4jPrivateKey.of(session, owner, entry, pins, null);
        }
        boolean storePasswordAgain = password == storePassword.get();
        if (entry.purpose() == KeyPurpose.AUTHENTICATION) {
            if (!storePasswordAgain) { // the store password was verified while loading
                verifyKeyPin(entry, password);
            }
            return Eid4jPrivateKey.of(session, owner, entry, pins, null);
        }
        if (storePasswordAgain) {
            throw new UnrecoverableKeyException("The password of the '" + SIGNATURE + "' key is " + entry.pin().displayName()
                    + ", not the store password; give it as the key password (jarsigner: -keypass).");
        }
        verifyKeyPin(entry, password);
        OneTimePin next = new OneTimePin(entry.pin(), password.clone(), pins);
        return Eid4jPrivateKey.of(session, owner, entry, pins, next);
    }

    private void verifyKeyPin(KeyEntry entry, char[] password) throws UnrecoverableKeyException {
        try {
            verifyNow(entry.purpose(), password);
        } catch (Eid4jException e) {
            if (pinFailure(e)) {
                throw unrecoverable(e);
            }
            throw e;
        }
    }

    @Override
    public boolean engineEntryInstanceOf(String alias, Class<? extends KeyStore.Entry> entryClass) {
        Object entry = entries.get(normal(alias));
        return entry instanceof KeyAlias ? entryClass == KeyStore.PrivateKeyEntry.class
                : entry != null && entryClass == KeyStore.TrustedCertificateEntry.class;
    }

    // ---- certificates and aliases

    @Override
    public Certificate[] engineGetCertificateChain(String alias) {
        KeyAlias key = keyAlias(alias);
        return key == null ? null : key.chain().clone();
    }

    @Override
    public Certificate engineGetCertificate(String alias) {
        Object entry = entries.get(normal(alias));
        return entry instanceof KeyAlias key ? key.chain()[0] : (Certificate) entry;
    }

    @Override
    public String engineGetCertificateAlias(Certificate certificate) {
        for (Map.Entry<String, Object> e : entries.entrySet()) {
            if (certificate.equals(engineGetCertificate(e.getKey()))) {
                return e.getKey();
            }
        }
        return null;
    }

    /** The card does not record when a key was made; the certificate's start date stands for it. */
    @Override
    public Date engineGetCreationDate(String alias) {
        X509Certificate certificate = (X509Certificate) engineGetCertificate(alias);
        return certificate == null ? null : certificate.getNotBefore();
    }

    @Override
    public Enumeration<String> engineAliases() {
        return Collections.enumeration(List.copyOf(entries.keySet()));
    }

    @Override
    public boolean engineContainsAlias(String alias) {
        return entries.containsKey(normal(alias));
    }

    @Override
    public int engineSize() {
        return entries.size();
    }

    @Override
    public boolean engineIsKeyEntry(String alias) {
        return keyAlias(alias) != null;
    }

    @Override
    public boolean engineIsCertificateEntry(String alias) {
        return entries.get(normal(alias)) instanceof X509Certificate;
    }

    private KeyAlias keyAlias(String alias) {
        Object entry = entries.get(normal(alias));
        return entry instanceof KeyAlias key ? key : null;
    }

    private static String normal(String alias) {
        return alias == null ? null : alias.toLowerCase(Locale.ROOT);
    }

    // ---- read-only

    @Override
    public void engineSetKeyEntry(String alias, Key key, char[] password, Certificate[] chain) throws KeyStoreException {
        throw new KeyStoreException(READ_ONLY);
    }

    @Override
    public void engineSetKeyEntry(String alias, byte[] key, Certificate[] chain) throws KeyStoreException {
        throw new KeyStoreException(READ_ONLY);
    }

    @Override
    public void engineSetCertificateEntry(String alias, Certificate cert) throws KeyStoreException {
        throw new KeyStoreException(READ_ONLY);
    }

    @Override
    public void engineDeleteEntry(String alias) throws KeyStoreException {
        throw new KeyStoreException(READ_ONLY);
    }

    @Override
    public void engineSetEntry(String alias, KeyStore.Entry entry, KeyStore.ProtectionParameter protection) throws KeyStoreException {
        throw new KeyStoreException(READ_ONLY);
    }

    @Override
    public void engineStore(OutputStream stream, char[] password) {
        throw new UnsupportedOperationException(READ_ONLY);
    }

    @Override
    public void engineStore(KeyStore.LoadStoreParameter parameter) {
        throw new UnsupportedOperationException(READ_ONLY);
    }
}
