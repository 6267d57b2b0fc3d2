package io.github.eid4j.pkcs11;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.MemoryLayout.paddingLayout;
import static java.lang.foreign.MemoryLayout.sequenceLayout;
import static java.lang.foreign.MemoryLayout.structLayout;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.util.Map;

/**
 * The PKCS#11 structs as Linux on LP64 lays them out: CK_ULONG is 8 bytes and every field is
 * naturally aligned (only Windows packs them to 1 byte). A unit test checks each size and offset
 * against gcc's.
 */
final class Layouts {
    private Layouts() {
    }

    static final StructLayout CK_VERSION = structLayout(JAVA_BYTE.withName("major"), JAVA_BYTE.withName("minor"));

    static final StructLayout CK_INFO = structLayout(
            CK_VERSION.withName("cryptokiVersion"),
            sequenceLayout(32, JAVA_BYTE).withName("manufacturerID"),
            paddingLayout(6),
            JAVA_LONG.withName("flags"),
            sequenceLayout(32, JAVA_BYTE).withName("libraryDescription"),
            CK_VERSION.withName("libraryVersion"),
            paddingLayout(6));

    static final StructLayout CK_SLOT_INFO = structLayout(
            sequenceLayout(64, JAVA_BYTE).withName("slotDescription"),
            sequenceLayout(32, JAVA_BYTE).withName("manufacturerID"),
            JAVA_LONG.withName("flags"),
            CK_VERSION.withName("hardwareVersion"),
            CK_VERSION.withName("firmwareVersion"),
            paddingLayout(4));

    static final StructLayout CK_TOKEN_INFO = structLayout(
            sequenceLayout(32, JAVA_BYTE).withName("label"),
            sequenceLayout(32, JAVA_BYTE).withName("manufacturerID"),
            sequenceLayout(16, JAVA_BYTE).withName("model"),
            sequenceLayout(16, JAVA_BYTE).withName("serialNumber"),
            JAVA_LONG.withName("flags"),
            JAVA_LONG.withName("ulMaxSessionCount"),
            JAVA_LONG.withName("ulSessionCount"),
            JAVA_LONG.withName("ulMaxRwSessionCount"),
            JAVA_LONG.withName("ulRwSessionCount"),
            JAVA_LONG.withName("ulMaxPinLen"),
            JAVA_LONG.withName("ulMinPinLen"),
            JAVA_LONG.withName("ulTotalPublicMemory"),
            JAVA_LONG.withName("ulFreePublicMemory"),
            JAVA_LONG.withName("ulTotalPrivateMemory"),
            JAVA_LONG.withName("ulFreePrivateMemory"),
            CK_VERSION.withName("hardwareVersion"),
            CK_VERSION.withName("firmwareVersion"),
            sequenceLayout(16, JAVA_BYTE).withName("utcTime"),
            paddingLayout(4));

    static final StructLayout CK_SESSION_INFO = structLayout(
            JAVA_LONG.withName("slotID"),
            JAVA_LONG.withName("state"),
            JAVA_LONG.withName("flags"),
            JAVA_LONG.withName("ulDeviceError"));

    static final StructLayout CK_ATTRIBUTE = structLayout(
            JAVA_LONG.withName("type"),
            ADDRESS.withName("pValue"),
            JAVA_LONG.withName("ulValueLen"));

    static final StructLayout CK_MECHANISM = structLayout(
            JAVA_LONG.withName("mechanism"),
            ADDRESS.withName("pParameter"),
            JAVA_LONG.withName("ulParameterLen"));

    static final StructLayout CK_MECHANISM_INFO = structLayout(
            JAVA_LONG.withName("ulMinKeySize"),
            JAVA_LONG.withName("ulMaxKeySize"),
            JAVA_LONG.withName("flags"));

    static final StructLayout CK_C_INITIALIZE_ARGS = structLayout(
            ADDRESS.withName("CreateMutex"),
            ADDRESS.withName("DestroyMutex"),
            ADDRESS.withName("LockMutex"),
            ADDRESS.withName("UnlockMutex"),
            JAVA_LONG.withName("flags"),
            ADDRESS.withName("pReserved"));

    static final StructLayout CK_RSA_PKCS_PSS_PARAMS = structLayout(
            JAVA_LONG.withName("hashAlg"),
            JAVA_LONG.withName("mgf"),
            JAVA_LONG.withName("sLen"));

    static final StructLayout CK_ECDH1_DERIVE_PARAMS = structLayout(
            JAVA_LONG.withName("kdf"),
            JAVA_LONG.withName("ulSharedDataLen"),
            ADDRESS.withName("pSharedData"),
            JAVA_LONG.withName("ulPublicDataLen"),
            ADDRESS.withName("pPublicData"));

    /** Every struct by its C name, for the layout test. */
    static final Map<String, StructLayout> ALL = Map.ofEntries(
            Map.entry("CK_VERSION", CK_VERSION), Map.entry("CK_INFO", CK_INFO), Map.entry("CK_SLOT_INFO", CK_SLOT_INFO),
            Map.entry("CK_TOKEN_INFO", CK_TOKEN_INFO), Map.entry("CK_SESSION_INFO", CK_SESSION_INFO),
            Map.entry("CK_ATTRIBUTE", CK_ATTRIBUTE), Map.entry("CK_MECHANISM", CK_MECHANISM),
            Map.entry("CK_MECHANISM_INFO", CK_MECHANISM_INFO), Map.entry("CK_C_INITIALIZE_ARGS", CK_C_INITIALIZE_ARGS),
            Map.entry("CK_RSA_PKCS_PSS_PARAMS", CK_RSA_PKCS_PSS_PARAMS),
            Map.entry("CK_ECDH1_DERIVE_PARAMS", CK_ECDH1_DERIVE_PARAMS));

    static long offset(MemoryLayout struct, String field) {
        return struct.byteOffset(groupElement(field));
    }

    static long size(MemoryLayout struct, String field) {
        return struct.select(groupElement(field)).byteSize();
    }
}
