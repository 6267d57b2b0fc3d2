package io.github.eid4j.pkcs11;

import static io.github.eid4j.pkcs11.Layouts.CK_ATTRIBUTE;
import static io.github.eid4j.pkcs11.Layouts.CK_INFO;
import static io.github.eid4j.pkcs11.Layouts.CK_MECHANISM;
import static io.github.eid4j.pkcs11.Layouts.CK_MECHANISM_INFO;
import static io.github.eid4j.pkcs11.Layouts.CK_SESSION_INFO;
import static io.github.eid4j.pkcs11.Layouts.CK_SLOT_INFO;
import static io.github.eid4j.pkcs11.Layouts.CK_TOKEN_INFO;
import static io.github.eid4j.pkcs11.Layouts.offset;
import static io.github.eid4j.pkcs11.Native.isNull;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import io.github.eid4j.card.EidException;
import io.github.eid4j.card.PinInfo;
import io.github.eid4j.card.PinRequest;
import java.lang.foreign.MemorySegment;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The PKCS#11 functions, one method per function with the C parameters as FFM passes them
 * (CK_ULONG as long, pointers as zero-length segments, CK_BBOOL as byte). Each checks its
 * arguments as the specification says and returns a CKR_ value; a {@link CkrException} thrown
 * anywhere below becomes its return value ({@link FunctionTable}). Functions not written here
 * answer CKR_FUNCTION_NOT_SUPPORTED ({@link #notSupported}).
 */
final class Cryptoki {
    private static final int LIBRARY_MAJOR = 0;
    private static final int LIBRARY_MINOR = 1;

    private final ModuleConfig config;
    private final Object lifecycle = new Object();
    private final SecureRandom random = new SecureRandom();
    private volatile Module module;

    Cryptoki(ModuleConfig config) {
        this.config = config;
    }

    /** The module between C_Initialize and C_Finalize, or CKR_CRYPTOKI_NOT_INITIALIZED. */
    private Module module() {
        Module m = module;
        if (m == null) {
            throw new CkrException(Ck.CKR_CRYPTOKI_NOT_INITIALIZED);
        }
        return m;
    }

    private static void require(boolean condition, long rv) {
        if (!condition) {
            throw new CkrException(rv);
        }
    }

    // ---- general purpose

    /** A function this module does not have: PKCS#11's stub, which still needs C_Initialize first. */
    long notSupported() {
        module();
        return Ck.CKR_FUNCTION_NOT_SUPPORTED;
    }

    /**
     * pInitArgs was checked by the C bootstrap before it started anything (module.c): its rules on
     * threads and locks decide whether a JVM may start at all.
     */
    long C_Initialize(MemorySegment pInitArgs) {
        synchronized (lifecycle) {
            if (module != null) {
                return Ck.CKR_CRYPTOKI_ALREADY_INITIALIZED;
            }
            if (config.debug()) {
                Log.enableDebug();
            }
            module = Module.open(config);
            return Ck.CKR_OK;
        }
    }

    long C_Finalize(MemorySegment pReserved) {
        synchronized (lifecycle) {
            Module m = module();
            require(isNull(pReserved), Ck.CKR_ARGUMENTS_BAD);
            module = null;
            m.close();
            return Ck.CKR_OK;
        }
    }

    long C_GetInfo(MemorySegment pInfo) {
        module();
        require(!isNull(pInfo), Ck.CKR_ARGUMENTS_BAD);
        MemorySegment info = Native.struct(pInfo, CK_INFO);
        Native.putVersion(info, offset(CK_INFO, "cryptokiVersion"), 2, 40);
        Native.putText(info, offset(CK_INFO, "manufacturerID"), 32, "eid4j");
        Native.putULong(info, offset(CK_INFO, "flags"), 0);
        Native.putText(info, offset(CK_INFO, "libraryDescription"), 32, "eid4j PKCS#11 module");
        Native.putVersion(info, offset(CK_INFO, "libraryVersion"), LIBRARY_MAJOR, LIBRARY_MINOR);
        return Ck.CKR_OK;
    }

    // ---- slots and tokens

    long C_GetSlotList(byte tokenPresent, MemorySegment pSlotList, MemorySegment pulCount) {
        Module m = module();
        return Native.outputULongs(pSlotList, pulCount, m.slotIds(tokenPresent != 0));
    }

    long C_GetSlotInfo(long slotID, MemorySegment pInfo) {
        Slot slot = module().slot(slotID);
        require(!isNull(pInfo), Ck.CKR_ARGUMENTS_BAD);
        MemorySegment info = Native.struct(pInfo, CK_SLOT_INFO);
        Native.putText(info, offset(CK_SLOT_INFO, "slotDescription"), 64, slot.description());
        Native.putText(info, offset(CK_SLOT_INFO, "manufacturerID"), 32, "eid4j");
        Native.putULong(info, offset(CK_SLOT_INFO, "flags"), slot.flags());
        Native.putVersion(info, offset(CK_SLOT_INFO, "hardwareVersion"), 0, 0);
        Native.putVersion(info, offset(CK_SLOT_INFO, "firmwareVersion"), 0, 0);
        return Ck.CKR_OK;
    }

    long C_GetTokenInfo(long slotID, MemorySegment pInfo) {
        Module m = module();
        Slot slot = m.slot(slotID);
        require(!isNull(pInfo), Ck.CKR_ARGUMENTS_BAD);
        Token token = slot.requireToken();
        MemorySegment info = Native.struct(pInfo, CK_TOKEN_INFO);
        Native.putText(info, offset(CK_TOKEN_INFO, "label"), 32, token.label());
        Native.putText(info, offset(CK_TOKEN_INFO, "manufacturerID"), 32, "eid4j");
        Native.putText(info, offset(CK_TOKEN_INFO, "model"), 16, token.model());
        Native.putText(info, offset(CK_TOKEN_INFO, "serialNumber"), 16, token.serial());
        Native.putULong(info, offset(CK_TOKEN_INFO, "flags"), token.flags());
        Native.putULong(info, offset(CK_TOKEN_INFO, "ulMaxSessionCount"), Ck.CK_EFFECTIVELY_INFINITE);
        Native.putULong(info, offset(CK_TOKEN_INFO, "ulSessionCount"), m.sessionCount(slot, false));
        Native.putULong(info, offset(CK_TOKEN_INFO, "ulMaxRwSessionCount"), Ck.CK_EFFECTIVELY_INFINITE);
        Native.putULong(info, offset(CK_TOKEN_INFO, "ulRwSessionCount"), m.sessionCount(slot, true));
        Native.putULong(info, offset(CK_TOKEN_INFO, "ulMaxPinLen"), token.pin().maxLength());
        Native.putULong(info, offset(CK_TOKEN_INFO, "ulMinPinLen"), token.pin().minLength());
        for (String memory : List.of("ulTotalPublicMemory", "ulFreePublicMemory", "ulTotalPrivateMemory", "ulFreePrivateMemory")) {
            Native.putULong(info, offset(CK_TOKEN_INFO, memory), Ck.CK_UNAVAILABLE_INFORMATION);
        }
        Native.putVersion(info, offset(CK_TOKEN_INFO, "hardwareVersion"), 0, 0);
        Native.putVersion(info, offset(CK_TOKEN_INFO, "firmwareVersion"), 0, 0);
        Native.putText(info, offset(CK_TOKEN_INFO, "utcTime"), 16, ""); // no clock on the token
        return Ck.CKR_OK;
    }

    long C_GetMechanismList(long slotID, MemorySegment pMechanismList, MemorySegment pulCount) {
        Token token = module().slot(slotID).requireToken();
        java.util.stream.LongStream.Builder types = java.util.stream.LongStream.builder();
        token.mechanisms().forEach(m -> types.add(m.type()));
        if (token.derives()) {
            types.add(Ck.CKM_ECDH1_DERIVE);
        }
        DIGESTS.keySet().stream().sorted().forEach(types::add);
        return Native.outputULongs(pMechanismList, pulCount, types.build().toArray());
    }

    long C_GetMechanismInfo(long slotID, long type, MemorySegment pInfo) {
        Token token = module().slot(slotID).requireToken();
        require(!isNull(pInfo), Ck.CKR_ARGUMENTS_BAD);
        if (DIGESTS.containsKey(type)) {
            MemorySegment info = Native.struct(pInfo, CK_MECHANISM_INFO);
            Native.putULong(info, offset(CK_MECHANISM_INFO, "ulMinKeySize"), 0);
            Native.putULong(info, offset(CK_MECHANISM_INFO, "ulMaxKeySize"), 0);
            Native.putULong(info, offset(CK_MECHANISM_INFO, "flags"), Ck.CKF_DIGEST);
            return Ck.CKR_OK;
        }
        if (type == Ck.CKM_ECDH1_DERIVE && token.derives()) {
            long[] values = token.deriveInfo();
            MemorySegment info = Native.struct(pInfo, CK_MECHANISM_INFO);
            Native.putULong(info, offset(CK_MECHANISM_INFO, "ulMinKeySize"), values[0]);
            Native.putULong(info, offset(CK_MECHANISM_INFO, "ulMaxKeySize"), values[1]);
            Native.putULong(info, offset(CK_MECHANISM_INFO, "flags"), values[2]);
            return Ck.CKR_OK;
        }
        Mechanism mechanism = Mechanism.of(type).filter(token.mechanisms()::contains)
                .orElseThrow(() -> new CkrException(Ck.CKR_MECHANISM_INVALID));
        long[] values = token.mechanismInfo(mechanism);
        MemorySegment info = Native.struct(pInfo, CK_MECHANISM_INFO);
        Native.putULong(info, offset(CK_MECHANISM_INFO, "ulMinKeySize"), values[0]);
        Native.putULong(info, offset(CK_MECHANISM_INFO, "ulMaxKeySize"), values[1]);
        Native.putULong(info, offset(CK_MECHANISM_INFO, "flags"), values[2]);
        return Ck.CKR_OK;
    }

    /**
     * A slot whose token came or went (a card inserted or removed in a reader): at once with
     * CKF_DONT_BLOCK (CKR_NO_EVENT if none), else when one happens or C_Finalize ends the wait.
     */
    long C_WaitForSlotEvent(long flags, MemorySegment pSlot, MemorySegment pReserved) {
        Module m = module();
        require(!isNull(pSlot) && isNull(pReserved), Ck.CKR_ARGUMENTS_BAD);
        long slot;
        try {
            slot = m.events().take((flags & Ck.CKF_DONT_BLOCK) == 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Ck.CKR_FUNCTION_FAILED;
        }
        if (slot < 0) {
            return Ck.CKR_NO_EVENT;
        }
        Native.putULong(pSlot, slot);
        return Ck.CKR_OK;
    }

    // ---- sessions

    long C_OpenSession(long slotID, long flags, MemorySegment pApplication, MemorySegment notify, MemorySegment phSession) {
        Module m = module();
        Slot slot = m.slot(slotID);
        require(!isNull(phSession), Ck.CKR_ARGUMENTS_BAD);
        require((flags & Ck.CKF_SERIAL_SESSION) != 0, Ck.CKR_SESSION_PARALLEL_NOT_SUPPORTED);
        // Notification callbacks are optional (PKCS#11 §5.16); this module never calls one.
        Session session = m.openSession(slot, (flags & Ck.CKF_RW_SESSION) != 0);
        Native.putULong(phSession, session.handle());
        return Ck.CKR_OK;
    }

    long C_CloseSession(long hSession) {
        Module m = module();
        m.closeSession(m.session(hSession));
        return Ck.CKR_OK;
    }

    long C_CloseAllSessions(long slotID) {
        Module m = module();
        m.closeAllSessions(m.slot(slotID));
        return Ck.CKR_OK;
    }

    /** Answers from memory only: NSS polls it to see whether a token is still there. */
    long C_GetSessionInfo(long hSession, MemorySegment pInfo) {
        Session session = module().session(hSession);
        require(!isNull(pInfo), Ck.CKR_ARGUMENTS_BAD);
        MemorySegment info = Native.struct(pInfo, CK_SESSION_INFO);
        Native.putULong(info, offset(CK_SESSION_INFO, "slotID"), session.slot().id());
        Native.putULong(info, offset(CK_SESSION_INFO, "state"), session.state());
        Native.putULong(info, offset(CK_SESSION_INFO, "flags"),
                Ck.CKF_SERIAL_SESSION | (session.isReadWrite() ? Ck.CKF_RW_SESSION : 0));
        Native.putULong(info, offset(CK_SESSION_INFO, "ulDeviceError"), 0);
        return Ck.CKR_OK;
    }

    /**
     * CKU_USER verifies the token's PIN on the card; CKU_CONTEXT_SPECIFIC verifies it for the
     * signature under way and keeps it until the card has made that signature. CKU_SO takes the
     * card's PUK for C_InitPIN.
     */
    long C_Login(long hSession, long userType, MemorySegment pPin, long ulPinLen) {
        Session session = module().session(hSession);
        Token token = session.token();
        if (userType == Ck.CKU_SO) {
            return soLogin(session, pPin, ulPinLen);
        }
        if (userType != Ck.CKU_USER && userType != Ck.CKU_CONTEXT_SPECIFIC) {
            return Ck.CKR_USER_TYPE_INVALID;
        }
        // NULL would mean a PIN pad (protected authentication path), which virtual cards do not have.
        require(!isNull(pPin), Ck.CKR_ARGUMENTS_BAD);
        require(!token.isSoLoggedIn(), Ck.CKR_USER_ANOTHER_ALREADY_LOGGED_IN);
        SignOperation operation = null;
        if (userType == Ck.CKU_CONTEXT_SPECIFIC) {
            operation = session.signOrNull();
            require(operation != null, Ck.CKR_OPERATION_NOT_INITIALIZED);
        } else {
            require(!token.isLoggedIn(), Ck.CKR_USER_ALREADY_LOGGED_IN);
        }
        require(Long.compareUnsigned(ulPinLen, 4L * token.pin().maxLength()) <= 0, Ck.CKR_PIN_LEN_RANGE); // UTF-8: up to 4 bytes a character
        char[] pin = Native.pin(pPin, ulPinLen);
        try {
            checkPin(token.pin(), pin);
            try (PinOnce verification = new PinOnce(token.pin(), pin.clone())) { // closing wipes it if the card never asked
                token.card().verify(token.pin(), verification);
            }
            if (operation != null) {
                operation.contextLogin(new PinOnce(token.pin(), pin.clone()));
            } else {
                token.loggedIn();
            }
            return Ck.CKR_OK;
        } catch (EidException e) {
            throw Errors.of(e);
        } finally {
            Arrays.fill(pin, '\0');
        }
    }

    /**
     * CKU_SO: the card's PUK is the SO PIN. It is checked against the PUK's rules and kept for the
     * next C_InitPIN (which the card checks it with), not sent to the card here.
     */
    private long soLogin(Session session, MemorySegment pPin, long ulPinLen) {
        Token token = session.token();
        PinInfo unblocking = token.unblockingPin();
        require(unblocking != null, Ck.CKR_USER_TYPE_INVALID);
        require(!isNull(pPin), Ck.CKR_ARGUMENTS_BAD);
        require(!token.isLoggedIn(), Ck.CKR_USER_ANOTHER_ALREADY_LOGGED_IN);
        require(!token.isSoLoggedIn(), Ck.CKR_USER_ALREADY_LOGGED_IN);
        require(session.isReadWrite() && !module().hasReadOnlySession(token), Ck.CKR_SESSION_READ_ONLY_EXISTS);
        require(Long.compareUnsigned(ulPinLen, 4L * unblocking.maxLength()) <= 0, Ck.CKR_PIN_LEN_RANGE);
        char[] puk = Native.pin(pPin, ulPinLen);
        try {
            checkPin(unblocking, puk);
        } catch (RuntimeException e) {
            Arrays.fill(puk, '\0');
            throw e;
        }
        token.soLoggedIn(puk);
        return Ck.CKR_OK;
    }

    private static boolean isBlocked(Token token) {
        try {
            return token.card().status(token.pin()).isBlocked();
        } catch (EidException e) {
            throw Errors.of(e);
        }
    }

    /** A new PIN: the card's length rule, and digits only (CKR_PIN_INVALID). */
    private static void checkNewPin(PinInfo rules, char[] pin) {
        require(pin.length >= rules.minLength() && pin.length <= rules.maxLength(), Ck.CKR_PIN_LEN_RANGE);
        for (char c : pin) {
            require(c >= '0' && c <= '9', Ck.CKR_PIN_INVALID);
        }
    }

    /**
     * Changes the token's PIN on the card (EidCard.changePin: the old PIN, then the new one twice)
     * in a read/write session, logged in or not. The SO PIN (the PUK) is not changed here.
     *
     * <p>With {@code unblock.with.setpin = true} in the config: when the PIN is blocked and the
     * session is not logged in, the old PIN can only be the PUK, so the PIN is unblocked with it
     * and set to the new one, as {@code pkcs11-tool --unlock-pin} expects (OpenSC's
     * "set_pin_in_unlogged_session"). The PKCS#11 way, C_InitPIN in an SO session, always works.
     */
    long C_SetPIN(long hSession, MemorySegment pOldPin, long ulOldLen, MemorySegment pNewPin, long ulNewLen) {
        Session session = module().session(hSession);
        Token token = session.token();
        require(session.isReadWrite(), Ck.CKR_SESSION_READ_ONLY);
        require(!isNull(pOldPin) && !isNull(pNewPin), Ck.CKR_ARGUMENTS_BAD);
        if (token.isSoLoggedIn()) {
            throw new CkrException(Ck.CKR_FUNCTION_NOT_SUPPORTED, "The PUK (SO PIN) cannot be changed.");
        }
        PinInfo rules = token.pin();
        PinInfo unblocking = token.unblockingPin();
        PinInfo puk = config.unblockWithSetPin() && !token.isLoggedIn() && unblocking != null && isBlocked(token) ? unblocking : null;
        PinInfo oldRules = puk != null ? puk : rules;
        require(Long.compareUnsigned(ulOldLen, 4L * oldRules.maxLength()) <= 0
                && Long.compareUnsigned(ulNewLen, 4L * rules.maxLength()) <= 0, Ck.CKR_PIN_LEN_RANGE);
        char[] oldPin = Native.pin(pOldPin, ulOldLen);
        char[] newPin = Native.pin(pNewPin, ulNewLen);
        try (SuppliedPins answers = new SuppliedPins()) {
            checkPin(oldRules, oldPin);
            checkNewPin(rules, newPin);
            if (puk != null) {
                answers.answer(PinRequest.Step.PUK, oldPin).answer(PinRequest.Step.NEW, newPin)
                        .answer(PinRequest.Step.NEW_AGAIN, newPin);
                token.card().unblockPin(rules, answers);
                return Ck.CKR_OK;
            }
            answers.answer(PinRequest.Step.CURRENT, oldPin).answer(PinRequest.Step.NEW, newPin)
                    .answer(PinRequest.Step.NEW_AGAIN, newPin);
            token.card().changePin(rules, answers);
            return Ck.CKR_OK;
        } catch (EidException e) {
            throw Errors.of(e);
        } finally {
            Arrays.fill(oldPin, '\0');
            Arrays.fill(newPin, '\0');
        }
    }

    /**
     * In an SO session (C_Login CKU_SO with the PUK): unblocks the token's PIN on the card with
     * the PUK and sets the new one (EidCard.unblockPin). The PUK is wiped afterwards, whatever the
     * card said; another C_InitPIN needs another SO login.
     */
    long C_InitPIN(long hSession, MemorySegment pPin, long ulPinLen) {
        Session session = module().session(hSession);
        Token token = session.token();
        require(token.isSoLoggedIn(), Ck.CKR_USER_NOT_LOGGED_IN);
        require(session.isReadWrite(), Ck.CKR_SESSION_READ_ONLY);
        require(!isNull(pPin), Ck.CKR_ARGUMENTS_BAD);
        PinInfo rules = token.pin();
        require(Long.compareUnsigned(ulPinLen, 4L * rules.maxLength()) <= 0, Ck.CKR_PIN_LEN_RANGE);
        char[] newPin = Native.pin(pPin, ulPinLen);
        char[] puk = null;
        try (SuppliedPins answers = new SuppliedPins()) {
            checkNewPin(rules, newPin);
            puk = token.takePuk();
            if (puk == null) {
                throw new CkrException(Ck.CKR_USER_NOT_LOGGED_IN, "The PUK was used by an earlier C_InitPIN: log in as SO again.");
            }
            answers.answer(PinRequest.Step.PUK, puk).answer(PinRequest.Step.NEW, newPin).answer(PinRequest.Step.NEW_AGAIN, newPin);
            token.card().unblockPin(rules, answers);
            return Ck.CKR_OK;
        } catch (EidException e) {
            throw Errors.of(e);
        } finally {
            Arrays.fill(newPin, '\0');
            if (puk != null) {
                Arrays.fill(puk, '\0');
            }
        }
    }

    /** The card's PIN rules, checked before the card sees the PIN so that a typing error costs no try. */
    private static void checkPin(PinInfo rules, char[] pin) {
        require(pin.length >= rules.minLength() && pin.length <= rules.maxLength(), Ck.CKR_PIN_LEN_RANGE);
        for (char c : pin) {
            require(c >= '0' && c <= '9', Ck.CKR_PIN_INCORRECT);
        }
    }

    long C_Logout(long hSession) {
        Token token = module().session(hSession).token();
        require(token.isLoggedIn() || token.isSoLoggedIn(), Ck.CKR_USER_NOT_LOGGED_IN);
        token.logout();
        return Ck.CKR_OK;
    }

    // ---- objects

    /** A template from the application: types and values, copied. */
    private static List<TokenObject.Attribute> template(MemorySegment pTemplate, long ulCount) {
        int count = Native.length(ulCount, Ck.CKR_ARGUMENTS_BAD);
        List<TokenObject.Attribute> out = new ArrayList<>(count);
        if (count == 0) {
            return out;
        }
        require(!isNull(pTemplate), Ck.CKR_ARGUMENTS_BAD);
        MemorySegment array = pTemplate.reinterpret(CK_ATTRIBUTE.byteSize() * count);
        for (int i = 0; i < count; i++) {
            MemorySegment a = array.asSlice(CK_ATTRIBUTE.byteSize() * i, CK_ATTRIBUTE.byteSize());
            long type = Native.getULong(a, offset(CK_ATTRIBUTE, "type"));
            MemorySegment value = Native.getPointer(a, offset(CK_ATTRIBUTE, "pValue"));
            long length = Native.getULong(a, offset(CK_ATTRIBUTE, "ulValueLen"));
            out.add(new TokenObject.Attribute(type, Native.bytes(value, length)));
        }
        return out;
    }

    long C_FindObjectsInit(long hSession, MemorySegment pTemplate, long ulCount) {
        Session session = module().session(hSession);
        List<TokenObject.Attribute> template = template(pTemplate, ulCount);
        List<Long> handles = new ArrayList<>();
        for (TokenObject o : session.token().visibleObjects()) {
            if (o.matches(template)) {
                handles.add(o.handle());
            }
        }
        session.startSearch(handles);
        return Ck.CKR_OK;
    }

    long C_FindObjects(long hSession, MemorySegment phObject, long ulMaxObjectCount, MemorySegment pulObjectCount) {
        Session session = module().session(hSession);
        require(!isNull(pulObjectCount), Ck.CKR_ARGUMENTS_BAD);
        int max = ulMaxObjectCount < 0 || ulMaxObjectCount > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) ulMaxObjectCount;
        require(max == 0 || !isNull(phObject), Ck.CKR_ARGUMENTS_BAD);
        List<Long> next = session.nextFound(max);
        if (!next.isEmpty()) {
            MemorySegment out = phObject.reinterpret(8L * next.size());
            for (int i = 0; i < next.size(); i++) {
                out.set(JAVA_LONG_UNALIGNED, 8L * i, next.get(i));
            }
        }
        Native.putULong(pulObjectCount, next.size());
        return Ck.CKR_OK;
    }

    long C_FindObjectsFinal(long hSession) {
        module().session(hSession).endSearch();
        return Ck.CKR_OK;
    }

    /** The object if the session may see it: a private one only after login. */
    private static TokenObject visibleObject(Session session, long hObject, long invalid) {
        Token token = session.token();
        TokenObject object = token.object(hObject);
        require(object != null, invalid);
        if (object.isPrivate() && !token.isLoggedIn()) {
            throw new CkrException(invalid == Ck.CKR_KEY_HANDLE_INVALID ? Ck.CKR_USER_NOT_LOGGED_IN : invalid);
        }
        return object;
    }

    /**
     * Each attribute as PKCS#11 §5.7 says: a NULL pValue asks for the length; a sensitive or
     * unknown attribute, or one whose buffer is too short, gets CK_UNAVAILABLE_INFORMATION and
     * its error, and the others are still answered.
     */
    long C_GetAttributeValue(long hSession, long hObject, MemorySegment pTemplate, long ulCount) {
        Session session = module().session(hSession);
        TokenObject object = visibleObject(session, hObject, Ck.CKR_OBJECT_HANDLE_INVALID);
        int count = Native.length(ulCount, Ck.CKR_ARGUMENTS_BAD);
        require(count == 0 || !isNull(pTemplate), Ck.CKR_ARGUMENTS_BAD);
        MemorySegment array = count == 0 ? MemorySegment.NULL : pTemplate.reinterpret(CK_ATTRIBUTE.byteSize() * count);
        long rv = Ck.CKR_OK;
        for (int i = 0; i < count; i++) {
            MemorySegment a = array.asSlice(CK_ATTRIBUTE.byteSize() * i, CK_ATTRIBUTE.byteSize());
            long type = Native.getULong(a, offset(CK_ATTRIBUTE, "type"));
            MemorySegment pValue = Native.getPointer(a, offset(CK_ATTRIBUTE, "pValue"));
            long lengthOffset = offset(CK_ATTRIBUTE, "ulValueLen");
            byte[] value = object.get(type);
            if (value == null) {
                Native.putULong(a, lengthOffset, Ck.CK_UNAVAILABLE_INFORMATION);
                rv = object.isSensitive(type) ? Ck.CKR_ATTRIBUTE_SENSITIVE : Ck.CKR_ATTRIBUTE_TYPE_INVALID;
            } else if (isNull(pValue)) {
                Native.putULong(a, lengthOffset, value.length);
            } else if (Long.compareUnsigned(Native.getULong(a, lengthOffset), value.length) < 0) {
                Native.putULong(a, lengthOffset, Ck.CK_UNAVAILABLE_INFORMATION);
                rv = Ck.CKR_BUFFER_TOO_SMALL;
            } else {
                Native.putBytes(pValue, value);
                Native.putULong(a, lengthOffset, value.length);
            }
        }
        return rv;
    }

    // ---- signing

    long C_SignInit(long hSession, MemorySegment pMechanism, long hKey) {
        Session session = module().session(hSession);
        require(!isNull(pMechanism), Ck.CKR_ARGUMENTS_BAD);
        require(session.signOrNull() == null, Ck.CKR_OPERATION_ACTIVE);
        MemorySegment mechanism = Native.struct(pMechanism, CK_MECHANISM);
        long type = Native.getULong(mechanism, offset(CK_MECHANISM, "mechanism"));
        Mechanism m = Mechanism.of(type).orElseThrow(() -> new CkrException(Ck.CKR_MECHANISM_INVALID));
        require(session.token().mechanisms().contains(m), Ck.CKR_MECHANISM_INVALID);
        TokenObject key = visibleObject(session, hKey, Ck.CKR_KEY_HANDLE_INVALID);
        require(key.key() != null, Ck.CKR_KEY_HANDLE_INVALID);
        require(key.isPrivateKey(), Ck.CKR_KEY_FUNCTION_NOT_PERMITTED);
        session.startSign(SignOperation.start(m, key, Native.getPointer(mechanism, offset(CK_MECHANISM, "pParameter")),
                Native.getULong(mechanism, offset(CK_MECHANISM, "ulParameterLen"))));
        return Ck.CKR_OK;
    }

    long C_Sign(long hSession, MemorySegment pData, long ulDataLen, MemorySegment pSignature, MemorySegment pulSignatureLen) {
        Session session = module().session(hSession);
        SignOperation operation = session.sign();
        require(!operation.isMultipart(), Ck.CKR_OPERATION_ACTIVE);
        return finish(session, operation, pSignature, pulSignatureLen, () -> {
            operation.checkLength(ulDataLen);
            byte[] data = Native.bytes(pData, ulDataLen);
            operation.checkInput(data);
            return data;
        });
    }

    long C_SignUpdate(long hSession, MemorySegment pPart, long ulPartLen) {
        Session session = module().session(hSession);
        SignOperation operation = session.sign();
        try {
            operation.checkLength(ulPartLen);
            operation.update(Native.bytes(pPart, ulPartLen));
            return Ck.CKR_OK;
        } catch (RuntimeException e) {
            session.endSign();
            throw e;
        }
    }

    long C_SignFinal(long hSession, MemorySegment pSignature, MemorySegment pulSignatureLen) {
        Session session = module().session(hSession);
        SignOperation operation = session.sign();
        return finish(session, operation, pSignature, pulSignatureLen, () -> {
            operation.checkInput(operation.buffered());
            return null; // what the updates gave
        });
    }

    private interface Input {
        byte[] get();
    }

    /**
     * The end of C_Sign and C_SignFinal: a length query or a short buffer keeps the operation;
     * anything else ends it, with or without a signature (PKCS#11 §5.11).
     */
    private long finish(Session session, SignOperation operation, MemorySegment pSignature, MemorySegment pulSignatureLen,
            Input input) {
        boolean keep = false;
        try {
            require(!isNull(pulSignatureLen), Ck.CKR_ARGUMENTS_BAD);
            byte[] data = input.get();
            int length = operation.signatureLength();
            if (isNull(pSignature)) {
                Native.putULong(pulSignatureLen, length);
                keep = true;
                return Ck.CKR_OK;
            }
            if (Long.compareUnsigned(Native.getULong(pulSignatureLen), length) < 0) {
                Native.putULong(pulSignatureLen, length);
                keep = true;
                return Ck.CKR_BUFFER_TOO_SMALL;
            }
            Token token = session.token();
            require(token.isLoggedIn(), Ck.CKR_USER_NOT_LOGGED_IN);
            require(!operation.needsContextLogin() || operation.hasContextLogin(), Ck.CKR_USER_NOT_LOGGED_IN);
            byte[] signature;
            try {
                signature = operation.sign(token.card(), data);
            } catch (EidException e) {
                throw Errors.of(e);
            }
            Native.putBytes(pSignature, signature);
            Native.putULong(pulSignatureLen, signature.length);
            return Ck.CKR_OK;
        } finally {
            if (!keep) {
                session.endSign();
            }
        }
    }

    // ---- decryption (CKM_RSA_PKCS on the card)

    long C_DecryptInit(long hSession, MemorySegment pMechanism, long hKey) {
        Session session = module().session(hSession);
        require(!isNull(pMechanism), Ck.CKR_ARGUMENTS_BAD);
        MemorySegment mechanism = Native.struct(pMechanism, CK_MECHANISM);
        long type = Native.getULong(mechanism, offset(CK_MECHANISM, "mechanism"));
        require(type == Ck.CKM_RSA_PKCS, Ck.CKR_MECHANISM_INVALID);
        require(isNull(Native.getPointer(mechanism, offset(CK_MECHANISM, "pParameter")))
                && Native.getULong(mechanism, offset(CK_MECHANISM, "ulParameterLen")) == 0, Ck.CKR_MECHANISM_PARAM_INVALID);
        TokenObject key = visibleObject(session, hKey, Ck.CKR_KEY_HANDLE_INVALID);
        require(key.key() != null, Ck.CKR_KEY_HANDLE_INVALID);
        require(key.isPrivateKey() && key.key().canDecrypt(), Ck.CKR_KEY_FUNCTION_NOT_PERMITTED);
        require("RSA".equals(key.key().algorithm()), Ck.CKR_KEY_TYPE_INCONSISTENT);
        session.startDecrypt(new DecryptOperation(key));
        return Ck.CKR_OK;
    }

    /**
     * A length query answers the longest possible plaintext and keeps the operation; a short
     * buffer gets the plaintext's exact length (the card has decrypted by then) and keeps it too.
     */
    long C_Decrypt(long hSession, MemorySegment pEncryptedData, long ulEncryptedDataLen, MemorySegment pData,
            MemorySegment pulDataLen) {
        Session session = module().session(hSession);
        DecryptOperation operation = session.decrypt();
        boolean keep = false;
        try {
            require(!isNull(pulDataLen), Ck.CKR_ARGUMENTS_BAD);
            operation.checkLength(ulEncryptedDataLen);
            byte[] cryptogram = Native.bytes(pEncryptedData, ulEncryptedDataLen);
            if (isNull(pData)) {
                Native.putULong(pulDataLen, operation.maxPlaintextLength());
                keep = true;
                return Ck.CKR_OK;
            }
            Token token = session.token();
            require(token.isLoggedIn(), Ck.CKR_USER_NOT_LOGGED_IN);
            byte[] plaintext;
            try {
                plaintext = operation.plaintext(token.card(), cryptogram);
            } catch (EidException e) {
                throw Errors.of(e);
            }
            if (Long.compareUnsigned(Native.getULong(pulDataLen), plaintext.length) < 0) {
                Native.putULong(pulDataLen, plaintext.length);
                keep = true;
                return Ck.CKR_BUFFER_TOO_SMALL;
            }
            Native.putBytes(pData, plaintext);
            Native.putULong(pulDataLen, plaintext.length);
            return Ck.CKR_OK;
        } finally {
            if (!keep) {
                session.endDecrypt();
            }
        }
    }

    // ---- key agreement (CKM_ECDH1_DERIVE on the card)

    /** Template attributes C_DeriveKey takes as booleans: usage flags a derived generic secret records. */
    private static final List<Long> DERIVE_USAGE = List.of(Ck.CKA_ENCRYPT, Ck.CKA_DECRYPT, Ck.CKA_SIGN, Ck.CKA_VERIFY, Ck.CKA_WRAP,
            Ck.CKA_UNWRAP, Ck.CKA_DERIVE);

    /**
     * ECDH with a card key that derives and a peer's public point (CK_ECDH1_DERIVE_PARAMS, kdf
     * CKD_NULL, no shared data; the point bare or as a DER OCTET STRING). The result, the shared
     * x coordinate (its first CKA_VALUE_LEN bytes if the template says), becomes a session object
     * of class CKO_SECRET_KEY and type CKK_GENERIC_SECRET.
     */
    long C_DeriveKey(long hSession, MemorySegment pMechanism, long hBaseKey, MemorySegment pTemplate, long ulAttributeCount,
            MemorySegment phKey) {
        Session session = module().session(hSession);
        require(!isNull(pMechanism) && !isNull(phKey), Ck.CKR_ARGUMENTS_BAD);
        MemorySegment mechanism = Native.struct(pMechanism, CK_MECHANISM);
        require(Native.getULong(mechanism, offset(CK_MECHANISM, "mechanism")) == Ck.CKM_ECDH1_DERIVE, Ck.CKR_MECHANISM_INVALID);
        MemorySegment parameter = Native.getPointer(mechanism, offset(CK_MECHANISM, "pParameter"));
        require(!isNull(parameter) && Native.getULong(mechanism, offset(CK_MECHANISM, "ulParameterLen"))
                == Layouts.CK_ECDH1_DERIVE_PARAMS.byteSize(), Ck.CKR_MECHANISM_PARAM_INVALID);
        MemorySegment p = Native.struct(parameter, Layouts.CK_ECDH1_DERIVE_PARAMS);
        require(Native.getULong(p, offset(Layouts.CK_ECDH1_DERIVE_PARAMS, "kdf")) == Ck.CKD_NULL
                && Native.getULong(p, offset(Layouts.CK_ECDH1_DERIVE_PARAMS, "ulSharedDataLen")) == 0, Ck.CKR_MECHANISM_PARAM_INVALID);
        long publicLength = Native.getULong(p, offset(Layouts.CK_ECDH1_DERIVE_PARAMS, "ulPublicDataLen"));
        require(publicLength > 0 && publicLength <= 1024, Ck.CKR_MECHANISM_PARAM_INVALID);
        byte[] publicData = Native.bytes(Native.getPointer(p, offset(Layouts.CK_ECDH1_DERIVE_PARAMS, "pPublicData")), publicLength);

        TokenObject key = visibleObject(session, hBaseKey, Ck.CKR_KEY_HANDLE_INVALID);
        require(key.key() != null, Ck.CKR_KEY_HANDLE_INVALID);
        require(key.isPrivateKey() && key.key().canDerive(), Ck.CKR_KEY_FUNCTION_NOT_PERMITTED);
        require("EC".equals(key.key().algorithm()), Ck.CKR_KEY_TYPE_INCONSISTENT);
        int field = (((java.security.interfaces.ECPublicKey) key.key().publicKey()).getParams().getCurve().getField().getFieldSize() + 7) / 8;
        byte[] point = peerPoint(publicData, field);

        // The template: a session generic secret; CKA_VALUE_LEN at most the x coordinate's length.
        boolean isPrivate = true;
        boolean sensitive = false;
        boolean extractable = true;
        long valueLength = field;
        String label = "";
        byte[] id = new byte[0];
        java.util.Map<Long, Boolean> usage = new java.util.HashMap<>();
        for (TokenObject.Attribute a : template(pTemplate, ulAttributeCount)) {
            long type = a.type();
            byte[] v = a.value();
            if (type == Ck.CKA_CLASS) {
                require(v.length == 8 && Attributes.ulong(v) == Ck.CKO_SECRET_KEY, Ck.CKR_TEMPLATE_INCONSISTENT);
            } else if (type == Ck.CKA_KEY_TYPE) {
                require(v.length == 8 && Attributes.ulong(v) == Ck.CKK_GENERIC_SECRET, Ck.CKR_TEMPLATE_INCONSISTENT);
            } else if (type == Ck.CKA_TOKEN) {
                require(v.length == 1, Ck.CKR_ATTRIBUTE_VALUE_INVALID);
                require(v[0] == 0, Ck.CKR_TEMPLATE_INCONSISTENT); // the card stores no derived keys
            } else if (type == Ck.CKA_VALUE_LEN) {
                require(v.length == 8, Ck.CKR_ATTRIBUTE_VALUE_INVALID);
                valueLength = Attributes.ulong(v);
                require(valueLength > 0 && valueLength <= field, Ck.CKR_ATTRIBUTE_VALUE_INVALID);
            } else if (type == Ck.CKA_LABEL) {
                label = new String(v, java.nio.charset.StandardCharsets.UTF_8);
            } else if (type == Ck.CKA_ID) {
                id = v;
            } else if (type == Ck.CKA_PRIVATE || type == Ck.CKA_SENSITIVE || type == Ck.CKA_EXTRACTABLE || DERIVE_USAGE.contains(type)) {
                require(v.length == 1, Ck.CKR_ATTRIBUTE_VALUE_INVALID);
                boolean b = v[0] != 0;
                if (type == Ck.CKA_PRIVATE) {
                    isPrivate = b;
                } else if (type == Ck.CKA_SENSITIVE) {
                    sensitive = b;
                } else if (type == Ck.CKA_EXTRACTABLE) {
                    extractable = b;
                } else {
                    usage.put(type, b);
                }
            } else {
                throw new CkrException(Ck.CKR_ATTRIBUTE_TYPE_INVALID);
            }
        }

        Token token = session.token();
        require(token.isLoggedIn(), Ck.CKR_USER_NOT_LOGGED_IN);
        byte[] x;
        try {
            x = token.card().deriveEcdh(key.key(), point, PinOnce.none(key.key().pin()));
        } catch (EidException e) {
            throw Errors.of(e);
        }
        byte[] value;
        try {
            require(x.length <= field, Ck.CKR_DEVICE_ERROR);
            byte[] full = new byte[field]; // the card may drop leading zeros
            System.arraycopy(x, 0, full, field - x.length, x.length);
            value = Arrays.copyOf(full, (int) valueLength);
            Arrays.fill(full, (byte) 0);
        } finally {
            Arrays.fill(x, (byte) 0);
        }
        TokenObject secret = TokenObjects.derivedSecret(Token.nextSessionObjectHandle(), value, isPrivate, sensitive, extractable, label,
                id, usage);
        token.addSessionObject(session.handle(), secret);
        Native.putULong(phKey, secret.handle());
        return Ck.CKR_OK;
    }

    /** The peer's uncompressed point: as given, or unwrapped from a DER OCTET STRING. */
    private static byte[] peerPoint(byte[] data, int field) {
        int pointLength = 1 + 2 * field;
        if (data.length == pointLength && data[0] == 0x04) {
            return data;
        }
        int header = pointLength < 128 ? 2 : 3;
        if (data.length == header + pointLength && data[0] == 0x04 && data[header] == 0x04
                && (header == 2 ? (data[1] & 0xFF) == pointLength
                        : (data[1] & 0xFF) == 0x81 && (data[2] & 0xFF) == pointLength)) {
            return Arrays.copyOfRange(data, header, data.length);
        }
        throw new CkrException(Ck.CKR_MECHANISM_PARAM_INVALID, "The peer's public data is no uncompressed point of the key's curve.");
    }

    // ---- message digests (software: the JDK's)

    /** The digest mechanisms, by CKM_ value, with their JCA names. */
    private static final java.util.Map<Long, String> DIGESTS = java.util.Map.of(Ck.CKM_SHA_1, "SHA-1", Ck.CKM_SHA224, "SHA-224",
            Ck.CKM_SHA256, "SHA-256", Ck.CKM_SHA384, "SHA-384", Ck.CKM_SHA512, "SHA-512");

    long C_DigestInit(long hSession, MemorySegment pMechanism) {
        Session session = module().session(hSession);
        require(!isNull(pMechanism), Ck.CKR_ARGUMENTS_BAD);
        MemorySegment mechanism = Native.struct(pMechanism, CK_MECHANISM);
        String name = DIGESTS.get(Native.getULong(mechanism, offset(CK_MECHANISM, "mechanism")));
        require(name != null, Ck.CKR_MECHANISM_INVALID);
        require(isNull(Native.getPointer(mechanism, offset(CK_MECHANISM, "pParameter")))
                && Native.getULong(mechanism, offset(CK_MECHANISM, "ulParameterLen")) == 0, Ck.CKR_MECHANISM_PARAM_INVALID);
        try {
            session.startDigest(java.security.MessageDigest.getInstance(name));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return Ck.CKR_OK;
    }

    long C_Digest(long hSession, MemorySegment pData, long ulDataLen, MemorySegment pDigest, MemorySegment pulDigestLen) {
        Session session = module().session(hSession);
        java.security.MessageDigest digest = session.digest();
        require(!session.isDigestMultipart(), Ck.CKR_OPERATION_ACTIVE);
        return finishDigest(session, digest, pDigest, pulDigestLen, () -> Native.bytes(pData, ulDataLen));
    }

    long C_DigestUpdate(long hSession, MemorySegment pPart, long ulPartLen) {
        Session session = module().session(hSession);
        session.digest();
        try {
            session.digestUpdate(Native.bytes(pPart, ulPartLen));
            return Ck.CKR_OK;
        } catch (RuntimeException e) {
            session.endDigest();
            throw e;
        }
    }

    long C_DigestFinal(long hSession, MemorySegment pDigest, MemorySegment pulDigestLen) {
        Session session = module().session(hSession);
        return finishDigest(session, session.digest(), pDigest, pulDigestLen, () -> null);
    }

    /** The end of C_Digest and C_DigestFinal: a length query or a short buffer keeps the operation. */
    private long finishDigest(Session session, java.security.MessageDigest digest, MemorySegment pDigest, MemorySegment pulDigestLen,
            Input input) {
        boolean keep = false;
        try {
            require(!isNull(pulDigestLen), Ck.CKR_ARGUMENTS_BAD);
            byte[] data = input.get();
            int length = digest.getDigestLength();
            if (isNull(pDigest) || Long.compareUnsigned(Native.getULong(pulDigestLen), length) < 0) {
                keep = true;
                Native.putULong(pulDigestLen, length);
                return isNull(pDigest) ? Ck.CKR_OK : Ck.CKR_BUFFER_TOO_SMALL;
            }
            byte[] value = data == null ? digest.digest() : digest.digest(data);
            Native.putBytes(pDigest, value);
            Native.putULong(pulDigestLen, value.length);
            return Ck.CKR_OK;
        } finally {
            if (!keep) {
                session.endDigest();
            }
        }
    }

    // ---- random numbers (software: the JDK's SecureRandom, not the card's generator)

    long C_SeedRandom(long hSession, MemorySegment pSeed, long ulSeedLen) {
        module().session(hSession);
        require(ulSeedLen == 0 || !isNull(pSeed), Ck.CKR_ARGUMENTS_BAD);
        return Ck.CKR_RANDOM_SEED_NOT_SUPPORTED;
    }

    long C_GenerateRandom(long hSession, MemorySegment pRandomData, long ulRandomLen) {
        module().session(hSession);
        require(ulRandomLen == 0 || !isNull(pRandomData), Ck.CKR_ARGUMENTS_BAD);
        require(ulRandomLen >= 0, Ck.CKR_ARGUMENTS_BAD);
        byte[] chunk = new byte[(int) Math.min(ulRandomLen, 1 << 16)];
        MemorySegment out = ulRandomLen == 0 ? MemorySegment.NULL : pRandomData.reinterpret(ulRandomLen);
        for (long done = 0; done < ulRandomLen; done += chunk.length) {
            int n = (int) Math.min(chunk.length, ulRandomLen - done);
            random.nextBytes(chunk);
            MemorySegment.copy(chunk, 0, out, JAVA_BYTE, done, n);
        }
        Arrays.fill(chunk, (byte) 0);
        return Ck.CKR_OK;
    }

    // ---- legacy parallel functions

    long C_GetFunctionStatus(long hSession) {
        module().session(hSession);
        return Ck.CKR_FUNCTION_NOT_PARALLEL;
    }

    long C_CancelFunction(long hSession) {
        module().session(hSession);
        return Ck.CKR_FUNCTION_NOT_PARALLEL;
    }
}
