/*
 * eid4j PKCS#11 module: the C bootstrap. The C side only finds and starts (or joins) a JVM and
 * forwards every PKCS#11 call to a Java FFM upcall stub; all PKCS#11 logic is in Java
 * (package io.github.eid4j.pkcs11).
 */
#ifndef EID4J_SHIM_H
#define EID4J_SHIM_H

#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <p11-kit/pkcs11.h>

/* The CK_FUNCTION_LIST of PKCS#11 v2.40 has 68 entries; the Java table has one per entry. */
#define EID4J_FUNCTION_COUNT 68
#define EID4J_MAX_JVM_OPTIONS 32
#define EID4J_CONF_NAME "eid4j-pkcs11.conf"
/* The AOT cache the build writes beside the jars (AotCacheWriter.FILE). */
#define EID4J_AOT_CACHE_NAME "eid4j-pkcs11.aot"
#define EID4J_CONF_ENV "EID4J_PKCS11_CONF"
#define EID4J_DEBUG_ENV "EID4J_PKCS11_DEBUG" /* the Java side reads it too (Log) */

/* The tokens this build shows: every PIN's, or only the authentication key's in the build for
 * browsers (libeid4j-pkcs11-login.so, compiled with -DEID4J_LOGIN_ONLY), which log in to every
 * token that asks for a PIN. */
#ifdef EID4J_LOGIN_ONLY
#define EID4J_TOKENS "authentication"
#else
#define EID4J_TOKENS "all"
#endif

/* What the C side needs to start Java; the Java side reads the same file for the rest. */
struct eid4j_config {
    char conf_path[PATH_MAX];   /* the config file, or "" if there is none */
    char java_home[PATH_MAX];   /* "" if none is known */
    char jar_dir[PATH_MAX];
    char *jvm_options[EID4J_MAX_JVM_OPTIONS];
    int jvm_option_count;
};

/* Reads the config file (EID4J_PKCS11_CONF, else eid4j-pkcs11.conf beside this module) and the
 * environment. Returns 0, or -1 after one line on stderr. */
int eid4j_read_config(struct eid4j_config *config);
void eid4j_free_config(struct eid4j_config *config);

/* Java's upcall stub that answers the address of the upcall stub of the CK_FUNCTION_LIST entry
 * at index, made on first call; 0 (after one line on stderr) if it cannot make it. */
typedef int64_t (*eid4j_stub_resolver)(CK_ULONG index);

/* Starts or joins the JVM and sets *resolver. Returns 0, or -1 after one line on stderr. */
int eid4j_java_start(eid4j_stub_resolver *resolver);

/* Attaches the calling thread to the JVM (once per thread, as a daemon; detached when the
 * thread ends). Returns 0 or -1. */
int eid4j_java_attach(void);

/* Whether this module created the JVM (1), rather than joining the application's (0). */
int eid4j_java_is_ours(void);

/* What starting a JVM changes in the host process: signal dispositions and the C locale. */
struct eid4j_host_state {
    struct sigaction before[NSIG];
    int sr_signal;              /* the JVM's suspend/resume signal, for _JAVA_SR_SIGNUM */
    char *locale;
    void *libjvm_base;          /* where HotSpot's own handlers are */
};

/* On the thread that creates the JVM of libjvm (the handle), right before JNI_CreateJavaVM:
 * saves the host's state and picks the JVM's suspend/resume signal. Returns 0, or -1 after one
 * line on stderr. */
int eid4j_save_host_state(struct eid4j_host_state *state, void *libjvm);

/* Right after JNI_CreateJavaVM: gives the host back what HotSpot changed but a running JVM does
 * not need (it needs the fault signals' handlers and the suspend/resume signal); all HotSpot
 * changed if the JVM did not start. */
void eid4j_restore_host_state(struct eid4j_host_state *state, int jvm_running);

/* For the time of JNI_CreateJavaVM, libjvm (the handle) does not see the environment's Java
 * option variables and reads _JAVA_SR_SIGNUM as sr_signal. Returns 0, or -1 after one line on
 * stderr (then nothing changed). */
int eid4j_filter_jvm_environment(void *libjvm, int sr_signal);
void eid4j_unfilter_jvm_environment(void);

/* One line on stderr, prefixed with the module's name. */
void eid4j_complain(const char *format, ...) __attribute__((format(printf, 1, 2)));

/* The same, only with EID4J_PKCS11_DEBUG set: why a call was refused before Java could say so. */
void eid4j_explain(const char *format, ...) __attribute__((format(printf, 1, 2)));

#endif
