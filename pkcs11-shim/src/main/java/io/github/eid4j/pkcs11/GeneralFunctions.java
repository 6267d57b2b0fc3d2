package io.github.eid4j.pkcs11;

import static io.github.eid4j.pkcs11.CkrException.require;
import static io.github.eid4j.pkcs11.Layouts.CK_INFO;
import static io.github.eid4j.pkcs11.Layouts.CK_MECHANISM_INFO;
import static io.github.eid4j.pkcs11.Layouts.CK_SLOT_INFO;
import static io.github.eid4j.pkcs11.Layouts.CK_TOKEN_INFO;
import static io.github.eid4j.pkcs11.Native.isNull;
import static io.github.eid4j.pkcs11.Offsets.INFO_CRYPTOKI_VERSION;
import static io.github.eid4j.pkcs11.Offsets.INFO_FLAGS;
import static io.github.eid4j.pkcs11.Offsets.INFO_LIBRARY_DESCRIPTION;
import static io.github.eid4j.pkcs11.Offsets.INFO_LIBRARY_VERSION;
import static io.github.eid4j.pkcs11.Offsets.INFO_MANUFACTURER_ID;
import static io.github.eid4j.pkcs11.Offsets.MECHANISM_INFO_FLAGS;
import static io.github.eid4j.pkcs11.Offsets.MECHANISM_INFO_MAX_KEY_SIZE;
import static io.github.eid4j.pkcs11.Offsets.MECHANISM_INFO_MIN_KEY_SIZE;
import static io.github.eid4j.pkcs11.Offsets.SLOT_INFO_FIRMWARE_VERSION;
import static io.github.eid4j.pkcs11.Offsets.SLOT_INFO_FLAGS;
import static io.github.eid4j.pkcs11.Offsets.SLOT_INFO_HARDWARE_VERSION;
import static io.github.eid4j.pkcs11.Offsets.SLOT_INFO_MANUFACTURER_ID;
import static io.github.eid4j.pkcs11.Offsets.SLOT_INFO_SLOT_DESCRIPTION;
import static io.github.eid4j.pkcs11.Offsets.TOKEN_INFO_FIRMWARE_VERSION;
import static io.github.eid4j.pkcs11.Offsets.TOKEN_INFO_FLAGS;
import static io.github.eid4j.pkcs11.Offsets.TOKEN_INFO_FREE_PRIVATE_MEMORY;
import static io.github.eid4j.pkcs11.Offsets.TOKEN_INFO_FREE_PUBLIC_MEMORY;
import static io.github.eid4j.pkcs11.Offsets.TOKEN_INFO_HARDWARE_VERSION;
import static io.github.eid4j.pkcs11.Offsets.TOKEN_INFO_LABEL;
import static io.github.eid4j.pkcs11.Offsets.TOKEN_INFO_MANUFACTURER_ID;
import static io.github.eid4j.pkcs11.Offsets.TOKEN_INFO_MAX_PIN_LEN;
import static io.github.eid4j.pkcs11.Offsets.TOKEN_INFO_MAX_RW_SESSION_COUNT;
import static io.github.eid4j.pkcs11.Offsets.TOKEN_INFO_MAX_SESSION_COUNT;
import static io.github.eid4j.pkcs11.Offsets.TOKEN_INFO_MIN_PIN_LEN;
import static io.github.eid4j.pkcs11.Offsets.TOKEN_INFO_MODEL;
import static io.github.eid4j.pkcs11.Offsets.TOKEN_INFO_RW_SESSION_COUNT;
import static io.github.eid4j.pkcs11.Offsets.TOKEN_INFO_SERIAL_NUMBER;
import static io.github.eid4j.pkcs11.Offsets.TOKEN_INFO_SESSION_COUNT;
import static io.github.eid4j.pkcs11.Offsets.TOKEN_INFO_TOTAL_PRIVATE_MEMORY;
import static io.github.eid4j.pkcs11.Offsets.TOKEN_INFO_TOTAL_PUBLIC_MEMORY;
import static io.github.eid4j.pkcs11.Offsets.TOKEN_INFO_UTC_TIME;

