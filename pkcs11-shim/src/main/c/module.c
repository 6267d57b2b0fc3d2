/*
 * The exported PKCS#11 entry points. C_GetFunctionList hands out a static CK_FUNCTION_LIST whose
 * entries forward each call to the Java upcall stub at the same index of the Java table, which
 * Java makes on the function's first call. The JVM is started (or joined) by the first
 * C_Initialize; it is never destroyed.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "shim.h"

#define EXPORT __attribute__((visibility("default")))

/*
 * Every forwarded function: its index in CK_FUNCTION_LIST (and in the Java table), name,
 * parameters and arguments. C_Initialize (0) and C_GetFunctionList (3) are written out below.
 */
#define EID4J_FORWARDED(X) \
    X(1, C_Finalize, (CK_VOID_PTR reserved), (reserved)) \
    X(2, C_GetInfo, (CK_INFO_PTR info), (info)) \
    X(4, C_GetSlotList, (CK_BBOOL present, CK_SLOT_ID_PTR list, CK_ULONG_PTR count), (present, list, count)) \
    X(5, C_GetSlotInfo, (CK_SLOT_ID slot, CK_SLOT_INFO_PTR info), (slot, info)) \
    X(6, C_GetTokenInfo, (CK_SLOT_ID slot, CK_TOKEN_INFO_PTR info), (slot, info)) \
    X(7, C_GetMechanismList, (CK_SLOT_ID slot, CK_MECHANISM_TYPE_PTR list, CK_ULONG_PTR count), (slot, list, count)) \
    X(8, C_GetMechanismInfo, (CK_SLOT_ID slot, CK_MECHANISM_TYPE type, CK_MECHANISM_INFO_PTR info), (slot, type, info)) \
    X(9, C_InitToken, (CK_SLOT_ID slot, CK_UTF8CHAR_PTR pin, CK_ULONG len, CK_UTF8CHAR_PTR label), (slot, pin, len, label)) \
    X(10, C_InitPIN, (CK_SESSION_HANDLE s, CK_UTF8CHAR_PTR pin, CK_ULONG len), (s, pin, len)) \
    X(11, C_SetPIN, (CK_SESSION_HANDLE s, CK_UTF8CHAR_PTR old, CK_ULONG old_len, CK_UTF8CHAR_PTR pin, CK_ULONG len), \
      (s, old, old_len, pin, len)) \
    X(12, C_OpenSession, (CK_SLOT_ID slot, CK_FLAGS flags, CK_VOID_PTR app, CK_NOTIFY notify, CK_SESSION_HANDLE_PTR s), \
      (slot, flags, app, notify, s)) \
    X(13, C_CloseSession, (CK_SESSION_HANDLE s), (s)) \
    X(14, C_CloseAllSessions, (CK_SLOT_ID slot), (slot)) \
    X(15, C_GetSessionInfo, (CK_SESSION_HANDLE s, CK_SESSION_INFO_PTR info), (s, info)) \
    X(16, C_GetOperationState, (CK_SESSION_HANDLE s, CK_BYTE_PTR state, CK_ULONG_PTR len), (s, state, len)) \
    X(17, C_SetOperationState, (CK_SESSION_HANDLE s, CK_BYTE_PTR state, CK_ULONG len, CK_OBJECT_HANDLE enc, \
      CK_OBJECT_HANDLE auth), (s, state, len, enc, auth)) \
    X(18, C_Login, (CK_SESSION_HANDLE s, CK_USER_TYPE user, CK_UTF8CHAR_PTR pin, CK_ULONG len), (s, user, pin, len)) \
    X(19, C_Logout, (CK_SESSION_HANDLE s), (s)) \
    X(20, C_CreateObject, (CK_SESSION_HANDLE s, CK_ATTRIBUTE_PTR t, CK_ULONG n, CK_OBJECT_HANDLE_PTR o), (s, t, n, o)) \
    X(21, C_CopyObject, (CK_SESSION_HANDLE s, CK_OBJECT_HANDLE o, CK_ATTRIBUTE_PTR t, CK_ULONG n, CK_OBJECT_HANDLE_PTR c), \
      (s, o, t, n, c)) \
    X(22, C_DestroyObject, (CK_SESSION_HANDLE s, CK_OBJECT_HANDLE o), (s, o)) \
    X(23, C_GetObjectSize, (CK_SESSION_HANDLE s, CK_OBJECT_HANDLE o, CK_ULONG_PTR size), (s, o, size)) \
    X(24, C_GetAttributeValue, (CK_SESSION_HANDLE s, CK_OBJECT_HANDLE o, CK_ATTRIBUTE_PTR t, CK_ULONG n), (s, o, t, n)) \
    X(25, C_SetAttributeValue, (CK_SESSION_HANDLE s, CK_OBJECT_HANDLE o, CK_ATTRIBUTE_PTR t, CK_ULONG n), (s, o, t, n)) \
    X(26, C_FindObjectsInit, (CK_SESSION_HANDLE s, CK_ATTRIBUTE_PTR t, CK_ULONG n), (s, t, n)) \
    X(27, C_FindObjects, (CK_SESSION_HANDLE s, CK_OBJECT_HANDLE_PTR o, CK_ULONG max, CK_ULONG_PTR n), (s, o, max, n)) \
    X(28, C_FindObjectsFinal, (CK_SESSION_HANDLE s), (s)) \
    X(29, C_EncryptInit, (CK_SESSION_HANDLE s, CK_MECHANISM_PTR m, CK_OBJECT_HANDLE k), (s, m, k)) \
    X(30, C_Encrypt, (CK_SESSION_HANDLE s, CK_BYTE_PTR in, CK_ULONG in_len, CK_BYTE_PTR out, CK_ULONG_PTR out_len), \
      (s, in, in_len, out, out_len)) \
    X(31, C_EncryptUpdate, (CK_SESSION_HANDLE s, CK_BYTE_PTR in, CK_ULONG in_len, CK_BYTE_PTR out, CK_ULONG_PTR out_len), \
      (s, in, in_len, out, out_len)) \
    X(32, C_EncryptFinal, (CK_SESSION_HANDLE s, CK_BYTE_PTR out, CK_ULONG_PTR out_len), (s, out, out_len)) \
    X(33, C_DecryptInit, (CK_SESSION_HANDLE s, CK_MECHANISM_PTR m, CK_OBJECT_HANDLE k), (s, m, k)) \
    X(34, C_Decrypt, (CK_SESSION_HANDLE s, CK_BYTE_PTR in, CK_ULONG in_len, CK_BYTE_PTR out, CK_ULONG_PTR out_len), \
      (s, in, in_len, out, out_len)) \
    X(35, C_DecryptUpdate, (CK_SESSION_HANDLE s, CK_BYTE_PTR in, CK_ULONG in_len, CK_BYTE_PTR out, CK_ULONG_PTR out_len), \
      (s, in, in_len, out, out_len)) \
    X(36, C_DecryptFinal, (CK_SESSION_HANDLE s, CK_BYTE_PTR out, CK_ULONG_PTR out_len), (s, out, out_len)) \
    X(37, C_DigestInit, (CK_SESSION_HANDLE s, CK_MECHANISM_PTR m), (s, m)) \
    X(38, C_Digest, (CK_SESSION_HANDLE s, CK_BYTE_PTR in, CK_ULONG in_len, CK_BYTE_PTR out, CK_ULONG_PTR out_len), \
      (s, in, in_len, out, out_len)) \
    X(39, C_DigestUpdate, (CK_SESSION_HANDLE s, CK_BYTE_PTR in, CK_ULONG in_len), (s, in, in_len)) \
    X(40, C_DigestKey, (CK_SESSION_HANDLE s, CK_OBJECT_HANDLE k), (s, k)) \
    X(41, C_DigestFinal, (CK_SESSION_HANDLE s, CK_BYTE_PTR out, CK_ULONG_PTR out_len), (s, out, out_len)) \
    X(42, C_SignInit, (CK_SESSION_HANDLE s, CK_MECHANISM_PTR m, CK_OBJECT_HANDLE k), (s, m, k)) \
    X(43, C_Sign, (CK_SESSION_HANDLE s, CK_BYTE_PTR in, CK_ULONG in_len, CK_BYTE_PTR out, CK_ULONG_PTR out_len), \
      (s, in, in_len, out, out_len)) \
    X(44, C_SignUpdate, (CK_SESSION_HANDLE s, CK_BYTE_PTR in, CK_ULONG in_len), (s, in, in_len)) \
    X(45, C_SignFinal, (CK_SESSION_HANDLE s, CK_BYTE_PTR out, CK_ULONG_PTR out_len), (s, out, out_len)) \
    X(46, C_SignRecoverInit, (CK_SESSION_HANDLE s, CK_MECHANISM_PTR m, CK_OBJECT_HANDLE k), (s, m, k)) \
    X(47, C_SignRecover, (CK_SESSION_HANDLE s, CK_BYTE_PTR in, CK_ULONG in_len, CK_BYTE_PTR out, CK_ULONG_PTR out_len), \
      (s, in, in_len, out, out_len)) \
    X(48, C_VerifyInit, (CK_SESSION_HANDLE s, CK_MECHANISM_PTR m, CK_OBJECT_HANDLE k), (s, m, k)) \
    X(49, C_Verify, (CK_SESSION_HANDLE s, CK_BYTE_PTR in, CK_ULONG in_len, CK_BYTE_PTR sig, CK_ULONG sig_len), \
      (s, in, in_len, sig, sig_len)) \
    X(50, C_VerifyUpdate, (CK_SESSION_HANDLE s, CK_BYTE_PTR in, CK_ULONG in_len), (s, in, in_len)) \
    X(51, C_VerifyFinal, (CK_SESSION_HANDLE s, CK_BYTE_PTR sig, CK_ULONG sig_len), (s, sig, sig_len)) \
    X(52, C_VerifyRecoverInit, (CK_SESSION_HANDLE s, CK_MECHANISM_PTR m, CK_OBJECT_HANDLE k), (s, m, k)) \
    X(53, C_VerifyRecover, (CK_SESSION_HANDLE s, CK_BYTE_PTR in, CK_ULONG in_len, CK_BYTE_PTR out, CK_ULONG_PTR out_len), \
      (s, in, in_len, out, out_len)) \
    X(54, C_DigestEncryptUpdate, (CK_SESSION_HANDLE s, CK_BYTE_PTR in, CK_ULONG in_len, CK_BYTE_PTR out, \
      CK_ULONG_PTR out_len), (s, in, in_len, out, out_len)) \
    X(55, C_DecryptDigestUpdate, (CK_SESSION_HANDLE s, CK_BYTE_PTR in, CK_ULONG in_len, CK_BYTE_PTR out, \
      CK_ULONG_PTR out_len), (s, in, in_len, out, out_len)) \
    X(56, C_SignEncryptUpdate, (CK_SESSION_HANDLE s, CK_BYTE_PTR in, CK_ULONG in_len, CK_BYTE_PTR out, \
      CK_ULONG_PTR out_len), (s, in, in_len, out, out_len)) \
    X(57, C_DecryptVerifyUpdate, (CK_SESSION_HANDLE s, CK_BYTE_PTR in, CK_ULONG in_len, CK_BYTE_PTR out, \
      CK_ULONG_PTR out_len), (s, in, in_len, out, out_len)) \
    X(58, C_GenerateKey, (CK_SESSION_HANDLE s, CK_MECHANISM_PTR m, CK_ATTRIBUTE_PTR t, CK_ULONG n, CK_OBJECT_HANDLE_PTR k), \
      (s, m, t, n, k)) \
    X(59, C_GenerateKeyPair, (CK_SESSION_HANDLE s, CK_MECHANISM_PTR m, CK_ATTRIBUTE_PTR pub_t, CK_ULONG pub_n, \
      CK_ATTRIBUTE_PTR priv_t, CK_ULONG priv_n, CK_OBJECT_HANDLE_PTR pub, CK_OBJECT_HANDLE_PTR priv), \
      (s, m, pub_t, pub_n, priv_t, priv_n, pub, priv)) \
    X(60, C_WrapKey, (CK_SESSION_HANDLE s, CK_MECHANISM_PTR m, CK_OBJECT_HANDLE wrapping, CK_OBJECT_HANDLE k, \
      CK_BYTE_PTR out, CK_ULONG_PTR out_len), (s, m, wrapping, k, out, out_len)) \
    X(61, C_UnwrapKey, (CK_SESSION_HANDLE s, CK_MECHANISM_PTR m, CK_OBJECT_HANDLE unwrapping, CK_BYTE_PTR in, \
      CK_ULONG in_len, CK_ATTRIBUTE_PTR t, CK_ULONG n, CK_OBJECT_HANDLE_PTR k), (s, m, unwrapping, in, in_len, t, n, k)) \
    X(62, C_DeriveKey, (CK_SESSION_HANDLE s, CK_MECHANISM_PTR m, CK_OBJECT_HANDLE base, CK_ATTRIBUTE_PTR t, CK_ULONG n, \
      CK_OBJECT_HANDLE_PTR k), (s, m, base, t, n, k)) \
    X(63, C_SeedRandom, (CK_SESSION_HANDLE s, CK_BYTE_PTR seed, CK_ULONG len), (s, seed, len)) \
    X(64, C_GenerateRandom, (CK_SESSION_HANDLE s, CK_BYTE_PTR out, CK_ULONG len), (s, out, len)) \
    X(65, C_GetFunctionStatus, (CK_SESSION_HANDLE s), (s)) \
    X(66, C_CancelFunction, (CK_SESSION_HANDLE s), (s)) \
    X(67, C_WaitForSlotEvent, (CK_FLAGS flags, CK_SLOT_ID_PTR slot, CK_VOID_PTR reserved), (flags, slot, reserved))

