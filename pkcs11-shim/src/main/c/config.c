/*
 * Where Java is: the config file (EID4J_PKCS11_CONF, else eid4j-pkcs11.conf beside this module,
 * found with dladdr), then EID4J_JAVA_HOME, then JAVA_HOME. The file has "key = value" lines and
 * '#' comments; the C side reads java.home, jars and jvm.option, the Java side the rest.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shim.h"

static void say(const char *format, va_list args)
{
    fputs("eid4j-pkcs11: ", stderr);
    vfprintf(stderr, format, args);
    fputc('\n', stderr);
}

void eid4j_complain(const char *format, ...)
{
    va_list args;

    va_start(args, format);
    say(format, args);
    va_end(args);
}

void eid4j_explain(const char *format, ...)
{
    va_list args;

    if (secure_getenv(EID4J_DEBUG_ENV) == NULL)
        return;
    va_start(args, format);
    say(format, args);
    va_end(args);
}

/* The folder this module was loaded from, resolved. */
static int module_dir(char dir[PATH_MAX])
{
    Dl_info info;
    char *slash;

    if (dladdr((void *) &module_dir, &info) == 0 || info.dli_fname == NULL) {
        eid4j_complain("cannot tell where the module was loaded from");
        return -1;
    }
    if (realpath(info.dli_fname, dir) == NULL) {
        eid4j_complain("cannot resolve the module's path %s: %s", info.dli_fname, strerror(errno));
        return -1;
    }
    slash = strrchr(dir, '/');
    if (slash == NULL) {
        eid4j_complain("the module's path %s has no folder", dir);
        return -1;
    }
    *slash = '\0';
    return 0;
}

static char *trim(char *s)
{
    char *end;

    while (*s == ' ' || *s == '\t')
        s++;
    end = s + strlen(s);
    while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\n' || end[-1] == '\r'))
        *--end = '\0';
    return s;
}

/* Copies value into out, resolving a relative path against base; -1 if it does not fit. */
static int set_path(char out[PATH_MAX], const char *base, const char *value)
{
    int n = value[0] == '/' || base == NULL ? snprintf(out, PATH_MAX, "%s", value)
                                            : snprintf(out, PATH_MAX, "%s/%s", base, value);
    return n < 0 || n >= PATH_MAX ? -1 : 0;
}

static int parse(struct eid4j_config *config, FILE *file, const char *conf_dir)
{
    char line[8192];
    int number = 0;

    while (fgets(line, sizeof line, file) != NULL) {
        char *key, *value, *eq;

        number++;
        if (strchr(line, '\n') == NULL && !feof(file)) {
            eid4j_complain("%s line %d is too long", config->conf_path, number);
            return -1;
        }
        key = trim(line);
        if (*key == '\0' || *key == '#')
            continue;
        eq = strchr(key, '=');
        if (eq == NULL) {
            eid4j_complain("%s line %d is not 'key = value'", config->conf_path, number);
            return -1;
        }
        *eq = '\0';
        key = trim(key);
        value = trim(eq + 1);
        if (strcmp(key, "java.home") == 0) {
            if (set_path(config->java_home, conf_dir, value) != 0)
                goto too_long;
        } else if (strcmp(key, "jars") == 0) {
            if (set_path(config->jar_dir, conf_dir, value) != 0)
                goto too_long;
        } else if (strcmp(key, "jvm.option") == 0) {
            if (config->jvm_option_count == EID4J_MAX_JVM_OPTIONS) {
                eid4j_complain("%s has more than %d jvm.option lines", config->conf_path, EID4J_MAX_JVM_OPTIONS);
                return -1;
            }
            if ((config->jvm_options[config->jvm_option_count] = strdup(value)) == NULL)
                return -1;
            config->jvm_option_count++;
        }
        /* other keys are the Java side's */
    }
    return 0;
too_long:
    eid4j_complain("%s line %d: the path is too long", config->conf_path, number);
    return -1;
}

int eid4j_read_config(struct eid4j_config *config)
{
    char dir[PATH_MAX], conf_dir[PATH_MAX];
    const char *env = secure_getenv(EID4J_CONF_ENV); /* none in setuid programs */
    FILE *file;
    int rc = 0;

    memset(config, 0, sizeof *config);
    if (module_dir(dir) != 0)
        return -1;
    if (set_path(config->jar_dir, dir, "lib") != 0)
        return -1;

    if (env != NULL && *env != '\0') {
        if (realpath(env, config->conf_path) == NULL) {
            eid4j_complain("%s names %s, which cannot be read: %s", EID4J_CONF_ENV, env, strerror(errno));
            return -1;
        }
    } else if (snprintf(config->conf_path, PATH_MAX, "%s/%s", dir, EID4J_CONF_NAME) >= PATH_MAX) {
        return -1;
    }

    file = fopen(config->conf_path, "r");
    if (file == NULL) {
        if (env != NULL && *env != '\0') {
            eid4j_complain("cannot read %s: %s", config->conf_path, strerror(errno));
            return -1;
        }
        config->conf_path[0] = '\0'; /* no file beside the module: the environment decides */
    } else {
        char *slash;

        snprintf(conf_dir, PATH_MAX, "%s", config->conf_path);
        slash = strrchr(conf_dir, '/');
        if (slash != NULL)
            *slash = '\0';
        rc = parse(config, file, conf_dir);
        fclose(file);
        if (rc != 0) {
            eid4j_free_config(config);
            return -1;
        }
    }

    if (config->java_home[0] == '\0') {
        const char *home = secure_getenv("EID4J_JAVA_HOME");

        if (home == NULL || *home == '\0')
            home = secure_getenv("JAVA_HOME");
        if (home != NULL && *home != '\0' && set_path(config->java_home, NULL, home) != 0) {
            eid4j_free_config(config);
            return -1;
        }
    }
    return 0;
}

void eid4j_free_config(struct eid4j_config *config)
{
    for (int i = 0; i < config->jvm_option_count; i++)
        free(config->jvm_options[i]);
    config->jvm_option_count = 0;
}
