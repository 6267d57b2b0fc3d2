package io.github.eid4j.card.pkcs11bridge;

import com.sun.jna.Function;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.NativeLongByReference;
import com.sun.jna.ptr.PointerByReference;
import io.github.eid4j.card.CardAccessException;

/**
 * A module's functions reached the way PKCS#11 v2.40 §5.2 promises: C_GetFunctionList is the one
 * symbol a module must export, and its CK_FUNCTION_LIST holds the others (our own
 * libeid4j-pkcs11.so exports no other). The table is a CK_VERSION then one pointer per function,
 * in the order of pkcs11f.h; natural alignment puts the first pointer one pointer size in.
 */
final class FunctionList implements Pkcs11Library {
    // Indexes in CK_FUNCTION_LIST (pkcs11f.h).
    private static final int INITIALIZE = 0;
    private static final int FINALIZE = 1;
    private static final int GET_SLOT_LIST = 4;
    private static final int GET_SLOT_INFO = 5;
    private static final int GET_TOKEN_INFO = 6;
    private static final int GET_MECHANISM_LIST = 7;
    private static final int INIT_PIN = 10;
    private static final int SET_PIN = 11;
    private static final int OPEN_SESSION = 12;
    private static final int CLOSE_SESSION = 13;
    private static final int GET_SESSION_INFO = 15;
    private static final int LOGIN = 18;
    private static final int LOGOUT = 19;
    private static final int DESTROY_OBJECT = 22;
    private static final int GET_ATTRIBUTE_VALUE = 24;
    private static final int FIND_OBJECTS_INIT = 26;
    private static final int FIND_OBJECTS = 27;
    private static final int FIND_OBJECTS_FINAL = 28;
    private static final int DECRYPT_INIT = 33;
    private static final int DECRYPT = 34;
    private static final int SIGN_INIT = 42;
    private static final int SIGN = 43;
    private static final int DERIVE_KEY = 62;
    private static final int WAIT_FOR_SLOT_EVENT = 67;

    /** Held for as long as the table is used: JNA unloads a library no one references, and the table with it. */
    private final NativeLibrary library;
    private final Pointer table;

    private FunctionList(NativeLibrary library, Pointer table) {
        this.library = library;
        this.table = table;
    }

    /**
     * The functions of the module in {@code file}, which stays loaded.
     *
     * @throws CardAccessException SERVICE_NOT_RUNNING if the file cannot be loaded or is no PKCS#11 module
     */
    static FunctionList load(String file) throws CardAccessException {
        NativeLibrary library;
        Function getFunctionList;
        try {
            library = NativeLibrary.getInstance(file);
        } catch (UnsatisfiedLinkError e) {
            throw new CardAccessException(CardAccessException.Reason.SERVICE_NOT_RUNNING,
                    "The PKCS#11 module " + file + " cannot be loaded (" + firstLine(e.getMessage()) + ").", e);
        }
        try {
            getFunctionList = library.getFunction("C_GetFunctionList");
        } catch (UnsatisfiedLinkError e) {
            throw new CardAccessException(CardAccessException.Reason.SERVICE_NOT_RUNNING,
                    file + " is not a PKCS#11 module: it has no C_GetFunctionList.", e);
        }
        PointerByReference list = new PointerByReference();
        long rv = ((NativeLong) getFunctionList.invoke(NativeLong.class, new Object[] {list})).longValue();
        if (rv != Pkcs11Constants.CKR_OK || list.getValue() == null) {
            throw new CardAccessException(CardAccessException.Reason.SERVICE_NOT_RUNNING, "The PKCS#11 module " + file
                    + " gave no function list (C_GetFunctionList answered " + Pkcs11Constants.name(rv) + ").");
        }
        return new FunctionList(library, list.getValue());
    }

    private NativeLong call(int index, Object... arguments) {
        Pointer address = table.getPointer((long) Native.POINTER_SIZE * (1 + index));
        if (address == null) {
            // A module may leave a function it does not have out of its table.
            return new NativeLong(Pkcs11Constants.CKR_FUNCTION_NOT_SUPPORTED);
        }
        return (NativeLong) Function.getFunction(address).invoke(NativeLong.class, arguments);
    }

    /**
     * A PIN in native memory of our own, wiped after the call: JNA would copy a byte[] argument
     * into memory it frees without wiping. Null (a protected authentication path) stays null.
     */
    private static Memory secret(byte[] value) {
        if (value == null) {
            return null;
        }
        Memory m = new Memory(Math.max(1, value.length));
        m.write(0, value, 0, value.length);
        return m;
    }

    private static void wipe(Memory secret) {
        if (secret != null) {
            secret.clear();
            secret.close();
        }
    }

    private static String firstLine(String message) {
        String m = message == null ? "unknown reason" : message.strip();
        int end = m.indexOf('\n');
        m = end < 0 ? m : m.substring(0, end);
        return m.replaceAll("[.:]+$", "");
    }

