/*
 * host: a plain C program, without Java, that loads a PKCS#11 module as pkcs11-tool or a browser
 * does and checks that the module left the process as it found it. It runs the module (dlopen,
 * C_GetFunctionList, C_Initialize, C_GetSlotList, C_GetTokenInfo of the first slot), prints
 * "slots <n> token <label>", then "changed <what>" for each thing that is not as it was before
 * C_Initialize: a signal's disposition (handler, flags, mask; "changed SIGUSR2", real-time
 * signals as "SIGRTMAX-<n>"), the C locale ("changed locale"), the soft limit of open files
 * ("changed RLIMIT_NOFILE"; the program lowers it first where the hard limit leaves room), then
 * does what its mode says:
 *
 *   host <module> handlers        installs its own handlers for SIGUSR2, SIGPIPE, SIGXFSZ and
 *                                 SIGSEGV first; afterwards raises the first three and makes a
 *                                 real invalid write, and prints "<signal> handler ran" for each
 *   host <module> default <what>  leaves SIGUSR2, SIGPIPE and SIGSEGV at their defaults;
 *                                 afterwards: "usr2" raises SIGUSR2, "pipe" writes into a pipe
 *                                 nobody reads, "segv" writes through NULL; each should end the
 *                                 process by that signal, as without the module
 *   host <module> port <port>     afterwards prints "port <port> open" or "port <port> closed",
 *                                 whether 127.0.0.1:<port> accepts a TCP connection
 *
 * Exit code 0, or 1 after "error ..." (a PKCS#11 call failed, or the process outlived a signal
 * that should have ended it).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dlfcn.h>
#include <errno.h>
#include <locale.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <p11-kit/pkcs11.h>

/* glibc adds SA_RESTORER to every handler it installs; it says nothing about the handler. */
#define SA_RESTORER_FLAG 0x04000000

static struct sigaction before[NSIG];
static char locale_before[512];
static struct rlimit files_before;
static volatile sig_atomic_t ran[NSIG];
static sigjmp_buf after_fault;
/* Read through a volatile pointer, so that the compiler makes a real write, not a trap of its own. */
static int *volatile nowhere;

static void fail(const char *what)
{
    printf("error %s\n", what);
    exit(1);
}

static void on_signal(int sig, siginfo_t *info, void *context)
{
    (void) info;
    (void) context;
    ran[sig] = 1;
    if (sig == SIGSEGV)
        siglongjmp(after_fault, 1);
}

static void install(int sig)
{
    struct sigaction action;

    memset(&action, 0, sizeof action);
    action.sa_sigaction = on_signal;
    action.sa_flags = SA_SIGINFO;
    sigemptyset(&action.sa_mask);
    if (sigaction(sig, &action, NULL) != 0)
        fail("sigaction");
}

static int catchable(int sig)
{
    return sig != SIGKILL && sig != SIGSTOP && !(sig > SIGSYS && sig < SIGRTMIN); /* glibc keeps 32 and 33 */
}

static void save_state(void)
{
    for (int sig = 1; sig < NSIG; sig++)
        if (catchable(sig))
            sigaction(sig, NULL, &before[sig]);
    snprintf(locale_before, sizeof locale_before, "%s", setlocale(LC_ALL, NULL));
    getrlimit(RLIMIT_NOFILE, &files_before);
    if (files_before.rlim_max > 512 && files_before.rlim_cur > 512) {
        files_before.rlim_cur = 512;
        if (setrlimit(RLIMIT_NOFILE, &files_before) != 0)
            fail("setrlimit");
    }
}

/* Compared signal by signal: glibc copies only the kernel's part of sa_mask and leaves the rest as it was. */
static int same(const struct sigaction *a, const struct sigaction *b)
{
    if (a->sa_handler != b->sa_handler || ((a->sa_flags ^ b->sa_flags) & ~SA_RESTORER_FLAG) != 0)
        return 0;
    for (int sig = 1; sig < NSIG; sig++)
        if (sigismember(&a->sa_mask, sig) != sigismember(&b->sa_mask, sig))
            return 0;
    return 1;
}

