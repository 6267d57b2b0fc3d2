package io.github.eid4j.card.pkcs11bridge;

import java.util.Map;

/** The values of PKCS#11 v2.40 (pkcs11t.h) the bridge uses, and the names of the return values it reports. */
final class Pkcs11Constants {
    private Pkcs11Constants() {
    }

    // Return values.
    static final long CKR_OK = 0x0;
    static final long CKR_FUNCTION_CANCELED = 0x50;
    static final long CKR_CRYPTOKI_ALREADY_INITIALIZED = 0x191;
    static final long CKR_DEVICE_REMOVED = 0x32;
    static final long CKR_PIN_INCORRECT = 0xA0;
    static final long CKR_PIN_INVALID = 0xA1;
    static final long CKR_PIN_LEN_RANGE = 0xA2;
    static final long CKR_PIN_EXPIRED = 0xA3;
    static final long CKR_PIN_LOCKED = 0xA4;
    static final long CKR_SESSION_CLOSED = 0xB0;
    static final long CKR_SESSION_HANDLE_INVALID = 0xB3;
    static final long CKR_TOKEN_NOT_PRESENT = 0xE0;
    static final long CKR_TOKEN_WRITE_PROTECTED = 0xE2;
    static final long CKR_USER_ALREADY_LOGGED_IN = 0x100;
    static final long CKR_USER_NOT_LOGGED_IN = 0x101;
    static final long CKR_BUFFER_TOO_SMALL = 0x150;
    static final long CKR_FUNCTION_NOT_SUPPORTED = 0x54;
    static final long CKR_NO_EVENT = 0x8;
    static final long CKR_CANT_LOCK = 0xA;
    static final long CKR_SLOT_ID_INVALID = 0x3;

    /** The names of the return values a user may meet, for messages. */
    private static final Map<Long, String> NAMES = Map.ofEntries(
            Map.entry(0x1L, "CKR_CANCEL"), Map.entry(0x2L, "CKR_HOST_MEMORY"), Map.entry(CKR_SLOT_ID_INVALID, "CKR_SLOT_ID_INVALID"),
            Map.entry(0x5L, "CKR_GENERAL_ERROR"), Map.entry(0x6L, "CKR_FUNCTION_FAILED"), Map.entry(0x7L, "CKR_ARGUMENTS_BAD"),
            Map.entry(CKR_NO_EVENT, "CKR_NO_EVENT"), Map.entry(CKR_CANT_LOCK, "CKR_CANT_LOCK"),
            Map.entry(0x20L, "CKR_DATA_INVALID"), Map.entry(0x21L, "CKR_DATA_LEN_RANGE"), Map.entry(0x30L, "CKR_DEVICE_ERROR"),
            Map.entry(0x31L, "CKR_DEVICE_MEMORY"), Map.entry(CKR_DEVICE_REMOVED, "CKR_DEVICE_REMOVED"),
            Map.entry(0x40L, "CKR_ENCRYPTED_DATA_INVALID"), Map.entry(0x41L, "CKR_ENCRYPTED_DATA_LEN_RANGE"),
            Map.entry(CKR_FUNCTION_CANCELED, "CKR_FUNCTION_CANCELED"), Map.entry(CKR_FUNCTION_NOT_SUPPORTED, "CKR_FUNCTION_NOT_SUPPORTED"),
            Map.entry(0x60L, "CKR_KEY_HANDLE_INVALID"), Map.entry(0x63L, "CKR_KEY_TYPE_INCONSISTENT"),
            Map.entry(0x68L, "CKR_KEY_FUNCTION_NOT_PERMITTED"), Map.entry(0x70L, "CKR_MECHANISM_INVALID"),
            Map.entry(0x71L, "CKR_MECHANISM_PARAM_INVALID"), Map.entry(0x82L, "CKR_OBJECT_HANDLE_INVALID"),
            Map.entry(0x90L, "CKR_OPERATION_ACTIVE"), Map.entry(0x91L, "CKR_OPERATION_NOT_INITIALIZED"),
            Map.entry(CKR_PIN_INCORRECT, "CKR_PIN_INCORRECT"), Map.entry(CKR_PIN_INVALID, "CKR_PIN_INVALID"),
            Map.entry(CKR_PIN_LEN_RANGE, "CKR_PIN_LEN_RANGE"), Map.entry(CKR_PIN_EXPIRED, "CKR_PIN_EXPIRED"),
            Map.entry(CKR_PIN_LOCKED, "CKR_PIN_LOCKED"), Map.entry(CKR_SESSION_CLOSED, "CKR_SESSION_CLOSED"),
            Map.entry(CKR_SESSION_HANDLE_INVALID, "CKR_SESSION_HANDLE_INVALID"), Map.entry(0xB5L, "CKR_SESSION_READ_ONLY"),
            Map.entry(0xC0L, "CKR_SIGNATURE_INVALID"), Map.entry(0xC1L, "CKR_SIGNATURE_LEN_RANGE"),
            Map.entry(0xD1L, "CKR_TEMPLATE_INCONSISTENT"), Map.entry(CKR_TOKEN_NOT_PRESENT, "CKR_TOKEN_NOT_PRESENT"),
            Map.entry(0xE1L, "CKR_TOKEN_NOT_RECOGNIZED"), Map.entry(CKR_TOKEN_WRITE_PROTECTED, "CKR_TOKEN_WRITE_PROTECTED"),
            Map.entry(CKR_USER_ALREADY_LOGGED_IN, "CKR_USER_ALREADY_LOGGED_IN"), Map.entry(CKR_USER_NOT_LOGGED_IN, "CKR_USER_NOT_LOGGED_IN"),
            Map.entry(0x102L, "CKR_USER_PIN_NOT_INITIALIZED"), Map.entry(0x103L, "CKR_USER_TYPE_INVALID"),
            Map.entry(0x104L, "CKR_USER_ANOTHER_ALREADY_LOGGED_IN"), Map.entry(CKR_BUFFER_TOO_SMALL, "CKR_BUFFER_TOO_SMALL"),
            Map.entry(0x190L, "CKR_CRYPTOKI_NOT_INITIALIZED"), Map.entry(CKR_CRYPTOKI_ALREADY_INITIALIZED, "CKR_CRYPTOKI_ALREADY_INITIALIZED"));

