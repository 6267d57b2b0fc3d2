package io.github.eid4j.card.pkcs11bridge;

import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.NativeLongByReference;

/**
 * The functions of a PKCS#11 module the bridge calls, by their names in the specification
 * (PKCS#11 v2.40 §5), reached through the module's function list ({@link FunctionList}). CK_ULONG
 * is a C {@code unsigned long}: {@link NativeLong}. Structures are passed as JNA memory laid out
 * by {@link Structs}. Every call runs on the module's thread ({@link Pkcs11Module}).
 */
interface Pkcs11Library {
    NativeLong C_Initialize(Pointer initArgs);

    NativeLong C_Finalize(Pointer reserved);

    NativeLong C_GetSlotList(byte tokenPresent, NativeLong[] slots, NativeLongByReference count);

    NativeLong C_GetSlotInfo(NativeLong slot, Pointer info);

    NativeLong C_GetTokenInfo(NativeLong slot, Pointer info);

    NativeLong C_GetMechanismList(NativeLong slot, NativeLong[] mechanisms, NativeLongByReference count);

    NativeLong C_WaitForSlotEvent(NativeLong flags, NativeLongByReference slot, Pointer reserved);

    NativeLong C_OpenSession(NativeLong slot, NativeLong flags, Pointer application, Pointer notify, NativeLongByReference session);

    NativeLong C_CloseSession(NativeLong session);

    NativeLong C_GetSessionInfo(NativeLong session, Pointer info);

    NativeLong C_Login(NativeLong session, NativeLong userType, byte[] pin, NativeLong pinLength);

    NativeLong C_Logout(NativeLong session);

    NativeLong C_InitPIN(NativeLong session, byte[] pin, NativeLong pinLength);

    NativeLong C_SetPIN(NativeLong session, byte[] oldPin, NativeLong oldLength, byte[] newPin, NativeLong newLength);

    NativeLong C_FindObjectsInit(NativeLong session, Pointer template, NativeLong count);

    NativeLong C_FindObjects(NativeLong session, NativeLong[] objects, NativeLong max, NativeLongByReference count);

    NativeLong C_FindObjectsFinal(NativeLong session);

    NativeLong C_GetAttributeValue(NativeLong session, NativeLong object, Pointer template, NativeLong count);

    NativeLong C_DestroyObject(NativeLong session, NativeLong object);

    NativeLong C_SignInit(NativeLong session, Pointer mechanism, NativeLong key);

    NativeLong C_Sign(NativeLong session, byte[] data, NativeLong dataLength, byte[] signature, NativeLongByReference signatureLength);

    NativeLong C_DecryptInit(NativeLong session, Pointer mechanism, NativeLong key);

    NativeLong C_Decrypt(NativeLong session, byte[] cryptogram, NativeLong length, byte[] data, NativeLongByReference dataLength);

    NativeLong C_DeriveKey(NativeLong session, Pointer mechanism, NativeLong baseKey, Pointer template, NativeLong count,
            NativeLongByReference key);
}
