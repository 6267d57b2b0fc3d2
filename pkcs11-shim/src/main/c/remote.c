/*
 * libeid4j-pkcs11-login-remote.so: the module for browsers, run out of the browser's process.
 *
 * It holds no JVM and no PKCS#11 logic. Its C_GetFunctionList hands out the function list of
 * p11-kit's RPC client (p11-kit-client.so) pointed at the command "p11-kit remote
 * <this folder>/libeid4j-pkcs11-login.so": at C_Initialize the client starts that command, which
 * loads the login module (and its JVM) in a process of its own and answers over a pipe; at
 * C_Finalize, or when the browser dies and the pipe closes, that process ends. The browser
 * therefore sees exactly the login module's tokens, loads only p11-kit-client.so itself, and
 * needs no server started beforehand (no systemd, no socket).
 *
 * p11-kit-client.so (0.24, Debian 12) takes the address of its server from the environment
 * variable P11_KIT_SERVER_ADDRESS only, read in its C_GetFunctionList; a "|command" address is
 * the same transport as a module file's "remote: |command". So the variable is set for that call
 * and put back as it was, under a lock, before any process is started: the browser's other
 * processes and p11-kit's own server users never see it.
 */
#define _GNU_SOURCE /* dladdr */
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <p11-kit/pkcs11.h>

#define ADDRESS_ENV "P11_KIT_SERVER_ADDRESS"
#define LOGIN_MODULE "libeid4j-pkcs11-login.so"
#define CLIENT_NAME "p11-kit-client.so"
/* Where p11-kit installs its modules (pkg-config p11-kit-1 p11_module_path), the build's first. */
#ifndef EID4J_P11_MODULE_PATH
#define EID4J_P11_MODULE_PATH "/usr/lib/x86_64-linux-gnu/pkcs11"
#endif
static const char *const client_dirs[] = {EID4J_P11_MODULE_PATH, "/usr/lib64/pkcs11", "/usr/lib/pkcs11"};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static CK_FUNCTION_LIST_PTR client_list; /* one RPC client (one child process) per process */

static void complain(const char *format, const char *detail)
{
    fputs("eid4j-pkcs11: ", stderr); /* as the module itself says it (config.c) */
    fprintf(stderr, format, detail);
    fputc('\n', stderr);
}

/* The login module beside this one, quoted for p11-kit's command-line parser: in single quotes, a
 * backslash escapes the quote and stays before any other character (p11_argv_parse). Returns 0,
 * or -1 after one line on stderr. */
static int remote_command(char *command, size_t size)
{
    Dl_info info;
    char self[PATH_MAX], *slash, *out = command, *end = command + size - 2;
    const char *p;

    if (dladdr((void *) &remote_command, &info) == 0 || info.dli_fname == NULL || realpath(info.dli_fname, self) == NULL) {
        complain("cannot tell where this module was loaded from%s", "");
        return -1;
    }
    slash = strrchr(self, '/');
    if (slash == NULL || (size_t) (slash - self) + sizeof("/" LOGIN_MODULE) > sizeof(self)) {
        complain("cannot find the folder of %s", self);
        return -1;
    }
    strcpy(slash + 1, LOGIN_MODULE);
    out += snprintf(command, size, "|p11-kit remote '");
    for (p = self; *p != '\0' && out < end - 1; p++) {
        if (*p == '\'')
            *out++ = '\\';
        *out++ = *p;
    }
    if (*p != '\0') {
        complain("the folder of %s is too long", self);
        return -1;
    }
    *out++ = '\'';
    *out = '\0';
    return 0;
}

static CK_C_GetFunctionList open_client(void)
{
    char path[PATH_MAX];
    void *library = NULL;
    size_t i;

    for (i = 0; i < sizeof(client_dirs) / sizeof(client_dirs[0]) && library == NULL; i++) {
        snprintf(path, sizeof(path), "%s/%s", client_dirs[i], CLIENT_NAME);
        library = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    }
    if (library == NULL) {
        complain("p11-kit's %s is not installed (Debian: p11-kit-modules); or register the module in "
                 "the browser's own process with eid register --in-process", CLIENT_NAME);
        return NULL;
    }
    return (CK_C_GetFunctionList) dlsym(library, "C_GetFunctionList");
}

/* The client's function list, its address given through the environment for this call only. */
static CK_RV client_function_list(CK_FUNCTION_LIST_PTR_PTR list)
{
    char command[PATH_MAX + 64], *before;
    CK_C_GetFunctionList get;
    CK_RV rv;

    if (remote_command(command, sizeof(command)) != 0 || (get = open_client()) == NULL)
        return CKR_GENERAL_ERROR;
    before = getenv(ADDRESS_ENV);
    if (before != NULL && (before = strdup(before)) == NULL)
        return CKR_HOST_MEMORY;
    if (setenv(ADDRESS_ENV, command, 1) != 0) {
        free(before);
        return CKR_HOST_MEMORY;
    }
    rv = get(list);
    if (before != NULL)
        setenv(ADDRESS_ENV, before, 1);
    else
        unsetenv(ADDRESS_ENV);
    free(before);
    return rv;
}

__attribute__((visibility("default"))) CK_RV C_GetFunctionList(CK_FUNCTION_LIST_PTR_PTR list)
{
    CK_RV rv = CKR_OK;

    if (list == NULL)
        return CKR_ARGUMENTS_BAD;
    pthread_mutex_lock(&lock);
    if (client_list == NULL)
        rv = client_function_list(&client_list);
    if (rv == CKR_OK)
        *list = client_list;
    pthread_mutex_unlock(&lock);
    return rv;
}