/* The Java table: upcall stubs, each asked of java_stub on its function's first call. */
static void *java_table[EID4J_FUNCTION_COUNT];
static eid4j_stub_resolver java_stub; /* set once by the first successful C_Initialize, before java_ready */
static int java_ready;          /* read with acquire, written with release under init_lock */
static pid_t java_pid;          /* the process that began to start or join the JVM; 0 before */
static pthread_mutex_t init_lock = PTHREAD_MUTEX_INITIALIZER;

/*
 * A forked child has the parent's memory but not its JVM threads (nor a JVM half started), and
 * HotSpot cannot start a second JVM in that memory, so nothing there may touch Java. PKCS#11
 * ("Applications and processes") makes the child a new application that must call C_Initialize
 * itself: its other calls answer CKR_CRYPTOKI_NOT_INITIALIZED, and C_Initialize says it cannot.
 */
static int forked(void)
{
    pid_t pid = __atomic_load_n(&java_pid, __ATOMIC_ACQUIRE);

    return pid != 0 && pid != getpid();
}

/* The child of a fork during a C_Initialize must not wait for a lock no thread of its own holds. */
static void reset_lock_in_child(void)
{
    pthread_mutex_init(&init_lock, NULL);
}

__attribute__((constructor)) static void at_load(void)
{
    pthread_atfork(NULL, NULL, reset_lock_in_child);
}

