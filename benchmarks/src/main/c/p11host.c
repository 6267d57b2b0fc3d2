/*
 * p11host: a native process that hosts one PKCS#11 module the way pkcs11-tool or a browser does
 * (dlopen, C_GetFunctionList, C_Initialize, ...), driven by one command per line on stdin. The
 * JMH benchmarks run it as a child process and time single commands through the pipe: every
 * module is called by this same client, and libeid4j-pkcs11.so starts its own JVM in it, as in a
 * program without Java, instead of joining the benchmark's JVM.
 *
 * Commands, each answered by one line, "ok ..." or "error <what>":
 *   load <path>             dlopen the module and get its function list
 *   open <token label>      C_Initialize, C_GetSlotList(present), C_GetTokenInfo until the label matches (a trailing * matches a prefix)
 *   login <CKA_ID in hex>   then the PIN on the next line: C_OpenSession, C_Login(CKU_USER), find the private key
 *   input ecdsa|rsa-pkcs <hex>   the mechanism and the data that "sign" signs (a digest or a DigestInfo)
 *   sign                    C_SignInit + C_Sign
 *   signature               "ok <hex>" of the last signature
 *   certificate             "ok <hex>": CKA_VALUE of the certificate with the logged-in key's CKA_ID
 *   add-certificate <subject hex> <DER hex>   C_CreateObject: that certificate as a token object
 *                           (for SoftHSM2 to hold what the card holds)
 *   calls <n>               n rounds of crypto-free calls in the logged-in session: C_GetSessionInfo,
 *                           C_FindObjectsInit (the certificate with the key's CKA_ID), C_FindObjects,
 *                           C_FindObjectsFinal, C_GetAttributeValue(CKA_VALUE) of that certificate
 *   memory                  "ok <VmRSS kB> <VmHWM kB>" of this process
 *   ping                    "ok": the pipe's own round trip
 *   close                   C_Logout, C_CloseSession, C_Finalize
 * End of input ends the process.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <p11-kit/pkcs11.h>

#define LINE_MAX_LENGTH 16384
#define MAX_ID 256
#define MAX_CERTIFICATE 4096
#define MAX_DATA 1024
#define MAX_SIGNATURE 1024

static FILE *replies;
static CK_FUNCTION_LIST_PTR p11;
static CK_SLOT_ID slot;
static CK_SESSION_HANDLE session = CK_INVALID_HANDLE;
static CK_OBJECT_HANDLE key = CK_INVALID_HANDLE;
static unsigned char key_id[MAX_ID];
static CK_ULONG key_id_length;
static CK_MECHANISM mechanism;
static unsigned char data[MAX_DATA];
static CK_ULONG data_length;
static unsigned char signature[MAX_SIGNATURE];
static CK_ULONG signature_length;

static void reply(const char *format, ...) {
    va_list args;
    va_start(args, format);
    vfprintf(replies, format, args);
    va_end(args);
    fputc('\n', replies);
    fflush(replies);
}

static int failed(const char *function, CK_RV rv) {
    if (rv == CKR_OK) {
        return 0;
    }
    reply("error %s returned 0x%08lx", function, (unsigned long) rv);
    return 1;
}

static int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Decodes hex into out; the length, or -1 when it is not even-length hex or does not fit. */
static long from_hex(const char *hex, unsigned char *out, size_t capacity) {
    size_t n = strlen(hex);
    if (n % 2 != 0 || n / 2 > capacity) {
        return -1;
    }
    for (size_t i = 0; i < n / 2; i++) {
        int high = hex_value(hex[2 * i]);
        int low = hex_value(hex[2 * i + 1]);
        if (high < 0 || low < 0) {
            return -1;
        }
        out[i] = (unsigned char) (high << 4 | low);
    }
    return (long) (n / 2);
}