import java.lang.foreign.MemorySegment;
import java.util.stream.LongStream;

/**
 * General-purpose functions and slot and token management (PKCS#11 §5.4, §5.5; OpenSC's
 * pkcs11-global.c): the module's life, its slots, their tokens and mechanisms. No card
 * operation here but the PIN status C_GetTokenInfo reports.
 */
final class GeneralFunctions {
    private static final int LIBRARY_MAJOR = 0;
    private static final int LIBRARY_MINOR = 1;

    private final Cryptoki cryptoki;

    GeneralFunctions(Cryptoki cryptoki) {
        this.cryptoki = cryptoki;
    }

    /**
     * pInitArgs was checked by the C bootstrap before it started anything (module.c): its rules on
     * threads and locks decide whether a JVM may start at all.
     */
    long C_Initialize(MemorySegment pInitArgs) {
        return cryptoki.initialize();
    }

    long C_Finalize(MemorySegment pReserved) {
        return cryptoki.end(() -> require(isNull(pReserved), Ck.CKR_ARGUMENTS_BAD));
    }

    long C_GetInfo(MemorySegment pInfo) {
        cryptoki.module();
        require(!isNull(pInfo), Ck.CKR_ARGUMENTS_BAD);
        MemorySegment info = Native.struct(pInfo, CK_INFO);
        Native.putVersion(info, INFO_CRYPTOKI_VERSION, 2, 40);
        Native.putText(info, INFO_MANUFACTURER_ID, 32, "eid4j");
        Native.putULong(info, INFO_FLAGS, 0);
        Native.putText(info, INFO_LIBRARY_DESCRIPTION, 32, "eid4j PKCS#11 module");
        Native.putVersion(info, INFO_LIBRARY_VERSION, LIBRARY_MAJOR, LIBRARY_MINOR);
        return Ck.CKR_OK;
    }

    long C_GetSlotList(byte tokenPresent, MemorySegment pSlotList, MemorySegment pulCount) {
        Module m = cryptoki.module();
        return Output.to(pSlotList, pulCount).ulongs(m.slotIds(tokenPresent != 0));
    }

    long C_GetSlotInfo(long slotID, MemorySegment pInfo) {
        Slot slot = cryptoki.module().slot(slotID);
        require(!isNull(pInfo), Ck.CKR_ARGUMENTS_BAD);
        MemorySegment info = Native.struct(pInfo, CK_SLOT_INFO);
        Native.putText(info, SLOT_INFO_SLOT_DESCRIPTION, TokenLabels.DESCRIPTION_BYTES, slot.description());
        Native.putText(info, SLOT_INFO_MANUFACTURER_ID, 32, "eid4j");
        Native.putULong(info, SLOT_INFO_FLAGS, slot.flags());
        Native.putVersion(info, SLOT_INFO_HARDWARE_VERSION, 0, 0);
        Native.putVersion(info, SLOT_INFO_FIRMWARE_VERSION, 0, 0);
        return Ck.CKR_OK;
    }