/* Whether a call may go to Java. */
static CK_RV enter(void)
{
    if (forked() || !__atomic_load_n(&java_ready, __ATOMIC_ACQUIRE))
        return CKR_CRYPTOKI_NOT_INITIALIZED;
    if (eid4j_java_attach() != 0)
        return CKR_GENERAL_ERROR;
    return CKR_OK;
}

/*
 * The upcall stub of the function at index. Java makes a stub only when it is first needed (each
 * costs it tens of milliseconds while the JVM is new); two threads asking at once get the same one.
 */
static void *java_function(int index)
{
    void *stub = __atomic_load_n(&java_table[index], __ATOMIC_ACQUIRE);

    if (stub == NULL) {
        stub = (void *) (intptr_t) java_stub((CK_ULONG) index);
        __atomic_store_n(&java_table[index], stub, __ATOMIC_RELEASE);
    }
    return stub;
}

#define FORWARD(index, name, params, args) \
    _Static_assert(offsetof(CK_FUNCTION_LIST, name) == sizeof(void *) * ((index) + 1), #name " is at index " #index); \
    static CK_RV forward_##name params \
    { \
        CK_RV rv = enter(); \
        void *stub; \
        if (rv != CKR_OK) \
            return rv; \
        stub = java_function(index); \
        return stub == NULL ? CKR_GENERAL_ERROR : ((CK_##name) stub) args; \
    }
EID4J_FORWARDED(FORWARD)

_Static_assert(offsetof(CK_FUNCTION_LIST, C_Initialize) == sizeof(void *), "C_Initialize is at index 0");
_Static_assert(offsetof(CK_FUNCTION_LIST, C_GetFunctionList) == 4 * sizeof(void *), "C_GetFunctionList is at index 3");
_Static_assert(sizeof(CK_FUNCTION_LIST) == sizeof(void *) * (EID4J_FUNCTION_COUNT + 1), "68 functions");

/*
 * A process that ends without C_Finalize (openssl with libp11's engine does) would leave a PIN it
 * verified on the card for the next program until pcscd notices the process is gone. So the module
 * finalizes for it at exit, which logs out and resets the cards it verified a PIN on. Only in a JVM
 * of its own: an application's JVM runs eid4j's shutdown hook instead, and is not to be called into
 * while it exits. atexit, not a destructor: the handler runs before libjvm's own exit handlers.
 */
static void finalize_at_exit(void)
{
    (void) forward_C_Finalize(NULL); /* not initialized (any more), or forked: nothing to do */
}

/*
 * C_Initialize's arguments (PKCS#11 2.40 and 3.0, C_Initialize), checked here because they decide
 * whether the module may start at all: a JVM is threads, and it locks with the OS's primitives.
 */
static CK_RV check_init_args(const CK_C_INITIALIZE_ARGS *args)
{
    int callbacks;

    if (args == NULL)
        return CKR_OK;
    if (args->pReserved != NULL)
        return CKR_ARGUMENTS_BAD;
    callbacks = (args->CreateMutex != NULL) + (args->DestroyMutex != NULL) + (args->LockMutex != NULL)
                + (args->UnlockMutex != NULL);
    if (callbacks != 0 && callbacks != 4)
        return CKR_ARGUMENTS_BAD;
    if (args->flags & CKF_LIBRARY_CANT_CREATE_OS_THREADS) {
        eid4j_explain("the application forbids the module to create threads (CKF_LIBRARY_CANT_CREATE_OS_THREADS), "
                      "and its Java runtime and reader monitor are threads: CKR_NEED_TO_CREATE_THREADS");
        return CKR_NEED_TO_CREATE_THREADS;
    }
    /* The application's mutexes without CKF_OS_LOCKING_OK: the module must use them, which Java cannot. */
    if (callbacks == 4 && !(args->flags & CKF_OS_LOCKING_OK)) {
        eid4j_explain("the application asks the module to lock with its own mutex functions, which Java cannot "
                      "use: CKR_CANT_LOCK (set CKF_OS_LOCKING_OK)");
        return CKR_CANT_LOCK;
    }
    return CKR_OK;
}

/* Starts Java on the first call; later calls go straight to Java, which answers ALREADY_INITIALIZED. */
static CK_RV forward_C_Initialize(CK_VOID_PTR init_args)
{
    CK_RV rv = check_init_args(init_args);

    if (rv != CKR_OK)
        return rv;
    if (forked()) {
        eid4j_complain("this process is a fork of one that initialised the module, whose Java runtime cannot run "
                       "in a forked child; use the module from a new program (fork and exec)");
        return CKR_FUNCTION_FAILED;
    }
    pthread_mutex_lock(&init_lock);
    if (!__atomic_load_n(&java_ready, __ATOMIC_ACQUIRE)) {
        __atomic_store_n(&java_pid, getpid(), __ATOMIC_RELEASE);
        if (eid4j_java_start(&java_stub) != 0) {
            pthread_mutex_unlock(&init_lock);
            return CKR_GENERAL_ERROR;
        }
        __atomic_store_n(&java_ready, 1, __ATOMIC_RELEASE);
        if (eid4j_java_is_ours())
            atexit(finalize_at_exit);
    }
    if (eid4j_java_attach() != 0 || java_function(0) == NULL)
        rv = CKR_GENERAL_ERROR;
    else
        rv = ((CK_C_Initialize) java_function(0))(init_args);
    pthread_mutex_unlock(&init_lock);
    return rv;
}

static CK_FUNCTION_LIST function_list = {
    .version = {2, 40},
    .C_Initialize = forward_C_Initialize,
    .C_GetFunctionList = C_GetFunctionList,
#define ENTRY(index, name, params, args) .name = forward_##name,
    EID4J_FORWARDED(ENTRY)
#undef ENTRY
};

EXPORT CK_RV C_GetFunctionList(CK_FUNCTION_LIST_PTR_PTR list)
{
    if (list == NULL)
        return CKR_ARGUMENTS_BAD;
    *list = &function_list;
    return CKR_OK;
}

/*
 * PKCS#11 3.0 discovery: one interface, "PKCS 11", whose function list is the v2.40 one above (3.0
 * allows that). The header of p11-kit 0.24 predates 3.0, so CK_INTERFACE is declared here.
 */
typedef struct {
    CK_CHAR *name;
    CK_VOID_PTR function_list;
    CK_FLAGS flags;
} eid4j_interface;

static eid4j_interface interface_pkcs11 = {(CK_CHAR *) "PKCS 11", &function_list, 0};

EXPORT CK_RV C_GetInterfaceList(eid4j_interface *list, CK_ULONG *count)
{
    if (count == NULL)
        return CKR_ARGUMENTS_BAD;
    if (list == NULL) {
        *count = 1;
        return CKR_OK;
    }
    if (*count < 1) {
        *count = 1;
        return CKR_BUFFER_TOO_SMALL;
    }
    list[0] = interface_pkcs11;
    *count = 1;
    return CKR_OK;
}

EXPORT CK_RV C_GetInterface(CK_UTF8CHAR *name, CK_VERSION *version, eid4j_interface **interface, CK_FLAGS flags)
{
    if (interface == NULL)
        return CKR_ARGUMENTS_BAD;
    if (name != NULL && strcmp((const char *) name, (const char *) interface_pkcs11.name) != 0)
        return CKR_ARGUMENTS_BAD;
    if (version != NULL && (version->major != function_list.version.major || version->minor != function_list.version.minor))
        return CKR_ARGUMENTS_BAD;
    if ((flags & ~interface_pkcs11.flags) != 0)
        return CKR_ARGUMENTS_BAD;
    *interface = &interface_pkcs11;
    return CKR_OK;
}