static void load(const char *path) {
    /* RTLD_LOCAL, as p11-kit and NSS load modules: the module's symbols stay its own. */
    void *library = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) {
        reply("error dlopen: %s", dlerror());
        return;
    }
    CK_C_GetFunctionList get_function_list = (CK_C_GetFunctionList) dlsym(library, "C_GetFunctionList");
    if (get_function_list == NULL) {
        reply("error no C_GetFunctionList in %s", path);
        return;
    }
    if (failed("C_GetFunctionList", get_function_list(&p11))) {
        return;
    }
    reply("ok");
}

/* Token labels are 32 bytes padded with spaces; a wanted label ending in '*' is a prefix (eid4j's
 * labels end with the card's serial number). */
static int label_is(const CK_UTF8CHAR *label, const char *wanted) {
    size_t n = strlen(wanted);
    int prefix = n > 0 && wanted[n - 1] == '*';
    if (prefix)
        n--;
    if (n > 32 || memcmp(label, wanted, n) != 0) {
        return 0;
    }
    for (size_t i = n; i < 32 && !prefix; i++) {
        if (label[i] != ' ') {
            return 0;
        }
    }
    return 1;
}

static void open_token(const char *label) {
    CK_SLOT_ID slots[64];
    CK_ULONG count = sizeof slots / sizeof slots[0];
    CK_TOKEN_INFO info;
    if (failed("C_Initialize", p11->C_Initialize(NULL)) || failed("C_GetSlotList", p11->C_GetSlotList(CK_TRUE, slots, &count))) {
        return;
    }
    for (CK_ULONG i = 0; i < count; i++) {
        if (failed("C_GetTokenInfo", p11->C_GetTokenInfo(slots[i], &info))) {
            return;
        }
        if (label_is(info.label, label)) {
            slot = slots[i];
            reply("ok %lu", (unsigned long) slot);
            return;
        }
    }
    reply("error no token labelled '%s' among %lu", label, (unsigned long) count);
}

static void login(const char *id_hex) {
    unsigned char id[MAX_ID];
    long id_length = from_hex(id_hex, id, sizeof id);
    char pin[LINE_MAX_LENGTH];
    /* The PIN line is read before anything can fail, so that it is never taken for a command. */
    if (fgets(pin, sizeof pin, stdin) == NULL) {
        reply("error no PIN line");
        return;
    }
    size_t pin_length = strcspn(pin, "\r\n");
    if (p11 == NULL) {
        explicit_bzero(pin, sizeof pin);
        reply("error no module loaded");
        return;
    }
    if (id_length <= 0) {
        explicit_bzero(pin, sizeof pin);
        reply("error the key's CKA_ID is not hex");
        return;
    }
    CK_RV rv = p11->C_OpenSession(slot, CKF_SERIAL_SESSION, NULL, NULL, &session);
    if (rv == CKR_OK) {
        rv = p11->C_Login(session, CKU_USER, (CK_UTF8CHAR_PTR) pin, pin_length);
        explicit_bzero(pin, sizeof pin);
        if (failed("C_Login", rv)) {
            return;
        }
    } else {
        explicit_bzero(pin, sizeof pin);
        failed("C_OpenSession", rv);
        return;
    }
    CK_OBJECT_CLASS private_key = CKO_PRIVATE_KEY;
    CK_ATTRIBUTE template[] = {
        {CKA_CLASS, &private_key, sizeof private_key},
        {CKA_ID, id, (CK_ULONG) id_length},
    };
    CK_ULONG found = 0;
    if (failed("C_FindObjectsInit", p11->C_FindObjectsInit(session, template, 2))
            || failed("C_FindObjects", p11->C_FindObjects(session, &key, 1, &found))
            || failed("C_FindObjectsFinal", p11->C_FindObjectsFinal(session))) {
        return;
    }
    if (found != 1) {
        reply("error no private key with CKA_ID %s", id_hex);
        return;
    }
    memcpy(key_id, id, (size_t) id_length);
    key_id_length = (CK_ULONG) id_length;
    reply("ok");
}

