package io.github.eid4j.card.pkcs11bridge;

import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import com.sun.jna.ptr.NativeLongByReference;
import io.github.eid4j.apdu.HashAlgorithm;
import io.github.eid4j.card.BlockedPinException;
import io.github.eid4j.card.CancelledPinEntryException;
import io.github.eid4j.card.CardAccessException;
import io.github.eid4j.card.CardIdentity;
import io.github.eid4j.card.EidCard;
import io.github.eid4j.card.EidException;
import io.github.eid4j.card.KeyEntry;
import io.github.eid4j.card.KeyPurpose;
import io.github.eid4j.card.PinCallback;
import io.github.eid4j.card.PinChangeRequiredException;
import io.github.eid4j.card.PinFormatException;
import io.github.eid4j.card.PinInfo;
import io.github.eid4j.card.PinRequest;
import io.github.eid4j.card.PinStatus;
import io.github.eid4j.card.SignatureScheme;
import io.github.eid4j.card.WrongPinException;
import io.github.eid4j.card.iso.PinFlows;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * A token of a PKCS#11 module as the token model's card: its keys and certificates
 * ({@link TokenObjects}), its user PIN and its SO PIN (the PUK that unblocks the user PIN
 * through C_InitPIN), their state from the token flags, and sign, decrypt and ECDH through the
 * module. It keeps one session (a new one when a refused login left an operation active in it);
 * each operation runs as one call on the module's thread, the PIN asked first on the caller's
 * thread (a dialog must not hold the module). A key with
 * CKA_ALWAYS_AUTHENTICATE gets its context-specific login, and a token with a protected
 * authentication path (a PIN pad, the vendor's own dialog) is never asked for a PIN here.
 */
final class Pkcs11Token implements EidCard {
    /** A PIN pad or the vendor's dialog waits for a person: longer than a card's answer. */
    private static final Duration PROTECTED_PATH_LIMIT = Duration.ofMinutes(5);
    private static final String UNBLOCK = "unblock it with 'eid unblock' and the token's PUK (its SO PIN).";

    private final Pkcs11Module module;
    private final NativeLong slot;
    /** Touched on the module's thread only, where {@link #renewSession()} replaces it. */
    private NativeLong session;
    private final CardIdentity identity;
    private final TokenObjects objects;
    private final PinInfo pin;
    private final PinInfo puk;
    private final boolean protectedPath;
    private final Structs.TokenInfo opened;
    private volatile long changesSeen;
    private boolean closed;

    private Pkcs11Token(Pkcs11Module module, NativeLong slot, NativeLong session, Structs.TokenInfo info, TokenObjects objects, long changes) {
        this.module = module;
        this.opened = info;
        this.changesSeen = changes;
        this.slot = slot;
        this.session = session;
        this.objects = objects;
        this.identity = new CardIdentity(info.serial().isEmpty() ? info.label() : info.serial(), "PKCS#11",
                (info.manufacturer() + " " + info.model()).strip(), "token '" + info.label() + "' of PKCS#11 module " + module.name());
        this.pin = objects.pin();
        this.puk = objects.puk();
        this.protectedPath = info.has(Pkcs11Constants.CKF_PROTECTED_AUTHENTICATION_PATH);
    }

    /** Opens a session with the token in {@code slot} and reads its objects. */
    static Pkcs11Token open(Pkcs11Module module, NativeLong slot) throws EidException {
        Pkcs11Library p11 = module.library();
        NativeLong session = module.call("C_OpenSession", () -> openSession(module, slot));
        try {
            // Counted before the token is read: a change after this is one this token must check.
            long changes = module.presence().changes(slot);
            Structs.TokenInfo info = module.call("C_GetTokenInfo", () -> tokenInfo(module, slot));
            TokenObjects objects = module.call("C_FindObjects", () -> TokenObjects.read(module, slot, session, info));
            return new Pkcs11Token(module, slot, session, info, objects, changes);
        } catch (EidException | RuntimeException e) {
            module.call("C_CloseSession", () -> p11.C_CloseSession(session));
            throw e;
        }
    }

    private static NativeLong openSession(Pkcs11Module module, NativeLong slot) throws EidException {
        Pkcs11Library p11 = module.library();
        NativeLongByReference handle = new NativeLongByReference();
        long flags = Pkcs11Constants.CKF_SERIAL_SESSION | Pkcs11Constants.CKF_RW_SESSION;
        long rv = p11.C_OpenSession(slot, new NativeLong(flags), null, null, handle).longValue();
        if (rv == Pkcs11Constants.CKR_TOKEN_WRITE_PROTECTED) {
            // A read-only token still signs; only PIN changes need a read/write session.
            rv = p11.C_OpenSession(slot, new NativeLong(Pkcs11Constants.CKF_SERIAL_SESSION), null, null, handle).longValue();
        }
        module.check("C_OpenSession", rv);
        return handle.getValue();
    }

    /**
     * A new session in place of this one, opened before this one closes so that the token's
     * login (one per token, not per session) stays: the way to end an operation a refused
     * context-specific login left active (SoftHSM2 keeps it, and every later call would answer
     * CKR_OPERATION_ACTIVE).
     */
    private void renewSession() throws EidException {
        NativeLong fresh = openSession(module, slot);
        module.library().C_CloseSession(session);
        session = fresh;
    }

    static Structs.TokenInfo tokenInfo(Pkcs11Module module, NativeLong slot) throws EidException {
        Memory buffer = Structs.TokenInfo.buffer();
        module.check("C_GetTokenInfo", module.library().C_GetTokenInfo(slot, buffer));
        return Structs.TokenInfo.read(buffer);
    }

    @Override
    public CardIdentity identity() {
        return identity;
    }

    @Override
    public List<KeyEntry> keys() {
        return objects.keys();
    }

    @Override
    public List<X509Certificate> caCertificates() {
        return objects.caCertificates();
    }

    @Override
    public List<PinInfo> pins() {
        return List.of(pin, puk);
    }

    @Override
    public PinStatus status(PinInfo which) throws EidException {
        return TokenFlags.status(which == puk, call("C_GetTokenInfo", () -> tokenInfo(module, slot)).flags());
    }

    @Override
    public boolean needsActivation() throws EidException {
        return !call("C_GetTokenInfo", () -> tokenInfo(module, slot)).has(Pkcs11Constants.CKF_USER_PIN_INITIALIZED);
    }

    @Override
    public byte[] sign(KeyEntry key, SignatureScheme scheme, HashAlgorithm hash, byte[] digest, PinCallback pins) throws EidException {
        if (!key.canSign(scheme)) {
            throw new EidException("The " + key + " of " + identity.location() + " does not make " + scheme + " signatures.");
        }
        Memory mechanism;
        byte[] input = digest;
        switch (scheme) {
            case RSA_PKCS1:
                mechanism = Structs.mechanism(Pkcs11Constants.CKM_RSA_PKCS, null);
                input = hash == null ? digest : hash.digestInfo(digest);
                break;
            case RSA_PSS:
                mechanism = Structs.mechanism(Pkcs11Constants.CKM_RSA_PKCS_PSS, Mechanisms.pss(hash));
                break;
            default:
                mechanism = Structs.mechanism(Pkcs11Constants.CKM_ECDSA, null);
        }
        byte[] data = input;
        Pkcs11Library p11 = module.library();
        return withKey(key, pins, "C_Sign", (handle, pinBytes) -> {
            module.check("C_SignInit", p11.C_SignInit(session, mechanism, handle));
            contextLogin(handle, pinBytes);
            return output("C_Sign", (out, length) -> p11.C_Sign(session, data, new NativeLong(data.length), out, length));
        });
    }

    @Override
    public byte[] decrypt(KeyEntry key, byte[] cryptogram, PinCallback pins) throws EidException {
        if (!key.canDecrypt()) {
            throw new EidException("The " + key + " of " + identity.location() + " does not decrypt.");
        }
        Pkcs11Library p11 = module.library();
        return withKey(key, pins, "C_Decrypt", (handle, pinBytes) -> {
            module.check("C_DecryptInit", p11.C_DecryptInit(session, Structs.mechanism(Pkcs11Constants.CKM_RSA_PKCS, null), handle));
            contextLogin(handle, pinBytes);
            return output("C_Decrypt", (out, length) -> p11.C_Decrypt(session, cryptogram, new NativeLong(cryptogram.length), out, length));
        });
    }

    @Override
    public byte[] deriveEcdh(KeyEntry key, byte[] peerPoint, PinCallback pins) throws EidException {
        if (!key.canDerive()) {
            throw new EidException("The " + key + " of " + identity.location() + " does not agree keys.");
        }
        int secretLength = (((ECPublicKey) key.publicKey()).getParams().getCurve().getField().getFieldSize() + 7) / 8;
        Pkcs11Library p11 = module.library();
        return withKey(key, pins, "C_DeriveKey", (handle, pinBytes) -> {
            Memory mechanism = Structs.mechanism(Pkcs11Constants.CKM_ECDH1_DERIVE, Structs.ecdhParameters(Structs.bytes(peerPoint)));
            Template secret = new Template().with(Pkcs11Constants.CKA_CLASS, Pkcs11Constants.CKO_SECRET_KEY)
                    .with(Pkcs11Constants.CKA_KEY_TYPE, Pkcs11Constants.CKK_GENERIC_SECRET).with(Pkcs11Constants.CKA_TOKEN, false)
                    .with(Pkcs11Constants.CKA_SENSITIVE, false).with(Pkcs11Constants.CKA_EXTRACTABLE, true)
                    .with(Pkcs11Constants.CKA_VALUE_LEN, secretLength);
            NativeLongByReference derived = new NativeLongByReference();
            module.check("C_DeriveKey", p11.C_DeriveKey(session, mechanism, handle, secret.array(), new NativeLong(secret.size()), derived));
            try {
                return TokenObjects.attributes(module, session, derived.getValue(), Pkcs11Constants.CKA_VALUE)[0];
            } finally {
                p11.C_DestroyObject(session, derived.getValue());
            }
        });
    }

    @Override
    public synchronized void verify(PinInfo which, PinCallback pins) throws EidException {
        byte[] value = askCurrent(which, pins);
        try {
            call("C_Login", () -> {
                module.library().C_Logout(session);
                login(Pkcs11Constants.CKU_USER, value, which);
                return null;
            }, limit());
        } finally {
            wipe(value);
        }
    }

    @Override
    public synchronized void changePin(PinInfo which, PinCallback pins) throws EidException {
        if (which != pin) {
            throw new EidException("Only the user PIN of " + identity.location() + " can be changed here; change " + which.label()
                    + " with the token's own tool.");
        }
        byte[] current = askCurrent(which, pins);
        byte[] fresh = null;
        try {
            fresh = ascii(PinFlows.askNew(which, pins));
            byte[] chosen = fresh;
            call("C_SetPIN", () -> {
                long rv = module.library().C_SetPIN(session, current, length(current), chosen, length(chosen)).longValue();
                if (rv == Pkcs11Constants.CKR_PIN_INVALID || rv == Pkcs11Constants.CKR_PIN_LEN_RANGE) {
                    throw new PinFormatException("The token refused the new " + which.label() + "; it must be " + which.rules() + ".");
                }
                pinResult(rv, "C_SetPIN", which);
                return null;
            }, limit());
        } finally {
            wipe(current);
            wipe(fresh);
        }
    }

    @Override
    public synchronized void unblockPin(PinInfo which, PinCallback pins) throws EidException {
        if (which != pin) {
            throw new EidException("Only the user PIN of " + identity.location() + " can be unblocked.");
        }
        byte[] code = ask(puk, PinRequest.Step.PUK, pins);
        byte[] fresh = null;
        try {
            fresh = ascii(PinFlows.askNew(which, pins));
            byte[] chosen = fresh;
            call("C_InitPIN", () -> {
                Pkcs11Library p11 = module.library();
                p11.C_Logout(session);
                login(Pkcs11Constants.CKU_SO, code, puk);
                try {
                    module.check("C_InitPIN", p11.C_InitPIN(session, chosen, length(chosen)));
                } finally {
                    p11.C_Logout(session);
                }
                return null;
            }, limit());
        } finally {
            wipe(code);
            wipe(fresh);
        }
    }

    @Override
    public void activate(PinCallback pins) throws EidException {
        throw new EidException("The first PINs of " + identity.location() + " are set with its vendor's own tool.");
    }

    @Override
    public synchronized void logout() throws EidException {
        call("C_Logout", () -> {
            long rv = module.library().C_Logout(session).longValue();
            if (rv != Pkcs11Constants.CKR_USER_NOT_LOGGED_IN) {
                module.check("C_Logout", rv);
            }
            return null;
        });
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            module.call("C_CloseSession", () -> {
                Pkcs11Library p11 = module.library();
                p11.C_Logout(session);
                return p11.C_CloseSession(session);
            });
        } catch (EidException e) {
            // The token is being let go: a module that no longer answers keeps what it has.
        } finally {
            module.release();
        }
    }

    /** Work on the module's thread with a private key found by its CKA_ID, the user logged in. */
    @FunctionalInterface
    private interface KeyWork {
        byte[] run(NativeLong key, byte[] pin) throws EidException;
    }

    /**
     * Logs in when the key needs it (the signature key: before every use, as on our own cards),
     * with the PIN asked here, then runs {@code work} with the key, all in one module call.
     */
    private synchronized byte[] withKey(KeyEntry key, PinCallback pins, String function, KeyWork work) throws EidException {
        Pkcs11Library p11 = module.library();
        boolean loggedIn = call("C_GetSessionInfo", this::loggedIn);
        boolean fresh = key.purpose() == KeyPurpose.SIGNATURE || !loggedIn;
        byte[] value = fresh ? askCurrent(pin, pins) : null;
        try {
            return call(function, () -> {
                if (!loggedIn) {
                    login(Pkcs11Constants.CKU_USER, value, pin);
                }
                NativeLong handle = objects.privateKey(session, key);
                if (fresh && loggedIn && !objects.alwaysAuthenticate(session, handle)) {
                    // Without CKA_ALWAYS_AUTHENTICATE only a new login proves the PIN was given for this use.
                    p11.C_Logout(session);
                    login(Pkcs11Constants.CKU_USER, value, pin);
                    handle = objects.privateKey(session, key);
                }
                return work.run(handle, value);
            }, fresh ? limit() : null);
        } finally {
            wipe(value);
        }
    }

    /** The login CKA_ALWAYS_AUTHENTICATE asks for after the operation's init (PKCS#11 v2.40 §4.9). */
    private void contextLogin(NativeLong key, byte[] value) throws EidException {
        if (objects.alwaysAuthenticate(session, key)) {
            try {
                login(Pkcs11Constants.CKU_CONTEXT_SPECIFIC, value, pin);
            } catch (EidException | RuntimeException e) {
                renewSession();
                throw e;
            }
        }
    }

    private boolean loggedIn() throws EidException {
        Memory info = Structs.sessionInfoBuffer();
        module.check("C_GetSessionInfo", module.library().C_GetSessionInfo(session, info));
        long state = Structs.sessionState(info);
        return state == Pkcs11Constants.CKS_RO_USER_FUNCTIONS || state == Pkcs11Constants.CKS_RW_USER_FUNCTIONS;
    }

    /** C_Login on the module's thread; a refusal becomes the token model's PIN exception. */
    private void login(long user, byte[] value, PinInfo which) throws EidException {
        long rv = module.library().C_Login(session, new NativeLong(user), value, length(value)).longValue();
        if (rv != Pkcs11Constants.CKR_USER_ALREADY_LOGGED_IN) {
            pinResult(rv, "C_Login", which);
        }
    }

    /** The token model's exception for what a function that checks a PIN answered. */
    private void pinResult(long rv, String function, PinInfo which) throws EidException {
        if (rv == Pkcs11Constants.CKR_OK) {
            return;
        }
        boolean so = which == puk;
        String remedy = so ? null : UNBLOCK;
        if (rv == Pkcs11Constants.CKR_PIN_INCORRECT) {
            long flags = tokenInfo(module, slot).flags();
            if (flags != 0 && TokenFlags.locked(so, flags)) {
                throw new BlockedPinException(which.label(), remedy);
            }
            throw new WrongPinException(which.label(), TokenFlags.triesLeft(so, flags));
        }
        if (rv == Pkcs11Constants.CKR_PIN_LOCKED) {
            throw new BlockedPinException(which.label(), remedy);
        }
        if (rv == Pkcs11Constants.CKR_PIN_EXPIRED) {
            throw new PinChangeRequiredException();
        }
        if (rv == Pkcs11Constants.CKR_PIN_LEN_RANGE) {
            throw new PinFormatException(PinFormatException.Reason.LENGTH, which.label() + " must be " + which.rules() + ".");
        }
        if (rv == Pkcs11Constants.CKR_FUNCTION_CANCELED) {
            throw new CancelledPinEntryException();
        }
        module.check(function, rv);
    }

    /** The PIN's current value, asked with the tries left the flags tell, checked against its rules. */
    private byte[] askCurrent(PinInfo which, PinCallback pins) throws EidException {
        return ask(which, PinRequest.Step.CURRENT, pins);
    }

    private byte[] ask(PinInfo which, PinRequest.Step step, PinCallback pins) throws EidException {
        if (protectedPath) {
            return null;
        }
        long flags = call("C_GetTokenInfo", () -> tokenInfo(module, slot)).flags();
        boolean so = which == puk;
        if (TokenFlags.locked(so, flags)) {
            throw new BlockedPinException(which.label(), so ? null : UNBLOCK);
        }
        char[] typed = pins.ask(new PinRequest(which, step, TokenFlags.triesLeft(so, flags)));
        try {
            which.checkFormat(typed);
            return ascii(typed);
        } finally {
            Arrays.fill(typed, '\0');
        }
    }

    /** The PIN's digits as the module takes them; the characters are wiped. */
    private static byte[] ascii(char[] digits) {
        byte[] out = new byte[digits.length];
        for (int i = 0; i < digits.length; i++) {
            out[i] = (byte) digits[i];
        }
        Arrays.fill(digits, '\0');
        return out;
    }

    private static NativeLong length(byte[] value) {
        return new NativeLong(value == null ? 0 : value.length);
    }

    private static void wipe(byte[] value) {
        if (value != null) {
            Arrays.fill(value, (byte) 0);
        }
    }

    @FunctionalInterface
    private interface OutputCall {
        NativeLong run(byte[] out, NativeLongByReference length);
    }

    /** A function's output, with the length query of PKCS#11 v2.40 §5.2 when the first buffer is short. */
    private byte[] output(String function, OutputCall call) throws EidException {
        byte[] out = new byte[1024];
        NativeLongByReference length = new NativeLongByReference(new NativeLong(out.length));
        long rv = call.run(out, length).longValue();
        if (rv == Pkcs11Constants.CKR_BUFFER_TOO_SMALL) {
            out = new byte[(int) length.getValue().longValue()];
            rv = call.run(out, length).longValue();
        }
        module.check(function, rv);
        byte[] result = Arrays.copyOf(out, (int) length.getValue().longValue());
        wipe(out);
        return result;
    }

    private Duration limit() {
        return protectedPath ? PROTECTED_PATH_LIMIT : null;
    }

    private <T> T call(String function, io.github.eid4j.apdu.transport.CardThread.Call<T, EidException> work) throws EidException {
        return call(function, work, null);
    }

    /**
     * A call on the module's thread (null limit: the module's own); a token the module no longer
     * has is the token model's removed card, so the front ends wait for it to come back. After a
     * slot event for its slot the token first checks that it is still the one it opened.
     */
    private <T> T call(String function, io.github.eid4j.apdu.transport.CardThread.Call<T, EidException> work, Duration limit)
            throws EidException {
        if (closed) {
            throw new CardAccessException(CardAccessException.Reason.CARD_REMOVED, "The " + identity.location() + " is closed.");
        }
        long changes = module.presence().changes(slot);
        try {
            if (changes != changesSeen) {
                module.call("C_GetTokenInfo", this::stillHere);
                changesSeen = changes;
            }
            return limit == null ? module.call(function, work) : module.call(function, work, limit);
        } catch (Pkcs11Failure f) {
            long ckr = f.ckr();
            if (ckr == Pkcs11Constants.CKR_DEVICE_REMOVED || ckr == Pkcs11Constants.CKR_TOKEN_NOT_PRESENT
                    || ckr == Pkcs11Constants.CKR_SESSION_HANDLE_INVALID || ckr == Pkcs11Constants.CKR_SESSION_CLOSED
                    || ckr == Pkcs11Constants.CKR_SLOT_ID_INVALID) {
                throw removed(f);
            }
            throw f;
        }
    }

    /**
     * Throws the removed card unless this session is open and the slot holds the token it was
     * opened on: after a change in its slot, a token the module cannot describe is gone.
     */
    private Void stillHere() throws EidException {
        try {
            module.check("C_GetSessionInfo", module.library().C_GetSessionInfo(session, Structs.sessionInfoBuffer()));
            if (tokenInfo(module, slot).sameToken(opened)) {
                return null;
            }
        } catch (Pkcs11Failure f) {
            throw removed(f);
        }
        throw removed(null);
    }

    private CardAccessException removed(Exception cause) {
        return new CardAccessException(CardAccessException.Reason.CARD_REMOVED, "The " + identity.location() + " was removed.", cause);
    }

    @Override
    public String toString() {
        return identity.toString();
    }

    static boolean isRsa(X509Certificate certificate) {
        return certificate.getPublicKey() instanceof RSAPublicKey;
    }
}