    @Override
    public NativeLong C_Initialize(Pointer initArgs) {
        return call(INITIALIZE, initArgs);
    }

    @Override
    public NativeLong C_Finalize(Pointer reserved) {
        return call(FINALIZE, reserved);
    }

    @Override
    public NativeLong C_GetSlotList(byte tokenPresent, NativeLong[] slots, NativeLongByReference count) {
        return call(GET_SLOT_LIST, tokenPresent, slots, count);
    }

    @Override
    public NativeLong C_GetSlotInfo(NativeLong slot, Pointer info) {
        return call(GET_SLOT_INFO, slot, info);
    }

    @Override
    public NativeLong C_GetTokenInfo(NativeLong slot, Pointer info) {
        return call(GET_TOKEN_INFO, slot, info);
    }

    @Override
    public NativeLong C_GetMechanismList(NativeLong slot, NativeLong[] mechanisms, NativeLongByReference count) {
        return call(GET_MECHANISM_LIST, slot, mechanisms, count);
    }

    @Override
    public NativeLong C_WaitForSlotEvent(NativeLong flags, NativeLongByReference slot, Pointer reserved) {
        return call(WAIT_FOR_SLOT_EVENT, flags, slot, reserved);
    }

    @Override
    public NativeLong C_OpenSession(NativeLong slot, NativeLong flags, Pointer application, Pointer notify, NativeLongByReference session) {
        return call(OPEN_SESSION, slot, flags, application, notify, session);
    }

    @Override
    public NativeLong C_CloseSession(NativeLong session) {
        return call(CLOSE_SESSION, session);
    }

    @Override
    public NativeLong C_GetSessionInfo(NativeLong session, Pointer info) {
        return call(GET_SESSION_INFO, session, info);
    }

    @Override
    public NativeLong C_Login(NativeLong session, NativeLong userType, byte[] pin, NativeLong pinLength) {
        Memory secret = secret(pin);
        try {
            return call(LOGIN, session, userType, secret, pinLength);
        } finally {
            wipe(secret);
        }
    }

    @Override
    public NativeLong C_Logout(NativeLong session) {
        return call(LOGOUT, session);
    }

    @Override
    public NativeLong C_InitPIN(NativeLong session, byte[] pin, NativeLong pinLength) {
        Memory secret = secret(pin);
        try {
            return call(INIT_PIN, session, secret, pinLength);
        } finally {
            wipe(secret);
        }
    }

    @Override
    public NativeLong C_SetPIN(NativeLong session, byte[] oldPin, NativeLong oldLength, byte[] newPin, NativeLong newLength) {
        Memory current = secret(oldPin);
        Memory chosen = secret(newPin);
        try {
            return call(SET_PIN, session, current, oldLength, chosen, newLength);
        } finally {
            wipe(current);
            wipe(chosen);
        }
    }

    @Override
    public NativeLong C_FindObjectsInit(NativeLong session, Pointer template, NativeLong count) {
        return call(FIND_OBJECTS_INIT, session, template, count);
    }

    @Override
    public NativeLong C_FindObjects(NativeLong session, NativeLong[] objects, NativeLong max, NativeLongByReference count) {
        return call(FIND_OBJECTS, session, objects, max, count);
    }

    @Override
    public NativeLong C_FindObjectsFinal(NativeLong session) {
        return call(FIND_OBJECTS_FINAL, session);
    }

    @Override
    public NativeLong C_GetAttributeValue(NativeLong session, NativeLong object, Pointer template, NativeLong count) {
        return call(GET_ATTRIBUTE_VALUE, session, object, template, count);
    }

    @Override
    public NativeLong C_DestroyObject(NativeLong session, NativeLong object) {
        return call(DESTROY_OBJECT, session, object);
    }

    @Override
    public NativeLong C_SignInit(NativeLong session, Pointer mechanism, NativeLong key) {
        return call(SIGN_INIT, session, mechanism, key);
    }

    @Override
    public NativeLong C_Sign(NativeLong session, byte[] data, NativeLong dataLength, byte[] signature, NativeLongByReference signatureLength) {
        return call(SIGN, session, data, dataLength, signature, signatureLength);
    }

    @Override
    public NativeLong C_DecryptInit(NativeLong session, Pointer mechanism, NativeLong key) {
        return call(DECRYPT_INIT, session, mechanism, key);
    }

    @Override
    public NativeLong C_Decrypt(NativeLong session, byte[] cryptogram, NativeLong length, byte[] data, NativeLongByReference dataLength) {
        return call(DECRYPT, session, cryptogram, length, data, dataLength);
    }

    @Override
    public NativeLong C_DeriveKey(NativeLong session, Pointer mechanism, NativeLong baseKey, Pointer template, NativeLong count,
            NativeLongByReference key) {
        return call(DERIVE_KEY, session, mechanism, baseKey, template, count, key);
    }
}
