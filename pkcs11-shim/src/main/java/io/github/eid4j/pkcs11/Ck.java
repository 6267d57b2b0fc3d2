package io.github.eid4j.pkcs11;

/**
 * The PKCS#11 v2.40 constants this module uses, with the names and values of the standard header
 * (p11-kit's pkcs11.h). CK_ULONG values are Java longs; CK_BBOOL values are bytes.
 */
final class Ck {
    private Ck() {
    }

    static final long CK_UNAVAILABLE_INFORMATION = -1L;
    static final long CK_EFFECTIVELY_INFINITE = 0L;
    static final long CK_INVALID_HANDLE = 0L;

    // ---- return values
    static final long CKR_OK = 0x0;
    static final long CKR_HOST_MEMORY = 0x2;
    static final long CKR_SLOT_ID_INVALID = 0x3;
    static final long CKR_GENERAL_ERROR = 0x5;
    static final long CKR_FUNCTION_FAILED = 0x6;
    static final long CKR_ARGUMENTS_BAD = 0x7;
    static final long CKR_NO_EVENT = 0x8;
    static final long CKR_NEED_TO_CREATE_THREADS = 0x9;
    static final long CKR_CANT_LOCK = 0xA;
    static final long CKR_ATTRIBUTE_READ_ONLY = 0x10;
    static final long CKR_ATTRIBUTE_SENSITIVE = 0x11;
    static final long CKR_ATTRIBUTE_TYPE_INVALID = 0x12;
    static final long CKR_ATTRIBUTE_VALUE_INVALID = 0x13;
    static final long CKR_DATA_INVALID = 0x20;
    static final long CKR_DATA_LEN_RANGE = 0x21;
    static final long CKR_DEVICE_ERROR = 0x30;
    static final long CKR_DEVICE_REMOVED = 0x32;
    static final long CKR_FUNCTION_CANCELED = 0x50;
    static final long CKR_FUNCTION_NOT_PARALLEL = 0x51;
    static final long CKR_FUNCTION_NOT_SUPPORTED = 0x54;
    static final long CKR_KEY_HANDLE_INVALID = 0x60;
    static final long CKR_KEY_TYPE_INCONSISTENT = 0x63;
    static final long CKR_KEY_FUNCTION_NOT_PERMITTED = 0x68;
    static final long CKR_MECHANISM_INVALID = 0x70;
    static final long CKR_ENCRYPTED_DATA_INVALID = 0x40;
    static final long CKR_ENCRYPTED_DATA_LEN_RANGE = 0x41;
    static final long CKR_MECHANISM_PARAM_INVALID = 0x71;
    static final long CKR_OBJECT_HANDLE_INVALID = 0x82;
    static final long CKR_OPERATION_ACTIVE = 0x90;
    static final long CKR_OPERATION_NOT_INITIALIZED = 0x91;
    static final long CKR_PIN_INCORRECT = 0xA0;
    static final long CKR_PIN_INVALID = 0xA1;
    static final long CKR_SESSION_READ_ONLY = 0xB5;
    static final long CKR_SESSION_CLOSED = 0xB0;
    static final long CKR_SESSION_READ_ONLY_EXISTS = 0xB7;
    static final long CKR_SESSION_READ_WRITE_SO_EXISTS = 0xB8;
    static final long CKR_USER_ANOTHER_ALREADY_LOGGED_IN = 0x104;
    static final long CKS_RW_SO_FUNCTIONS = 4;
    static final long CKF_SO_PIN_COUNT_LOW = 0x100000;
    static final long CKF_SO_PIN_FINAL_TRY = 0x200000;
    static final long CKF_SO_PIN_LOCKED = 0x400000;
    static final long CKR_PIN_LEN_RANGE = 0xA2;
    static final long CKR_PIN_EXPIRED = 0xA3;
    static final long CKR_PIN_LOCKED = 0xA4;
    static final long CKR_SESSION_HANDLE_INVALID = 0xB3;
    static final long CKR_SESSION_PARALLEL_NOT_SUPPORTED = 0xB4;
    static final long CKR_TEMPLATE_INCONSISTENT = 0xD1;
    static final long CKR_TOKEN_NOT_PRESENT = 0xE0;
    static final long CKR_TOKEN_NOT_RECOGNIZED = 0xE1;
    static final long CKR_TOKEN_WRITE_PROTECTED = 0xE2;
    static final long CKR_USER_ALREADY_LOGGED_IN = 0x100;
    static final long CKR_USER_NOT_LOGGED_IN = 0x101;
    static final long CKR_USER_PIN_NOT_INITIALIZED = 0x102;
    static final long CKR_USER_TYPE_INVALID = 0x103;
    static final long CKR_RANDOM_SEED_NOT_SUPPORTED = 0x120;
    static final long CKR_BUFFER_TOO_SMALL = 0x150;
    static final long CKR_CRYPTOKI_NOT_INITIALIZED = 0x190;
    static final long CKR_CRYPTOKI_ALREADY_INITIALIZED = 0x191;

