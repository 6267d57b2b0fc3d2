package io.github.eid4j.pkcs11;

import io.github.eid4j.card.PinPad;
import java.util.List;

/**
 * The PKCS#11 entry layer: the functions, one method per function with the C parameters as FFM
 * passes them (CK_ULONG as long, pointers as zero-length segments, CK_BBOOL as byte), in one
 * class per chapter of the specification, as OpenSC splits its own: {@link GeneralFunctions}
 * (general purpose, slots and tokens), {@link SessionFunctions} (sessions and login),
 * {@link ObjectFunctions} (objects) and {@link CryptoFunctions} (signing, decryption, digests,
 * key derivation, random numbers). Each checks its arguments and the session's state as the
 * specification says and returns a CKR_ value; a {@link CkrException} thrown anywhere below
 * becomes its return value ({@link FunctionTable}). The card's errors become CKR_ values where
 * the card is called ({@link Card}); outputs follow PKCS#11's length convention in one place
 * ({@link Output}).
 *
 * <p>This class holds what the chapters share: the module between C_Initialize and C_Finalize.
 */
final class Cryptoki {
    private final ModuleConfig config;
    private final Object lifecycle = new Object();
    private final List<Object> chapters;
    private volatile Module module;
    /** The PIN dialog, if it can be shown here (found at C_Initialize), else null. */
    private volatile PinDialogProgram pinDialog;

    Cryptoki(ModuleConfig config) {
        this.config = config;
        this.chapters = List.of(new GeneralFunctions(this), new SessionFunctions(this), new ObjectFunctions(this),
                new CryptoFunctions(this));
    }

    /** The objects whose methods are the PKCS#11 functions, one per chapter. */
    List<Object> chapters() {
        return chapters;
    }

    ModuleConfig config() {
        return config;
    }

    /** The module between C_Initialize and C_Finalize, or CKR_CRYPTOKI_NOT_INITIALIZED. */
    Module module() {
        Module m = module;
        if (m == null) {
            throw new CkrException(Ck.CKR_CRYPTOKI_NOT_INITIALIZED);
        }
        return m;
    }

    /**
     * The module's PIN dialog, or null where it cannot be shown (no display): tokens then have
     * no protected authentication path and the application asks for the PIN.
     */
    PinDialogProgram pinDialog() {
        return pinDialog;
    }

    /** The PIN pad of the token's reader, which waits as long as the dialog would, or null. */
    PinPad pinPad(Token token) {
        return token.card().pinPad(config.pinDialogTimeout()).orElse(null);
    }

    /**
     * Whether the token has PKCS#11's protected authentication path (C_Login takes a NULL PIN):
     * its reader has a PIN pad, or the module's dialog can be shown.
     */
    boolean hasProtectedPath(Token token) {
        return pinDialog != null || pinPad(token) != null;
    }

    /**
     * Before a card operation with a token's key: the token logged in, or else, where the token
     * asks for its PIN at use ({@link Token#asksPinAtUse()}), the module's dialog asks now and the
     * token stays logged in as after C_Login; otherwise CKR_USER_NOT_LOGGED_IN.
     */
    void requireLogin(Token token) {
        if (token.isLoggedIn()) {
            return;
        }
        CkrException.require(token.asksPinAtUse(), Ck.CKR_USER_NOT_LOGGED_IN);
        token.logInOnce(() -> DialogLogin.verify(token, pinDialog, pinPad(token), false));
    }

    /** C_Initialize: opens the module, once. */
    long initialize() {
        synchronized (lifecycle) {
            if (module != null) {
                return Ck.CKR_CRYPTOKI_ALREADY_INITIALIZED;
            }
            if (config.debug()) {
                Log.enableDebug();
            }
            pinDialog = PinDialogProgram.find(config, System.getenv());
            // The configured CAN first; else the dialog asks for it, where there is one.
            module = Module.open(config, pinDialog == null ? config.canAnswers() : DialogLogin.canAnswers(config.canAnswers(), pinDialog),
                    config.authenticationOnly() && pinDialog != null);
            return Ck.CKR_OK;
        }
    }

    /** C_Finalize: closes the module once it is open and {@code argumentsCheck} passed. */
    long end(Runnable argumentsCheck) {
        synchronized (lifecycle) {
            Module m = module();
            argumentsCheck.run();
            module = null;
            m.close();
            return Ck.CKR_OK;
        }
    }

    /** A function this module does not have: PKCS#11's stub, which still needs C_Initialize first. */
    long notSupported() {
        module();
        return Ck.CKR_FUNCTION_NOT_SUPPORTED;
    }
}
