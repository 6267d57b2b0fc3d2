/*
 * A C application for what only a native process shows (NativeHostIT): which threads
 * C_Initialize starts when the application forbids threads or offers its own mutexes, and what
 * the child of a fork gets. It loads the module named by its first argument and prints one
 * "name value" line per fact (return values in hex).
 *
 *   inithost MODULE threads      C_Initialize refused (bad arguments, no threads, the application's
 *                                mutexes), then with NULL as NSS retries
 *   inithost MODULE fork         C_Initialize, fork: the child calls the module; then the parent again
 *   inithost MODULE fork-first   fork before any C_Initialize: the child starts the module itself
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <p11-kit/pkcs11.h>

static CK_FUNCTION_LIST_PTR p11;
static int mutex_calls;

static void say(const char *name, CK_RV rv)
{
    printf("%s 0x%lx\n", name, rv);
    fflush(stdout);
}

static void count(const char *name, long n)
{
    printf("%s %ld\n", name, n);
    fflush(stdout);
}

/* The threads of this process now. */
static long threads(void)
{
    DIR *tasks = opendir("/proc/self/task");
    struct dirent *entry;
    long n = 0;

    while ((entry = readdir(tasks)) != NULL)
        if (entry->d_name[0] != '.')
            n++;
    closedir(tasks);
    return n;
}

static CK_RV create_mutex(CK_VOID_PTR_PTR mutex)
{
    mutex_calls++;
    *mutex = &mutex_calls;
    return CKR_OK;
}

static CK_RV other_mutex_call(CK_VOID_PTR mutex)
{
    (void) mutex;
    mutex_calls++;
    return CKR_OK;
}

static CK_RV slot_list(CK_ULONG *n)
{
    *n = 0;
    return p11->C_GetSlotList(CK_FALSE, NULL, n);
}

static int refused_initializations(void)
{
    CK_C_INITIALIZE_ARGS args;
    int reserved;

    count("threads.loaded", threads());
    memset(&args, 0, sizeof args);
    args.pReserved = &reserved;
    say("reserved.rv", p11->C_Initialize(&args));
    /* As NSS and GnuTLS initialise a module. */
    memset(&args, 0, sizeof args);
    args.flags = CKF_LIBRARY_CANT_CREATE_OS_THREADS | CKF_OS_LOCKING_OK;
    say("no-threads.rv", p11->C_Initialize(&args));
    count("threads.refused", threads());
    memset(&args, 0, sizeof args);
    args.CreateMutex = create_mutex;
    args.DestroyMutex = other_mutex_call;
    args.LockMutex = other_mutex_call;
    args.UnlockMutex = other_mutex_call;
    say("mutexes.rv", p11->C_Initialize(&args));
    count("mutexes.calls", mutex_calls);
    count("threads.mutexes", threads());
    /* NSS then tries again with NULL. */
    say("null.rv", p11->C_Initialize(NULL));
    count("threads.started", threads());
    /* Its own mutexes offered beside CKF_OS_LOCKING_OK: the module may lock as it likes. */
    say("finalize.rv", p11->C_Finalize(NULL));
    args.flags = CKF_OS_LOCKING_OK;
    say("mutexes-or-os.rv", p11->C_Initialize(&args));
    say("finalize-again.rv", p11->C_Finalize(NULL));
    return 0;
}

/* The child's exit code, once it has ended. */
static void wait_for(pid_t child)
{
    int status;

    waitpid(child, &status, 0);
    count("child.exited", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}

/* The parent's slot list and C_Finalize. */
static int parent_carries_on(void)
{
    CK_ULONG n;

    say("parent.slots.rv", slot_list(&n));
    count("parent.slots", (long) n);
    say("parent.finalize.rv", p11->C_Finalize(NULL));
    return 0;
}

static int child_of_initialised_parent(void)
{
    CK_ULONG n;
    pid_t child;

    say("parent.initialize.rv", p11->C_Initialize(NULL));
    child = fork();
    if (child == 0) {
        CK_FUNCTION_LIST_PTR list = NULL;

        say("child.slots.rv", slot_list(&n));
        say("child.initialize.rv", p11->C_Initialize(NULL));
        say("child.slots-after-initialize.rv", slot_list(&n));
        say("child.finalize.rv", p11->C_Finalize(NULL));
        say("child.function-list.rv", p11->C_GetFunctionList(&list));
        _exit(0);
    }
    wait_for(child);
    return parent_carries_on();
}

static int child_of_fresh_parent(void)
{
    CK_ULONG n;
    pid_t child;

    child = fork();
    if (child == 0) {
        say("child.initialize.rv", p11->C_Initialize(NULL));
        say("child.slots.rv", slot_list(&n));
        count("child.slots", (long) n);
        say("child.finalize.rv", p11->C_Finalize(NULL));
        _exit(0);
    }
    /* The child's JVM was its own (and a virtual card is used by one process at a time). */
    wait_for(child);
    say("parent.initialize.rv", p11->C_Initialize(NULL));
    return parent_carries_on();
}

int main(int argc, char **argv)
{
    void *module;
    CK_C_GetFunctionList get_function_list;

    if (argc != 3) {
        fprintf(stderr, "usage: inithost MODULE threads|fork|fork-first\n");
        return 2;
    }
    module = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
    if (module == NULL) {
        fprintf(stderr, "inithost: %s\n", dlerror());
        return 2;
    }
    get_function_list = (CK_C_GetFunctionList) dlsym(module, "C_GetFunctionList");
    if (get_function_list == NULL || get_function_list(&p11) != CKR_OK) {
        fprintf(stderr, "inithost: no C_GetFunctionList\n");
        return 2;
    }
    if (strcmp(argv[2], "threads") == 0)
        return refused_initializations();
    if (strcmp(argv[2], "fork") == 0)
        return child_of_initialised_parent();
    if (strcmp(argv[2], "fork-first") == 0)
        return child_of_fresh_parent();
    fprintf(stderr, "inithost: unknown test %s\n", argv[2]);
    return 2;
}