    // ---- flags
    static final long CKF_TOKEN_PRESENT = 0x1;
    static final long CKF_REMOVABLE_DEVICE = 0x2;
    static final long CKF_HW_SLOT = 0x4;

    static final long CKF_RNG = 0x1;
    static final long CKF_WRITE_PROTECTED = 0x2;
    static final long CKF_LOGIN_REQUIRED = 0x4;
    static final long CKF_USER_PIN_INITIALIZED = 0x8;
    static final long CKF_PROTECTED_AUTHENTICATION_PATH = 0x100;
    static final long CKF_TOKEN_INITIALIZED = 0x400;
    static final long CKF_USER_PIN_COUNT_LOW = 0x10000;
    static final long CKF_USER_PIN_FINAL_TRY = 0x20000;
    static final long CKF_USER_PIN_LOCKED = 0x40000;
    static final long CKF_USER_PIN_TO_BE_CHANGED = 0x80000;

    static final long CKF_RW_SESSION = 0x2;
    static final long CKF_SERIAL_SESSION = 0x4;

    static final long CKF_HW = 0x1;
    static final long CKF_DECRYPT = 0x200;
    static final long CKF_DIGEST = 0x400;
    static final long CKF_DERIVE = 0x80000;
    static final long CKF_SIGN = 0x800;
    static final long CKF_EC_F_P = 0x100000;
    static final long CKF_EC_NAMEDCURVE = 0x800000;
    static final long CKF_EC_UNCOMPRESS = 0x1000000;

    static final long CKF_LIBRARY_CANT_CREATE_OS_THREADS = 0x1;
    static final long CKF_OS_LOCKING_OK = 0x2;
    static final long CKF_DONT_BLOCK = 0x1;

    // ---- users and session states
    static final long CKU_SO = 0;
    static final long CKU_USER = 1;
    static final long CKU_CONTEXT_SPECIFIC = 2;

    static final long CKS_RO_PUBLIC_SESSION = 0;
    static final long CKS_RO_USER_FUNCTIONS = 1;
    static final long CKS_RW_PUBLIC_SESSION = 2;
    static final long CKS_RW_USER_FUNCTIONS = 3;

    // ---- objects
    static final long CKO_CERTIFICATE = 1;
    static final long CKO_PUBLIC_KEY = 2;
    static final long CKO_PRIVATE_KEY = 3;
    static final long CKO_SECRET_KEY = 4;
    static final long CKK_GENERIC_SECRET = 0x10;
    static final long CKM_ECDH1_DERIVE = 0x1050;
    static final long CKD_NULL = 1;

    static final long CKK_RSA = 0;
    static final long CKK_EC = 3;

    static final long CKC_X_509 = 0;

