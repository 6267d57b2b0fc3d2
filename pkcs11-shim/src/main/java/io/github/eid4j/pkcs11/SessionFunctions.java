package io.github.eid4j.pkcs11;

import static io.github.eid4j.pkcs11.CkrException.require;
import static io.github.eid4j.pkcs11.Layouts.CK_SESSION_INFO;
import static io.github.eid4j.pkcs11.Native.isNull;
import static io.github.eid4j.pkcs11.Offsets.SESSION_INFO_DEVICE_ERROR;
import static io.github.eid4j.pkcs11.Offsets.SESSION_INFO_FLAGS;
import static io.github.eid4j.pkcs11.Offsets.SESSION_INFO_SLOT_ID;
import static io.github.eid4j.pkcs11.Offsets.SESSION_INFO_STATE;

import io.github.eid4j.card.OneTimePin;
import io.github.eid4j.card.PinInfo;
import io.github.eid4j.card.PinRequest;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * Session management, login and the PIN functions (PKCS#11 §5.5 C_InitPIN / C_SetPIN, §5.6;
 * OpenSC's pkcs11-session.c). A PIN is checked against the card's rules ({@link PinArgument})
 * before the card sees it, handed to the token model once ({@link OneTimePin},
 * {@link SuppliedPins}), and wiped when the call ends.
 */
final class SessionFunctions {
    private final Cryptoki cryptoki;

    SessionFunctions(Cryptoki cryptoki) {
        this.cryptoki = cryptoki;
    }

    long C_OpenSession(long slotID, long flags, MemorySegment pApplication, MemorySegment notify, MemorySegment phSession) {
        Module m = cryptoki.module();
        Slot slot = m.slot(slotID);
        require(!isNull(phSession), Ck.CKR_ARGUMENTS_BAD);
        require((flags & Ck.CKF_SERIAL_SESSION) != 0, Ck.CKR_SESSION_PARALLEL_NOT_SUPPORTED);
        // Notification callbacks are optional (PKCS#11 §5.16); this module never calls one.
        Session session = m.openSession(slot, (flags & Ck.CKF_RW_SESSION) != 0);
        Native.putULong(phSession, session.handle());
        return Ck.CKR_OK;
    }

    long C_CloseSession(long hSession) {
        Module m = cryptoki.module();
        m.closeSession(m.session(hSession));
        return Ck.CKR_OK;
    }

    long C_CloseAllSessions(long slotID) {
        Module m = cryptoki.module();
        m.closeAllSessions(m.slot(slotID));
        return Ck.CKR_OK;
    }

    /** Answers from memory only: NSS polls it to see whether a token is still there. */
    long C_GetSessionInfo(long hSession, MemorySegment pInfo) {
        Session session = cryptoki.module().session(hSession);
        require(!isNull(pInfo), Ck.CKR_ARGUMENTS_BAD);
        MemorySegment info = Native.struct(pInfo, CK_SESSION_INFO);
        Native.putULong(info, SESSION_INFO_SLOT_ID, session.slot().id());
        Native.putULong(info, SESSION_INFO_STATE, session.state());
        Native.putULong(info, SESSION_INFO_FLAGS, Ck.CKF_SERIAL_SESSION | (session.isReadWrite() ? Ck.CKF_RW_SESSION : 0));
        Native.putULong(info, SESSION_INFO_DEVICE_ERROR, 0);
        return Ck.CKR_OK;
    }

    /**
     * CKU_USER verifies the token's PIN on the card; CKU_CONTEXT_SPECIFIC verifies it for the
     * signature under way and keeps it until the card has made that signature. CKU_SO takes the
     * card's PUK for C_InitPIN. A NULL PIN opens the module's PIN dialog ({@link DialogLogin}).
     */
    long C_Login(long hSession, long userType, MemorySegment pPin, long ulPinLen) {
        Session session = cryptoki.module().session(hSession);
        Token token = session.token();
        if (userType == Ck.CKU_SO) {
            return soLogin(session, pPin, ulPinLen);
        }
        if (userType != Ck.CKU_USER && userType != Ck.CKU_CONTEXT_SPECIFIC) {
            return Ck.CKR_USER_TYPE_INVALID;
        }
        // NULL: the protected authentication path, which the token has only with a PIN pad or where the module's dialog can be shown.
        require(!isNull(pPin) || cryptoki.hasProtectedPath(token), Ck.CKR_ARGUMENTS_BAD);
        require(!token.isSoLoggedIn(), Ck.CKR_USER_ANOTHER_ALREADY_LOGGED_IN);
        SignOperation operation = null;
        if (userType == Ck.CKU_CONTEXT_SPECIFIC) {
            operation = session.signOrNull();
            require(operation != null, Ck.CKR_OPERATION_NOT_INITIALIZED);
        } else {
            require(!token.isLoggedIn(), Ck.CKR_USER_ALREADY_LOGGED_IN);
        }
        if (isNull(pPin)) {
            char[] kept = DialogLogin.verify(token, cryptoki.pinDialog(), cryptoki.pinPad(token), operation != null);
            if (operation != null) {
                // On a PIN pad the PIN was verified just now and never seen: the signature follows it.
                operation.contextLogin(kept == null ? OneTimePin.none() : OneTimePin.only(token.pin(), kept));
            } else {
                token.loggedIn();
            }
            return Ck.CKR_OK;
        }
        char[] pin = PinArgument.read(token.pin(), pPin, ulPinLen);
        try {
            PinArgument.checkCurrent(token.pin(), pin);
            try (OneTimePin verification = OneTimePin.only(token.pin(), pin.clone())) { // closing wipes it if the card never asked
                token.card().verify(token.pin(), verification);
            }
            if (operation != null) {
                operation.contextLogin(OneTimePin.only(token.pin(), pin.clone()));
            } else {
                token.loggedIn();
            }
            return Ck.CKR_OK;
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
        require(session.isReadWrite() && !cryptoki.module().hasReadOnlySession(token), Ck.CKR_SESSION_READ_ONLY_EXISTS);
        char[] puk = PinArgument.read(unblocking, pPin, ulPinLen);
        PinArgument.checkCurrentOrWipe(unblocking, puk);
        token.soLoggedIn(puk);
        return Ck.CKR_OK;
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
        Session session = cryptoki.module().session(hSession);
        Token token = session.token();
        require(session.isReadWrite(), Ck.CKR_SESSION_READ_ONLY);
        require(!isNull(pOldPin) && !isNull(pNewPin), Ck.CKR_ARGUMENTS_BAD);
        if (token.isSoLoggedIn()) {
            throw new CkrException(Ck.CKR_FUNCTION_NOT_SUPPORTED, "The PUK (SO PIN) cannot be changed.");
        }
        PinInfo rules = token.pin();
        PinInfo unblocking = token.unblockingPin();
        PinInfo puk = cryptoki.config().unblockWithSetPin() && !token.isLoggedIn() && unblocking != null
                && token.card().status(token.pin()).isBlocked() ? unblocking : null;
        PinInfo oldRules = puk != null ? puk : rules;
        PinArgument.requireLength(oldRules, ulOldLen);
        PinArgument.requireLength(rules, ulNewLen);
        char[] oldPin = PinArgument.read(oldRules, pOldPin, ulOldLen);
        char[] newPin;
        try {
            newPin = PinArgument.read(rules, pNewPin, ulNewLen);
        } catch (RuntimeException e) {
            Arrays.fill(oldPin, '\0');
            throw e;
        }
        try (SuppliedPins answers = new SuppliedPins()) {
            PinArgument.checkCurrent(oldRules, oldPin);
            PinArgument.checkNew(rules, newPin);
            if (puk != null) {
                answers.answer(PinRequest.Step.PUK, oldPin).answer(PinRequest.Step.NEW, newPin).answer(PinRequest.Step.NEW_AGAIN, newPin);
                token.card().unblockPin(rules, answers);
            } else {
                answers.answer(PinRequest.Step.CURRENT, oldPin).answer(PinRequest.Step.NEW, newPin)
                        .answer(PinRequest.Step.NEW_AGAIN, newPin);
                token.card().changePin(rules, answers);
            }
            return Ck.CKR_OK;
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
        Session session = cryptoki.module().session(hSession);
        Token token = session.token();
        require(token.isSoLoggedIn(), Ck.CKR_USER_NOT_LOGGED_IN);
        require(session.isReadWrite(), Ck.CKR_SESSION_READ_ONLY);
        require(!isNull(pPin), Ck.CKR_ARGUMENTS_BAD);
        PinInfo rules = token.pin();
        char[] newPin = PinArgument.read(rules, pPin, ulPinLen);
        char[] puk = null;
        try (SuppliedPins answers = new SuppliedPins()) {
            PinArgument.checkNew(rules, newPin);
            puk = token.takePuk();
            if (puk == null) {
                throw new CkrException(Ck.CKR_USER_NOT_LOGGED_IN, "The PUK was used by an earlier C_InitPIN: log in as SO again.");
            }
            answers.answer(PinRequest.Step.PUK, puk).answer(PinRequest.Step.NEW, newPin).answer(PinRequest.Step.NEW_AGAIN, newPin);
            token.card().unblockPin(rules, answers);
            return Ck.CKR_OK;
        } finally {
            Arrays.fill(newPin, '\0');
            if (puk != null) {
                Arrays.fill(puk, '\0');
            }
        }
    }

    long C_Logout(long hSession) {
        Token token = cryptoki.module().session(hSession).token();
        require(token.isLoggedIn() || token.isSoLoggedIn(), Ck.CKR_USER_NOT_LOGGED_IN);
        token.logout();
        return Ck.CKR_OK;
    }

    // ---- legacy parallel functions (PKCS#11 §5.17): no function runs in parallel here

    long C_GetFunctionStatus(long hSession) {
        cryptoki.module().session(hSession);
        return Ck.CKR_FUNCTION_NOT_PARALLEL;
    }

    long C_CancelFunction(long hSession) {
        cryptoki.module().session(hSession);
        return Ck.CKR_FUNCTION_NOT_PARALLEL;
    }
}