    long C_GetTokenInfo(long slotID, MemorySegment pInfo) {
        Module m = cryptoki.module();
        Slot slot = m.slot(slotID);
        require(!isNull(pInfo), Ck.CKR_ARGUMENTS_BAD);
        Token token = slot.requireToken();
        MemorySegment info = Native.struct(pInfo, CK_TOKEN_INFO);
        Native.putText(info, TOKEN_INFO_LABEL, TokenLabels.LABEL_BYTES, token.label());
        Native.putText(info, TOKEN_INFO_MANUFACTURER_ID, 32, "eid4j");
        Native.putText(info, TOKEN_INFO_MODEL, 16, token.model());
        Native.putText(info, TOKEN_INFO_SERIAL_NUMBER, TokenLabels.SERIAL_BYTES, token.serial());
        Native.putULong(info, TOKEN_INFO_FLAGS,
                token.flags() | (cryptoki.hasProtectedPath(token) && !token.asksPinAtUse() ? Ck.CKF_PROTECTED_AUTHENTICATION_PATH : 0));
        Native.putULong(info, TOKEN_INFO_MAX_SESSION_COUNT, Ck.CK_EFFECTIVELY_INFINITE);
        Native.putULong(info, TOKEN_INFO_SESSION_COUNT, m.sessionCount(slot, false));
        Native.putULong(info, TOKEN_INFO_MAX_RW_SESSION_COUNT, Ck.CK_EFFECTIVELY_INFINITE);
        Native.putULong(info, TOKEN_INFO_RW_SESSION_COUNT, m.sessionCount(slot, true));
        Native.putULong(info, TOKEN_INFO_MAX_PIN_LEN, token.pin().maxLength());
        Native.putULong(info, TOKEN_INFO_MIN_PIN_LEN, token.pin().minLength());
        for (long memory : new long[] {TOKEN_INFO_TOTAL_PUBLIC_MEMORY, TOKEN_INFO_FREE_PUBLIC_MEMORY, TOKEN_INFO_TOTAL_PRIVATE_MEMORY,
            TOKEN_INFO_FREE_PRIVATE_MEMORY}) {
            Native.putULong(info, memory, Ck.CK_UNAVAILABLE_INFORMATION);
        }
        Native.putVersion(info, TOKEN_INFO_HARDWARE_VERSION, 0, 0);
        Native.putVersion(info, TOKEN_INFO_FIRMWARE_VERSION, 0, 0);
        Native.putText(info, TOKEN_INFO_UTC_TIME, 16, ""); // no clock on the token
        return Ck.CKR_OK;
    }

    long C_GetMechanismList(long slotID, MemorySegment pMechanismList, MemorySegment pulCount) {
        Token token = cryptoki.module().slot(slotID).requireToken();
        LongStream.Builder types = LongStream.builder();
        token.mechanisms().forEach(m -> types.add(m.type()));
        if (token.derives()) {
            types.add(Ck.CKM_ECDH1_DERIVE);
        }
        LongStream.of(Mechanism.DIGESTS).forEach(types::add);
        return Output.to(pMechanismList, pulCount).ulongs(types.build().toArray());
    }

    long C_GetMechanismInfo(long slotID, long type, MemorySegment pInfo) {
        Token token = cryptoki.module().slot(slotID).requireToken();
        require(!isNull(pInfo), Ck.CKR_ARGUMENTS_BAD);
        long[] values;
        if (Mechanism.hashOf(type).isPresent()) {
            values = new long[] {0, 0, Ck.CKF_DIGEST};
        } else if (type == Ck.CKM_ECDH1_DERIVE && token.derives()) {
            values = token.deriveInfo();
        } else {
            Mechanism mechanism = Mechanism.of(type).filter(token.mechanisms()::contains)
                    .orElseThrow(() -> new CkrException(Ck.CKR_MECHANISM_INVALID));
            values = token.mechanismInfo(mechanism);
        }
        MemorySegment info = Native.struct(pInfo, CK_MECHANISM_INFO);
        Native.putULong(info, MECHANISM_INFO_MIN_KEY_SIZE, values[0]);
        Native.putULong(info, MECHANISM_INFO_MAX_KEY_SIZE, values[1]);
        Native.putULong(info, MECHANISM_INFO_FLAGS, values[2]);
        return Ck.CKR_OK;
    }

    /**
     * A slot whose token came or went (a card inserted or removed in a reader): at once with
     * CKF_DONT_BLOCK (CKR_NO_EVENT if none), else when one happens or C_Finalize ends the wait.
     */
    long C_WaitForSlotEvent(long flags, MemorySegment pSlot, MemorySegment pReserved) {
        Module m = cryptoki.module();
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
}