static void create_certificate(char *arguments) {
    static unsigned char subject[MAX_CERTIFICATE], value[MAX_CERTIFICATE];
    char *subject_hex = strtok(arguments, " ");
    char *value_hex = strtok(NULL, " ");
    long subject_length = subject_hex == NULL ? -1 : from_hex(subject_hex, subject, sizeof subject);
    long value_length = value_hex == NULL ? -1 : from_hex(value_hex, value, sizeof value);
    if (subject_length <= 0 || value_length <= 0) {
        reply("error certificate needs the subject and the certificate in hex");
        return;
    }
    if (key_id_length == 0) {
        reply("error no key logged in to");
        return;
    }
    CK_OBJECT_CLASS certificate = CKO_CERTIFICATE;
    CK_CERTIFICATE_TYPE x509 = CKC_X_509;
    CK_BBOOL yes = CK_TRUE;
    char label[] = "authentication";
    CK_ATTRIBUTE template[] = {
        {CKA_CLASS, &certificate, sizeof certificate},
        {CKA_CERTIFICATE_TYPE, &x509, sizeof x509},
        {CKA_TOKEN, &yes, sizeof yes},
        {CKA_LABEL, label, sizeof label - 1},
        {CKA_ID, key_id, key_id_length},
        {CKA_SUBJECT, subject, (CK_ULONG) subject_length},
        {CKA_VALUE, value, (CK_ULONG) value_length},
    };
    CK_SESSION_HANDLE writer;
    CK_OBJECT_HANDLE created;
    if (failed("C_OpenSession", p11->C_OpenSession(slot, CKF_SERIAL_SESSION | CKF_RW_SESSION, NULL, NULL, &writer))) {
        return;
    }
    CK_RV rv = p11->C_CreateObject(writer, template, sizeof template / sizeof template[0], &created);
    p11->C_CloseSession(writer);
    if (!failed("C_CreateObject", rv)) {
        reply("ok");
    }
}

/* CKA_VALUE of the certificate with the logged-in key's CKA_ID into value; its length, or -1 after a reply. */
static long read_certificate(unsigned char value[MAX_CERTIFICATE]) {
    CK_OBJECT_CLASS certificate_class = CKO_CERTIFICATE;
    CK_ATTRIBUTE template[] = {
        {CKA_CLASS, &certificate_class, sizeof certificate_class},
        {CKA_ID, key_id, key_id_length},
    };
    CK_OBJECT_HANDLE certificate;
    CK_ULONG found = 0;
    CK_ATTRIBUTE wanted = {CKA_VALUE, value, MAX_CERTIFICATE};
    if (failed("C_FindObjectsInit", p11->C_FindObjectsInit(session, template, 2))
            || failed("C_FindObjects", p11->C_FindObjects(session, &certificate, 1, &found))
            || failed("C_FindObjectsFinal", p11->C_FindObjectsFinal(session))) {
        return -1;
    }
    if (found != 1) {
        reply("error no certificate with the key's CKA_ID");
        return -1;
    }
    if (failed("C_GetAttributeValue", p11->C_GetAttributeValue(session, certificate, &wanted, 1))) {
        return -1;
    }
    return (long) wanted.ulValueLen;
}

static void show_certificate(void) {
    static unsigned char value[MAX_CERTIFICATE];
    static char hex[2 * MAX_CERTIFICATE + 1];
    long length = read_certificate(value);
    if (length < 0) {
        return;
    }
    for (long i = 0; i < length; i++) {
        sprintf(hex + 2 * i, "%02x", value[i]);
    }
    hex[2 * length] = '\0';
    reply("ok %s", hex);
}

/* The crypto-free calls an application makes around its signatures, n rounds of five. */
static void calls(const char *count) {
    static unsigned char value[MAX_CERTIFICATE];
    long rounds = strtol(count, NULL, 10);
    CK_SESSION_INFO info;
    for (long i = 0; i < rounds; i++) {
        if (failed("C_GetSessionInfo", p11->C_GetSessionInfo(session, &info)) || read_certificate(value) < 0) {
            return;
        }
    }
    reply("ok");
}

