package io.github.eid4j.pkcs11;

import static io.github.eid4j.pkcs11.Layouts.CK_ATTRIBUTE;
import static io.github.eid4j.pkcs11.Layouts.CK_ECDH1_DERIVE_PARAMS;
import static io.github.eid4j.pkcs11.Layouts.CK_INFO;
import static io.github.eid4j.pkcs11.Layouts.CK_MECHANISM;
import static io.github.eid4j.pkcs11.Layouts.CK_MECHANISM_INFO;
import static io.github.eid4j.pkcs11.Layouts.CK_RSA_PKCS_PSS_PARAMS;
import static io.github.eid4j.pkcs11.Layouts.CK_SESSION_INFO;
import static io.github.eid4j.pkcs11.Layouts.CK_SLOT_INFO;
import static io.github.eid4j.pkcs11.Layouts.CK_TOKEN_INFO;
import static io.github.eid4j.pkcs11.Layouts.offset;

/**
 * The offsets of the struct fields the entry points read and write, resolved once from
 * {@link Layouts} (whose offsets a unit test checks against gcc's), not looked up by name on
 * every call. Named STRUCT_FIELD after the C names.
 */
final class Offsets {
    private Offsets() {
    }

    static final long INFO_CRYPTOKI_VERSION = offset(CK_INFO, "cryptokiVersion");
    static final long INFO_MANUFACTURER_ID = offset(CK_INFO, "manufacturerID");
    static final long INFO_FLAGS = offset(CK_INFO, "flags");
    static final long INFO_LIBRARY_DESCRIPTION = offset(CK_INFO, "libraryDescription");
    static final long INFO_LIBRARY_VERSION = offset(CK_INFO, "libraryVersion");

    static final long SLOT_INFO_SLOT_DESCRIPTION = offset(CK_SLOT_INFO, "slotDescription");
    static final long SLOT_INFO_MANUFACTURER_ID = offset(CK_SLOT_INFO, "manufacturerID");
    static final long SLOT_INFO_FLAGS = offset(CK_SLOT_INFO, "flags");
    static final long SLOT_INFO_HARDWARE_VERSION = offset(CK_SLOT_INFO, "hardwareVersion");
    static final long SLOT_INFO_FIRMWARE_VERSION = offset(CK_SLOT_INFO, "firmwareVersion");

    static final long TOKEN_INFO_LABEL = offset(CK_TOKEN_INFO, "label");
    static final long TOKEN_INFO_MANUFACTURER_ID = offset(CK_TOKEN_INFO, "manufacturerID");
    static final long TOKEN_INFO_MODEL = offset(CK_TOKEN_INFO, "model");
    static final long TOKEN_INFO_SERIAL_NUMBER = offset(CK_TOKEN_INFO, "serialNumber");
    static final long TOKEN_INFO_FLAGS = offset(CK_TOKEN_INFO, "flags");
    static final long TOKEN_INFO_MAX_SESSION_COUNT = offset(CK_TOKEN_INFO, "ulMaxSessionCount");
    static final long TOKEN_INFO_SESSION_COUNT = offset(CK_TOKEN_INFO, "ulSessionCount");
    static final long TOKEN_INFO_MAX_RW_SESSION_COUNT = offset(CK_TOKEN_INFO, "ulMaxRwSessionCount");
    static final long TOKEN_INFO_RW_SESSION_COUNT = offset(CK_TOKEN_INFO, "ulRwSessionCount");
    static final long TOKEN_INFO_MAX_PIN_LEN = offset(CK_TOKEN_INFO, "ulMaxPinLen");
    static final long TOKEN_INFO_MIN_PIN_LEN = offset(CK_TOKEN_INFO, "ulMinPinLen");
    static final long TOKEN_INFO_TOTAL_PUBLIC_MEMORY = offset(CK_TOKEN_INFO, "ulTotalPublicMemory");
    static final long TOKEN_INFO_FREE_PUBLIC_MEMORY = offset(CK_TOKEN_INFO, "ulFreePublicMemory");
    static final long TOKEN_INFO_TOTAL_PRIVATE_MEMORY = offset(CK_TOKEN_INFO, "ulTotalPrivateMemory");
    static final long TOKEN_INFO_FREE_PRIVATE_MEMORY = offset(CK_TOKEN_INFO, "ulFreePrivateMemory");
    static final long TOKEN_INFO_HARDWARE_VERSION = offset(CK_TOKEN_INFO, "hardwareVersion");
    static final long TOKEN_INFO_FIRMWARE_VERSION = offset(CK_TOKEN_INFO, "firmwareVersion");
    static final long TOKEN_INFO_UTC_TIME = offset(CK_TOKEN_INFO, "utcTime");

    static final long SESSION_INFO_SLOT_ID = offset(CK_SESSION_INFO, "slotID");
    static final long SESSION_INFO_STATE = offset(CK_SESSION_INFO, "state");
    static final long SESSION_INFO_FLAGS = offset(CK_SESSION_INFO, "flags");
    static final long SESSION_INFO_DEVICE_ERROR = offset(CK_SESSION_INFO, "ulDeviceError");

    static final long ATTRIBUTE_TYPE = offset(CK_ATTRIBUTE, "type");
    static final long ATTRIBUTE_VALUE = offset(CK_ATTRIBUTE, "pValue");
    static final long ATTRIBUTE_VALUE_LEN = offset(CK_ATTRIBUTE, "ulValueLen");

    static final long MECHANISM_MECHANISM = offset(CK_MECHANISM, "mechanism");
    static final long MECHANISM_PARAMETER = offset(CK_MECHANISM, "pParameter");
    static final long MECHANISM_PARAMETER_LEN = offset(CK_MECHANISM, "ulParameterLen");

    static final long MECHANISM_INFO_MIN_KEY_SIZE = offset(CK_MECHANISM_INFO, "ulMinKeySize");
    static final long MECHANISM_INFO_MAX_KEY_SIZE = offset(CK_MECHANISM_INFO, "ulMaxKeySize");
    static final long MECHANISM_INFO_FLAGS = offset(CK_MECHANISM_INFO, "flags");

    static final long PSS_PARAMS_HASH_ALG = offset(CK_RSA_PKCS_PSS_PARAMS, "hashAlg");
    static final long PSS_PARAMS_MGF = offset(CK_RSA_PKCS_PSS_PARAMS, "mgf");
    static final long PSS_PARAMS_S_LEN = offset(CK_RSA_PKCS_PSS_PARAMS, "sLen");

    static final long ECDH1_DERIVE_PARAMS_KDF = offset(CK_ECDH1_DERIVE_PARAMS, "kdf");
    static final long ECDH1_DERIVE_PARAMS_SHARED_DATA_LEN = offset(CK_ECDH1_DERIVE_PARAMS, "ulSharedDataLen");
    static final long ECDH1_DERIVE_PARAMS_PUBLIC_DATA_LEN = offset(CK_ECDH1_DERIVE_PARAMS, "ulPublicDataLen");
    static final long ECDH1_DERIVE_PARAMS_PUBLIC_DATA = offset(CK_ECDH1_DERIVE_PARAMS, "pPublicData");
}