static void print_changes(void)
{
    struct rlimit files;

    for (int sig = 1; sig < NSIG; sig++) {
        struct sigaction now;

        if (!catchable(sig))
            continue;
        sigaction(sig, NULL, &now);
        if (same(&before[sig], &now))
            continue;
        if (sig == SIGRTMAX)
            printf("changed SIGRTMAX\n");
        else if (sig >= SIGRTMIN)
            printf("changed SIGRTMAX-%d\n", SIGRTMAX - sig);
        else
            printf("changed SIG%s\n", sigabbrev_np(sig));
    }
    if (strcmp(locale_before, setlocale(LC_ALL, NULL)) != 0)
        printf("changed locale\n");
    getrlimit(RLIMIT_NOFILE, &files);
    if (files.rlim_cur != files_before.rlim_cur)
        printf("changed RLIMIT_NOFILE\n");
}

static void run_module(const char *path)
{
    void *module = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    CK_C_GetFunctionList get_function_list;
    CK_FUNCTION_LIST_PTR p11;
    CK_SLOT_ID slots[16];
    CK_ULONG count = 16;
    CK_TOKEN_INFO token;

    if (module == NULL)
        fail(dlerror());
    get_function_list = (CK_C_GetFunctionList) dlsym(module, "C_GetFunctionList");
    if (get_function_list == NULL || get_function_list(&p11) != CKR_OK)
        fail("C_GetFunctionList");
    save_state();
    if (p11->C_Initialize(NULL) != CKR_OK)
        fail("C_Initialize");
    if (p11->C_GetSlotList(CK_TRUE, slots, &count) != CKR_OK || count == 0)
        fail("C_GetSlotList");
    if (p11->C_GetTokenInfo(slots[0], &token) != CKR_OK)
        fail("C_GetTokenInfo");
    printf("slots %lu token %.32s\n", (unsigned long) count, (const char *) token.label);
    print_changes();
}

static void handlers(const char *module)
{
    const int mine[] = {SIGUSR2, SIGPIPE, SIGXFSZ, SIGSEGV};

    for (size_t i = 0; i < sizeof mine / sizeof mine[0]; i++)
        install(mine[i]);
    run_module(module);
    raise(SIGUSR2);
    raise(SIGPIPE);
    raise(SIGXFSZ);
    if (sigsetjmp(after_fault, 1) == 0)
        *nowhere = 1;
    for (size_t i = 0; i < sizeof mine / sizeof mine[0]; i++)
        if (ran[mine[i]])
            printf("SIG%s handler ran\n", sigabbrev_np(mine[i]));
}

static void by_default(const char *module, const char *what)
{
    const int signals[] = {SIGUSR2, SIGPIPE, SIGSEGV};
    sigset_t set;

    /* The defaults, whatever the parent process passed on (a shell may ignore SIGPIPE). */
    sigemptyset(&set);
    for (size_t i = 0; i < sizeof signals / sizeof signals[0]; i++) {
        signal(signals[i], SIG_DFL);
        sigaddset(&set, signals[i]);
    }
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    run_module(module);
    if (strcmp(what, "usr2") == 0) {
        raise(SIGUSR2);
    } else if (strcmp(what, "pipe") == 0) {
        int ends[2];

        if (pipe(ends) != 0)
            fail("pipe");
        close(ends[0]);
        if (write(ends[1], "x", 1) < 0)
            printf("write: %s\n", strerror(errno));
    } else if (strcmp(what, "segv") == 0) {
        *nowhere = 1;
    } else {
        fail("unknown action");
    }
    fail("the process outlived the signal");
}

static void port(const char *module, const char *number)
{
    struct sockaddr_in address;
    int s;

    run_module(module);
    memset(&address, 0, sizeof address);
    address.sin_family = AF_INET;
    address.sin_port = htons((unsigned short) atoi(number));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    s = socket(AF_INET, SOCK_STREAM, 0);
    if (s < 0)
        fail("socket");
    printf("port %s %s\n", number, connect(s, (struct sockaddr *) &address, sizeof address) == 0 ? "open" : "closed");
    close(s);
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc == 3 && strcmp(argv[2], "handlers") == 0)
        handlers(argv[1]);
    else if (argc == 4 && strcmp(argv[2], "default") == 0)
        by_default(argv[1], argv[3]);
    else if (argc == 4 && strcmp(argv[2], "port") == 0)
        port(argv[1], argv[3]);
    else
        fail("usage: host <module> handlers | default usr2|pipe|segv | port <port>");
    return 0;
}