static void input(char *arguments) {
    char *name = strtok(arguments, " ");
    char *hex = strtok(NULL, " ");
    if (name == NULL || hex == NULL) {
        reply("error input needs a mechanism and hex data");
        return;
    }
    if (strcmp(name, "ecdsa") == 0) {
        mechanism.mechanism = CKM_ECDSA;
    } else if (strcmp(name, "rsa-pkcs") == 0) {
        mechanism.mechanism = CKM_RSA_PKCS;
    } else {
        reply("error unknown mechanism %s", name);
        return;
    }
    mechanism.pParameter = NULL;
    mechanism.ulParameterLen = 0;
    long n = from_hex(hex, data, sizeof data);
    if (n <= 0) {
        reply("error the data is not hex of 1 to %d bytes", MAX_DATA);
        return;
    }
    data_length = (CK_ULONG) n;
    reply("ok");
}

/* One signature as an application makes it: a buffer large enough, so no length query first. */
static void sign(void) {
    CK_ULONG length = sizeof signature;
    signature_length = 0;
    if (failed("C_SignInit", p11->C_SignInit(session, &mechanism, key))
            || failed("C_Sign", p11->C_Sign(session, data, data_length, signature, &length))) {
        return;
    }
    signature_length = length;
    reply("ok");
}

static void show_signature(void) {
    char hex[2 * MAX_SIGNATURE + 1];
    for (CK_ULONG i = 0; i < signature_length; i++) {
        sprintf(hex + 2 * i, "%02x", signature[i]);
    }
    hex[2 * signature_length] = '\0';
    reply("ok %s", hex);
}

/* What the kernel counts for this process: resident now and at its peak, in kB. */
static void memory(void) {
    FILE *status = fopen("/proc/self/status", "r");
    if (status == NULL) {
        reply("error cannot read /proc/self/status");
        return;
    }
    char line[256];
    long rss = -1, hwm = -1;
    while (fgets(line, sizeof line, status) != NULL) {
        sscanf(line, "VmRSS: %ld", &rss);
        sscanf(line, "VmHWM: %ld", &hwm);
    }
    fclose(status);
    reply("ok %ld %ld", rss, hwm);
}

static void close_all(void) {
    if (session != CK_INVALID_HANDLE) {
        p11->C_Logout(session);
        p11->C_CloseSession(session);
        session = CK_INVALID_HANDLE;
    }
    if (failed("C_Finalize", p11->C_Finalize(NULL))) {
        return;
    }
    reply("ok");
}

int main(void) {
    /* Replies go to the original stdout; anything the module or its JVM prints there goes to stderr. */
    int out = dup(STDOUT_FILENO);
    if (out < 0 || dup2(STDERR_FILENO, STDOUT_FILENO) < 0 || (replies = fdopen(out, "w")) == NULL) {
        perror("p11host");
        return 1;
    }
    char line[LINE_MAX_LENGTH];
    while (fgets(line, sizeof line, stdin) != NULL) {
        line[strcspn(line, "\r\n")] = '\0';
        char *arguments = strchr(line, ' ');
        if (arguments != NULL) {
            *arguments++ = '\0';
        } else {
            arguments = "";
        }
        int loaded = p11 != NULL;
        if (strcmp(line, "load") == 0) {
            load(arguments);
        } else if (strcmp(line, "ping") == 0) {
            reply("ok");
        } else if (strcmp(line, "memory") == 0) {
            memory();
        } else if (strcmp(line, "input") == 0) {
            input(arguments);
        } else if (strcmp(line, "login") == 0) {
            login(arguments);
        } else if (!loaded) {
            reply("error no module loaded");
        } else if (strcmp(line, "open") == 0) {
            open_token(arguments);
        } else if (strcmp(line, "sign") == 0) {
            sign();
        } else if (strcmp(line, "signature") == 0) {
            show_signature();
        } else if (strcmp(line, "certificate") == 0) {
            show_certificate();
        } else if (strcmp(line, "add-certificate") == 0) {
            create_certificate(arguments);
        } else if (strcmp(line, "calls") == 0) {
            calls(arguments);
        } else if (strcmp(line, "close") == 0) {
            close_all();
        } else {
            /* Not echoed: a line out of step could be a PIN. */
            reply("error unknown command");
        }
    }
    return 0;
}
