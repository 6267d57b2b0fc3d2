/*
 * What starting a JVM changes in the host process, and how the module gives it back
 * (docs/architecture.md, "What the module leaves to the host process").
 *
 * HotSpot (JDK 25, Linux) installs handlers while it starts: for SIGSEGV, SIGBUS, SIGFPE and
 * SIGILL, which it needs (implicit null checks, safepoint polls, stack overflow checks, integer
 * division, access to mapped files), and which it chains to the handler it found there; for
 * SIGPIPE and SIGXFSZ, only to ignore them; and for its suspend/resume signal, SIGUSR2 unless
 * _JAVA_SR_SIGNUM names another, which only JFR's sampler uses. -Xrs keeps it off SIGINT,
 * SIGTERM, SIGHUP and SIGQUIT. libjava sets the C locale from the environment.
 *
 * So before JNI_CreateJavaVM the module saves every disposition and the locale, and picks a
 * suspend/resume signal the host does not use; afterwards it gives back every disposition
 * HotSpot changed but those of the four fault signals and of the suspend/resume signal (what the
 * host changed meanwhile on another thread stays), and the locale. Where the host left a fault
 * signal at its default, HotSpot finds a handler of the module there to chain to, which does
 * what the default would: a crash outside Java still ends the process by its signal, not by
 * HotSpot's crash report and abort().
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <locale.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "shim.h"

/* glibc sets SA_RESTORER on every handler it installs; it says nothing about the handler. */
#define SA_RESTORER_FLAG 0x04000000

static const int fault_signals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL};

static int is_fault_signal(int sig)
{
    for (size_t i = 0; i < sizeof fault_signals / sizeof fault_signals[0]; i++)
        if (fault_signals[i] == sig)
            return 1;
    return 0;
}

/* SIGKILL and SIGSTOP cannot be caught; glibc keeps the two signals below SIGRTMIN for itself. */
static int catchable(int sig)
{
    return sig != SIGKILL && sig != SIGSTOP && !(sig > SIGSYS && sig < SIGRTMIN);
}

static int same_disposition(const struct sigaction *a, const struct sigaction *b)
{
    if (a->sa_handler != b->sa_handler || ((a->sa_flags ^ b->sa_flags) & ~SA_RESTORER_FLAG) != 0)
        return 0;
    for (int sig = 1; sig < NSIG; sig++)        /* glibc copies only the kernel's part of sa_mask */
        if (sigismember(&a->sa_mask, sig) != sigismember(&b->sa_mask, sig))
            return 0;
    return 1;
}

/*
 * The default's part in HotSpot's chain: HotSpot calls it for a fault that is not Java's. A real
 * fault recurs when the instruction runs again, and then ends the process with its own details
 * (and a core dump where the system makes one); a signal sent with kill() does not recur, so it
 * is raised again.
 */
static void act_as_default(int sig, siginfo_t *info, void *context)
{
    struct sigaction to_default;

    (void) context;
    memset(&to_default, 0, sizeof to_default);
    to_default.sa_handler = SIG_DFL;
    sigemptyset(&to_default.sa_mask);
    sigaction(sig, &to_default, NULL);
    if (info == NULL || info->si_code <= 0)
        raise(sig);
}

/*
 * The JVM's suspend/resume signal: the highest real-time signal at its default and not blocked
 * by the thread that starts the JVM (a host that blocks a signal everywhere may sigwait for it),
 * skipping SIGRTMAX-2, which the JDK's NIO takes to wake threads blocked in I/O.
 */
static int pick_sr_signal(const struct eid4j_host_state *state)
{
    sigset_t blocked;

    pthread_sigmask(SIG_BLOCK, NULL, &blocked);
    for (int sig = SIGRTMAX; sig >= SIGRTMIN; sig--) {
        if (sig == SIGRTMAX - 2 || sigismember(&blocked, sig))
            continue;
        if (state->before[sig].sa_handler == SIG_DFL)
            return sig;
    }
    return SIGRTMAX;
}

int eid4j_save_host_state(struct eid4j_host_state *state, void *libjvm)
{
    const char *locale = setlocale(LC_ALL, NULL);
    void *create = dlsym(libjvm, "JNI_CreateJavaVM");
    Dl_info where;

    memset(state, 0, sizeof *state);
    if (create == NULL || dladdr(create, &where) == 0) {
        eid4j_complain("cannot tell where the Java runtime's library is loaded");
        return -1;
    }
    state->libjvm_base = where.dli_fbase;
    if (locale != NULL && (state->locale = strdup(locale)) == NULL) {
        eid4j_complain("out of memory");
        return -1;
    }
    for (int sig = 1; sig < NSIG; sig++)
        if (catchable(sig))
            sigaction(sig, NULL, &state->before[sig]);
    state->sr_signal = pick_sr_signal(state);
    for (size_t i = 0; i < sizeof fault_signals / sizeof fault_signals[0]; i++) {
        int sig = fault_signals[i];

        if (state->before[sig].sa_handler == SIG_DFL) {
            struct sigaction action;

            memset(&action, 0, sizeof action);
            action.sa_sigaction = act_as_default;
            action.sa_flags = SA_SIGINFO;
            sigemptyset(&action.sa_mask);
            sigaction(sig, &action, NULL);
        }
    }
    return 0;
}

/* Whether HotSpot put this handler there (its handlers are in libjvm), as opposed to the host, meanwhile, on another thread. */
static int hotspots(const struct eid4j_host_state *state, const struct sigaction *action)
{
    Dl_info where;

    return action->sa_handler != SIG_DFL && action->sa_handler != SIG_IGN
        && dladdr((void *) action->sa_handler, &where) != 0 && where.dli_fbase == state->libjvm_base;
}

void eid4j_restore_host_state(struct eid4j_host_state *state, int jvm_running)
{
    for (int sig = 1; sig < NSIG; sig++) {
        struct sigaction now;
        int needed = jvm_running && (sig == state->sr_signal || is_fault_signal(sig));

        if (!catchable(sig))
            continue;
        sigaction(sig, NULL, &now);
        if (same_disposition(&now, &state->before[sig]))
            continue;
        /*
         * The module's stand-in for the default goes where HotSpot did not chain to it; a default
         * action the JDK only gave other flags (SIGCHLD) acts the same with the host's own.
         */
        if (now.sa_sigaction == act_as_default || (hotspots(state, &now) && !needed)
            || (now.sa_handler == SIG_DFL && state->before[sig].sa_handler == SIG_DFL))
            sigaction(sig, &state->before[sig], NULL);
    }
    if (state->locale != NULL) {
        setlocale(LC_ALL, state->locale);
        free(state->locale);
        state->locale = NULL;
    }
}