    static String name(long ckr) {
        String name = NAMES.get(ckr);
        return name != null ? name : String.format("CKR 0x%X", ckr);
    }

    // Token flags (CK_TOKEN_INFO.flags).
    /** CK_SLOT_INFO's flags: a reader's slot, whose token (a card) can be taken out. */
    static final long CKF_REMOVABLE_DEVICE = 0x2;
    static final long CKF_LOGIN_REQUIRED = 0x4;
    static final long CKF_USER_PIN_INITIALIZED = 0x8;
    static final long CKF_PROTECTED_AUTHENTICATION_PATH = 0x100;
    static final long CKF_TOKEN_INITIALIZED = 0x400;
    static final long CKF_USER_PIN_COUNT_LOW = 0x10000;
    static final long CKF_USER_PIN_FINAL_TRY = 0x20000;
    static final long CKF_USER_PIN_LOCKED = 0x40000;
    static final long CKF_USER_PIN_TO_BE_CHANGED = 0x80000;
    static final long CKF_SO_PIN_COUNT_LOW = 0x100000;
    static final long CKF_SO_PIN_FINAL_TRY = 0x200000;
    static final long CKF_SO_PIN_LOCKED = 0x400000;
    static final long CKF_SO_PIN_TO_BE_CHANGED = 0x800000;

    // Sessions and users.
    static final long CKF_RW_SESSION = 0x2;
    static final long CKF_SERIAL_SESSION = 0x4;
    static final long CKF_DONT_BLOCK = 0x1;
    /** CK_C_INITIALIZE_ARGS.flags: the module may lock with the system's own primitives, so two threads may call it. */
    static final long CKF_OS_LOCKING_OK = 0x2;
    static final long CKU_SO = 0;
    static final long CKU_USER = 1;
    static final long CKU_CONTEXT_SPECIFIC = 2;
    static final long CKS_RO_USER_FUNCTIONS = 1;
    static final long CKS_RW_USER_FUNCTIONS = 3;

    // Objects and attributes.
    static final long CKO_CERTIFICATE = 1;
    static final long CKO_PRIVATE_KEY = 3;
    static final long CKO_SECRET_KEY = 4;
    static final long CKC_X_509 = 0;
    static final long CKK_GENERIC_SECRET = 0x10;
    static final long CKA_CLASS = 0x0;
    static final long CKA_TOKEN = 0x1;
    static final long CKA_LABEL = 0x3;
    static final long CKA_VALUE = 0x11;
    static final long CKA_CERTIFICATE_TYPE = 0x80;
    static final long CKA_KEY_TYPE = 0x100;
    static final long CKA_ID = 0x102;
    static final long CKA_SENSITIVE = 0x103;
    static final long CKA_DECRYPT = 0x105;
    static final long CKA_SIGN = 0x108;
    static final long CKA_DERIVE = 0x10C;
    static final long CKA_VALUE_LEN = 0x161;
    static final long CKA_EXTRACTABLE = 0x162;
    static final long CKA_ALWAYS_AUTHENTICATE = 0x202;

    // Mechanisms.
    static final long CKM_RSA_PKCS = 0x1;
    static final long CKM_RSA_PKCS_PSS = 0xD;
    static final long CKM_ECDSA = 0x1041;
    static final long CKM_ECDH1_DERIVE = 0x1050;
    static final long CKD_NULL = 0x1;
}