    static final long CKA_CLASS = 0x0;
    static final long CKA_TOKEN = 0x1;
    static final long CKA_PRIVATE = 0x2;
    static final long CKA_LABEL = 0x3;
    static final long CKA_VALUE = 0x11;
    static final long CKA_CERTIFICATE_TYPE = 0x80;
    static final long CKA_ISSUER = 0x81;
    static final long CKA_SERIAL_NUMBER = 0x82;
    static final long CKA_TRUSTED = 0x86;
    static final long CKA_CERTIFICATE_CATEGORY = 0x87;
    static final long CKA_CHECK_VALUE = 0x90;
    static final long CKA_KEY_TYPE = 0x100;
    static final long CKA_SUBJECT = 0x101;
    static final long CKA_ID = 0x102;
    static final long CKA_SENSITIVE = 0x103;
    static final long CKA_ENCRYPT = 0x104;
    static final long CKA_DECRYPT = 0x105;
    static final long CKA_WRAP = 0x106;
    static final long CKA_UNWRAP = 0x107;
    static final long CKA_SIGN = 0x108;
    static final long CKA_SIGN_RECOVER = 0x109;
    static final long CKA_VERIFY = 0x10A;
    static final long CKA_VERIFY_RECOVER = 0x10B;
    static final long CKA_DERIVE = 0x10C;
    static final long CKA_START_DATE = 0x110;
    static final long CKA_END_DATE = 0x111;
    static final long CKA_MODULUS = 0x120;
    static final long CKA_MODULUS_BITS = 0x121;
    static final long CKA_PUBLIC_EXPONENT = 0x122;
    static final long CKA_PRIVATE_EXPONENT = 0x123;
    static final long CKA_PRIME_1 = 0x124;
    static final long CKA_PRIME_2 = 0x125;
    static final long CKA_EXPONENT_1 = 0x126;
    static final long CKA_EXPONENT_2 = 0x127;
    static final long CKA_COEFFICIENT = 0x128;
    static final long CKA_PUBLIC_KEY_INFO = 0x129;
    static final long CKA_VALUE_LEN = 0x161;
    static final long CKA_EXTRACTABLE = 0x162;
    static final long CKA_LOCAL = 0x163;
    static final long CKA_NEVER_EXTRACTABLE = 0x164;
    static final long CKA_ALWAYS_SENSITIVE = 0x165;
    static final long CKA_KEY_GEN_MECHANISM = 0x166;
    static final long CKA_MODIFIABLE = 0x170;
    static final long CKA_COPYABLE = 0x171;
    static final long CKA_DESTROYABLE = 0x172;
    static final long CKA_EC_PARAMS = 0x180;
    static final long CKA_EC_POINT = 0x181;
    static final long CKA_ALWAYS_AUTHENTICATE = 0x202;
    static final long CKA_WRAP_WITH_TRUSTED = 0x210;
    static final long CKA_ALLOWED_MECHANISMS = 0x40000600L;

    // ---- mechanisms
    static final long CKM_RSA_PKCS = 0x1;
    static final long CKM_RSA_PKCS_PSS = 0xD;
    static final long CKM_SHA256_RSA_PKCS = 0x40;
    static final long CKM_SHA384_RSA_PKCS = 0x41;
    static final long CKM_SHA512_RSA_PKCS = 0x42;
    static final long CKM_SHA256_RSA_PKCS_PSS = 0x43;
    static final long CKM_SHA384_RSA_PKCS_PSS = 0x44;
    static final long CKM_SHA512_RSA_PKCS_PSS = 0x45;
    static final long CKM_SHA_1 = 0x220;
    static final long CKM_SHA256 = 0x250;
    static final long CKM_SHA224 = 0x255;
    static final long CKM_SHA384 = 0x260;
    static final long CKM_SHA512 = 0x270;
    static final long CKM_ECDSA = 0x1041;
    static final long CKM_SHA1_RSA_PKCS = 0x6;
    static final long CKM_SHA224_RSA_PKCS = 0x46;
    static final long CKM_ECDSA_SHA1 = 0x1042;
    static final long CKM_ECDSA_SHA224 = 0x1043;
    static final long CKM_ECDSA_SHA256 = 0x1044;
    static final long CKM_ECDSA_SHA384 = 0x1045;
    static final long CKM_ECDSA_SHA512 = 0x1046;

    static final long CKG_MGF1_SHA1 = 0x1;
    static final long CKG_MGF1_SHA256 = 0x2;
    static final long CKG_MGF1_SHA384 = 0x3;
    static final long CKG_MGF1_SHA512 = 0x4;
    static final long CKG_MGF1_SHA224 = 0x5;
}
