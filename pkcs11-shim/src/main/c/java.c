/*
 * The JVM: joined if one already runs in this process (its JNI_GetCreatedJavaVMs is visible),
 * else libjvm.so is loaded from the configured Java home and a JVM is created on a thread of its
 * own. Either way one static Java method, Bootstrap.stubResolver, is called once through JNI and
 * returns the address of the upcall stub that gives the others; after that no call goes through JNI.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <dlfcn.h>
#include <jni.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "shim.h"

#define BOOTSTRAP_CLASS "io/github/eid4j/pkcs11/Bootstrap"
#define BOOTSTRAP_NAME "io.github.eid4j.pkcs11.Bootstrap"
/* The JVM's first thread runs class loading and initialisation; give it what the launcher gives. */
#define JVM_THREAD_STACK (8u * 1024 * 1024)

typedef jint (*create_vm_fn)(JavaVM **vm, void **env, void *args);
typedef jint (*created_vms_fn)(JavaVM **vms, jsize size, jsize *count);

static JavaVM *vm;
static int vm_created_here;     /* set once, by the thread that created the JVM, before java_ready */
static int vm_failed;           /* HotSpot cannot be created twice in one process, not even after a failure */
static pthread_key_t detach_key;
static pthread_once_t detach_once = PTHREAD_ONCE_INIT;
static __thread int thread_attached;

/* ---- threads */

static void detach_at_thread_exit(void *value)
{
    (void) value;
    if (vm != NULL)
        (*vm)->DetachCurrentThread(vm);
}

static void make_detach_key(void)
{
    pthread_key_create(&detach_key, detach_at_thread_exit);
}

static int attach(JNIEnv **env_out)
{
    JNIEnv *env = NULL;
    jint rc = (*vm)->GetEnv(vm, (void **) &env, JNI_VERSION_10);

    if (rc == JNI_EDETACHED) {
        pthread_once(&detach_once, make_detach_key);
        if ((*vm)->AttachCurrentThreadAsDaemon(vm, (void **) &env, NULL) != JNI_OK) {
            eid4j_complain("cannot attach this thread to the Java runtime");
            return -1;
        }
        pthread_setspecific(detach_key, (void *) 1);
    } else if (rc != JNI_OK) {
        eid4j_complain("the Java runtime refuses this thread (JNI error %d)", (int) rc);
        return -1;
    }
    thread_attached = 1;
    if (env_out != NULL)
        *env_out = env;
    return 0;
}

int eid4j_java_attach(void)
{
    return thread_attached ? 0 : attach(NULL);
}

/* ---- jars */

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *) a, *(char *const *) b);
}

/* The .jar files in dir, sorted, as full paths; count 0 is an error. */
static char **list_jars(const char *dir, int *count)
{
    DIR *d = opendir(dir);
    struct dirent *entry;
    char **paths = NULL;
    int n = 0, capacity = 0;

    *count = 0;
    if (d == NULL) {
        eid4j_complain("cannot read the jar folder %s", dir);
        return NULL;
    }
    while ((entry = readdir(d)) != NULL) {
        size_t len = strlen(entry->d_name);
        char *path;

        if (len < 5 || strcmp(entry->d_name + len - 4, ".jar") != 0)
            continue;
        if (n == capacity) {
            char **more = realloc(paths, sizeof(char *) * (capacity = capacity ? capacity * 2 : 16));
            if (more == NULL)
                break;
            paths = more;
        }
        if (asprintf(&path, "%s/%s", dir, entry->d_name) < 0)
            break;
        paths[n++] = path;
    }
    closedir(d);
    if (n == 0) {
        eid4j_complain("there are no jars in %s", dir);
        free(paths);
        return NULL;
    }
    qsort(paths, n, sizeof(char *), compare_names);
    *count = n;
    return paths;
}

static void free_jars(char **paths, int count)
{
    for (int i = 0; i < count; i++)
        free(paths[i]);
    free(paths);
}

/* ---- the Java side's entry point */

/* One line: what failed, and the pending Java exception's toString(). */
static int java_failure(JNIEnv *env, const char *format, ...) __attribute__((format(printf, 2, 3)));
static int java_failure(JNIEnv *env, const char *format, ...)
{
    char what[1024], detail[1024] = "";
    va_list args;
    jthrowable thrown = (*env)->ExceptionOccurred(env);

    va_start(args, format);
    vsnprintf(what, sizeof what, format, args);
    va_end(args);
    if (thrown != NULL) {
        jclass type;
        jmethodID to_string;
        jstring text = NULL;

        (*env)->ExceptionClear(env);
        type = (*env)->GetObjectClass(env, thrown);
        to_string = (*env)->GetMethodID(env, type, "toString", "()Ljava/lang/String;");
        if (to_string != NULL)
            text = (*env)->CallObjectMethod(env, thrown, to_string);
        if ((*env)->ExceptionCheck(env)) {
            (*env)->ExceptionClear(env);
        } else if (text != NULL) {
            const char *chars = (*env)->GetStringUTFChars(env, text, NULL);
            if (chars != NULL) {
                snprintf(detail, sizeof detail, ": %s", chars);
                (*env)->ReleaseStringUTFChars(env, text, chars);
            }
        }
        for (char *c = detail; *c != '\0'; c++)
            if (*c == '\n' || *c == '\r')
                *c = ' ';
    }
    eid4j_complain("%s%s", what, detail);
    return -1;
}

/* Loads Bootstrap through a class loader of its own over the jars, beside the platform classes only. */
static jclass load_isolated(JNIEnv *env, const char *jar_dir)
{
    jclass file_type, uri_type, url_type, loader_type, url_loader_type;
    jmethodID new_file, to_uri, to_url, platform, new_loader, load_class;
    jobjectArray urls;
    jobject parent, loader;
    jstring name;
    int count;
    char **jars = list_jars(jar_dir, &count);

    if (jars == NULL)
        return NULL;
    file_type = (*env)->FindClass(env, "java/io/File");
    uri_type = (*env)->FindClass(env, "java/net/URI");
    url_type = (*env)->FindClass(env, "java/net/URL");
    loader_type = (*env)->FindClass(env, "java/lang/ClassLoader");
    url_loader_type = (*env)->FindClass(env, "java/net/URLClassLoader");
    if (file_type == NULL || uri_type == NULL || url_type == NULL || loader_type == NULL || url_loader_type == NULL)
        goto fail;
    new_file = (*env)->GetMethodID(env, file_type, "<init>", "(Ljava/lang/String;)V");
    to_uri = (*env)->GetMethodID(env, file_type, "toURI", "()Ljava/net/URI;");
    to_url = (*env)->GetMethodID(env, uri_type, "toURL", "()Ljava/net/URL;");
    platform = (*env)->GetStaticMethodID(env, loader_type, "getPlatformClassLoader", "()Ljava/lang/ClassLoader;");
    new_loader = (*env)->GetMethodID(env, url_loader_type, "<init>", "([Ljava/net/URL;Ljava/lang/ClassLoader;)V");
    load_class = (*env)->GetMethodID(env, loader_type, "loadClass", "(Ljava/lang/String;)Ljava/lang/Class;");
    if (new_file == NULL || to_uri == NULL || to_url == NULL || platform == NULL || new_loader == NULL || load_class == NULL)
        goto fail;
    urls = (*env)->NewObjectArray(env, count, url_type, NULL);
    if (urls == NULL)
        goto fail;
    for (int i = 0; i < count; i++) {
        jstring path = (*env)->NewStringUTF(env, jars[i]);
        jobject file = path == NULL ? NULL : (*env)->NewObject(env, file_type, new_file, path);
        jobject uri = file == NULL ? NULL : (*env)->CallObjectMethod(env, file, to_uri);
        jobject url = uri == NULL || (*env)->ExceptionCheck(env) ? NULL : (*env)->CallObjectMethod(env, uri, to_url);

        if (url == NULL || (*env)->ExceptionCheck(env))
            goto fail;
        (*env)->SetObjectArrayElement(env, urls, i, url);
    }
    parent = (*env)->CallStaticObjectMethod(env, loader_type, platform);
    if ((*env)->ExceptionCheck(env))
        goto fail;
    loader = (*env)->NewObject(env, url_loader_type, new_loader, urls, parent);
    name = loader == NULL ? NULL : (*env)->NewStringUTF(env, BOOTSTRAP_NAME);
    if (name == NULL)
        goto fail;
    free_jars(jars, count);
    return (jclass) (*env)->CallObjectMethod(env, loader, load_class, name);
fail:
    free_jars(jars, count);
    return NULL;
}

/*
 * The JDK sets SIGCHLD's flags (default action, SA_NOCLDSTOP | SA_RESTART) the first time it
 * initialises java.lang.ProcessImpl, which System.getenv does. Done here, while the host's
 * dispositions are still to be given back, a later getenv (the cache and config folders) no
 * longer changes the host's SIGCHLD behind its back.
 */
static void settle_process_support(JNIEnv *env)
{
    jclass system = (*env)->FindClass(env, "java/lang/System");
    jmethodID getenv_method = system == NULL ? NULL
        : (*env)->GetStaticMethodID(env, system, "getenv", "(Ljava/lang/String;)Ljava/lang/String;");
    jstring name = getenv_method == NULL ? NULL : (*env)->NewStringUTF(env, "HOME");

    if (name != NULL) {
        (*env)->CallStaticObjectMethod(env, system, getenv_method, name);
        (*env)->DeleteLocalRef(env, name);
    }
    if ((*env)->ExceptionCheck(env))
        (*env)->ExceptionClear(env);
    if (system != NULL)
        (*env)->DeleteLocalRef(env, system);
}

/* Calls Bootstrap.stubResolver(configPath, tokens) for the upcall stub that gives the others. */
static int bootstrap(JNIEnv *env, const struct eid4j_config *config, eid4j_stub_resolver *resolver, int isolated)
{
    jclass type;
    jmethodID stub_resolver;
    jstring conf = NULL, tokens;
    jlong address;
    int rc = -1;

    if ((*env)->PushLocalFrame(env, 64) != 0)
        return java_failure(env, "the Java runtime is out of memory");
    type = isolated ? load_isolated(env, config->jar_dir) : (*env)->FindClass(env, BOOTSTRAP_CLASS);
    if (type == NULL || (*env)->ExceptionCheck(env)) {
        java_failure(env, "cannot load %s from %s", BOOTSTRAP_NAME, config->jar_dir);
        goto out;
    }
    stub_resolver = (*env)->GetStaticMethodID(env, type, "stubResolver", "(Ljava/lang/String;Ljava/lang/String;)J");
    if (stub_resolver == NULL) {
        java_failure(env, "%s has no stubResolver(String, String)", BOOTSTRAP_NAME);
        goto out;
    }
    if (config->conf_path[0] != '\0' && (conf = (*env)->NewStringUTF(env, config->conf_path)) == NULL) {
        java_failure(env, "the Java runtime is out of memory");
        goto out;
    }
    if ((tokens = (*env)->NewStringUTF(env, EID4J_TOKENS)) == NULL) {
        java_failure(env, "the Java runtime is out of memory");
        goto out;
    }
    address = (*env)->CallStaticLongMethod(env, type, stub_resolver, conf, tokens);
    if ((*env)->ExceptionCheck(env)) {
        java_failure(env, "the PKCS#11 module did not start");
        goto out;
    }
    if (address == 0) {
        eid4j_complain("the PKCS#11 module did not start");
        goto out;
    }
    *resolver = (eid4j_stub_resolver) (intptr_t) address;
    /* The class keeps its class loader, and so the upcall stubs' classes, for the process's life. */
    (*env)->NewGlobalRef(env, type);
    rc = 0;
out:
    (*env)->PopLocalFrame(env, NULL);
    return rc;
}

/* ---- creating a JVM */

struct creation {
    const struct eid4j_config *config;
    void *libjvm;
    create_vm_fn create;
    char *class_path;
    char *aot_cache;            /* the -XX:AOTCache option, or NULL */
    eid4j_stub_resolver *resolver;
    const char *java_home;
    pthread_t thread;
    jmp_buf escape;
    struct eid4j_host_state host;
    int result;
};

static struct creation *creating;

/*
 * HotSpot exits or aborts the process when it fails late in its start (a missing CDS archive, no
 * room for the heap). The hooks run on the creating thread first: jump back out, so the
 * application sees CKR_GENERAL_ERROR instead of dying.
 */
static void escape_if_creating(const char *what)
{
    struct creation *c = creating;

    if (c != NULL && pthread_equal(pthread_self(), c->thread)) {
        eid4j_complain("the Java runtime in %s %s while starting", c->java_home, what);
        longjmp(c->escape, 1);
    }
}

static void vm_exit_hook(jint code)
{
    (void) code;
    escape_if_creating("exited");
}

static void vm_abort_hook(void)
{
    escape_if_creating("aborted");
}

static void *create_on_own_thread(void *arg)
{
    struct creation *c = arg;
    JavaVMOption options[EID4J_MAX_JVM_OPTIONS + 9];
    JavaVMInitArgs args;
    JavaVM *created = NULL;
    JNIEnv *env = NULL;
    jint rc;
    int n = 0;

    c->thread = pthread_self();
    memset(options, 0, sizeof options);
    /* -Xrs: the application keeps its SIGINT, SIGTERM, SIGHUP and SIGQUIT (host_state.c does the rest). */
    options[n++].optionString = (char *) "-Xrs";
    /* HotSpot would raise the process's soft limit of open files to the hard one. */
    options[n++].optionString = (char *) "-XX:-MaxFDLimit";
    options[n++].optionString = (char *) "-Xmx128m";
    options[n++].optionString = (char *) "--enable-native-access=ALL-UNNAMED";
    options[n++].optionString = c->class_path;
    if (c->aot_cache != NULL) {
        options[n++].optionString = c->aot_cache;
        /* A cache that does not fit (another JDK build, other heap options) costs only its speed-up,
         * and the host's stdout and stderr are not the JVM's to complain on; a config's -Xlog:aot comes after. */
        options[n++].optionString = (char *) "-Xlog:aot*=off";
    }
    options[n].optionString = (char *) "exit";
    options[n++].extraInfo = (void *) vm_exit_hook;
    options[n].optionString = (char *) "abort";
    options[n++].extraInfo = (void *) vm_abort_hook;
    for (int i = 0; i < c->config->jvm_option_count; i++)
        options[n++].optionString = c->config->jvm_options[i];
    args.version = JNI_VERSION_10;
    args.nOptions = n;
    args.options = options;
    args.ignoreUnrecognized = JNI_FALSE;

    if (eid4j_save_host_state(&c->host, c->libjvm) != 0)
        return NULL;
    if (eid4j_filter_jvm_environment(c->libjvm, c->host.sr_signal) != 0) {
        eid4j_restore_host_state(&c->host, 0);
        return NULL;
    }
    if (setjmp(c->escape) != 0) {
        eid4j_unfilter_jvm_environment();
        eid4j_restore_host_state(&c->host, 0);
        return NULL;
    }
    rc = c->create(&created, (void **) &env, &args);
    creating = NULL;
    if (rc == JNI_OK)
        settle_process_support(env);
    eid4j_unfilter_jvm_environment();
    eid4j_restore_host_state(&c->host, rc == JNI_OK);
    if (rc != JNI_OK) {
        eid4j_complain("the Java runtime in %s did not start (JNI error %d)", c->java_home, (int) rc);
        c->result = -1;
        return NULL;
    }
    vm = created;
    vm_created_here = 1;
    thread_attached = 1;
    c->result = bootstrap(env, c->config, c->resolver, 0);
    /* This thread's work is done; the JVM lives on without it, never destroyed. */
    (*vm)->DetachCurrentThread(vm);
    return NULL;
}

static JavaVM *running_vm(created_vms_fn created_vms)
{
    JavaVM *vms[1];
    jsize count = 0;

    if (created_vms == NULL || created_vms(vms, 1, &count) != JNI_OK || count < 1)
        return NULL;
    return vms[0];
}

static int join(const struct eid4j_config *config, eid4j_stub_resolver *resolver)
{
    JNIEnv *env;

    if (attach(&env) != 0)
        return -1;
    return bootstrap(env, config, resolver, 1);
}

/*
 * -XX:AOTCache with the cache the build wrote beside the jars: the JVM maps the classes it needs
 * loaded and linked, with the profiles of a training run, instead of reading them from the jars
 * (README, Benchmarks). NULL when there is none: the JVM would complain about a missing file.
 */
static char *aot_cache_option(const char *jar_dir)
{
    char *option;
    const char *prefix = "-XX:AOTCache=";

    if (asprintf(&option, "%s%s/%s", prefix, jar_dir, EID4J_AOT_CACHE_NAME) < 0)
        return NULL;
    if (access(option + strlen(prefix), R_OK) != 0) {
        free(option);
        return NULL;
    }
    return option;
}

static int create(const struct eid4j_config *config, eid4j_stub_resolver *resolver)
{
    char libjvm[PATH_MAX + 32];
    void *handle;
    struct creation c;
    pthread_attr_t attr;
    char **jars;
    int count;
    size_t length;

    if (config->java_home[0] == '\0') {
        eid4j_complain("no Java runtime is configured: set java.home in %s, or EID4J_JAVA_HOME or JAVA_HOME",
                       config->conf_path[0] != '\0' ? config->conf_path : EID4J_CONF_NAME " beside the module");
        return -1;
    }
    snprintf(libjvm, sizeof libjvm, "%s/lib/server/libjvm.so", config->java_home);
    handle = dlopen(libjvm, RTLD_NOW | RTLD_GLOBAL);
    if (handle == NULL) {
        eid4j_complain("cannot load the Java runtime: %s", dlerror());
        return -1;
    }
    /* That libjvm may already run here, loaded by someone without RTLD_GLOBAL. */
    vm = running_vm((created_vms_fn) dlsym(handle, "JNI_GetCreatedJavaVMs"));
    if (vm != NULL)
        return join(config, resolver);

    memset(&c, 0, sizeof c);
    c.config = config;
    c.libjvm = handle;
    c.resolver = resolver;
    c.java_home = config->java_home;
    c.create = (create_vm_fn) dlsym(handle, "JNI_CreateJavaVM");
    if (c.create == NULL) {
        eid4j_complain("%s has no JNI_CreateJavaVM", libjvm);
        return -1;
    }
    if ((jars = list_jars(config->jar_dir, &count)) == NULL)
        return -1;
    length = strlen("-Djava.class.path=") + 1;
    for (int i = 0; i < count; i++)
        length += strlen(jars[i]) + 1;
    c.class_path = malloc(length);
    if (c.class_path != NULL) {
        strcpy(c.class_path, "-Djava.class.path=");
        for (int i = 0; i < count; i++) {
            if (i > 0)
                strcat(c.class_path, ":");
            strcat(c.class_path, jars[i]);
        }
    }
    free_jars(jars, count);
    if (c.class_path == NULL)
        return -1;
    c.aot_cache = aot_cache_option(config->jar_dir);

    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, JVM_THREAD_STACK);
    creating = &c;
    c.result = -1;
    if (pthread_create(&c.thread, &attr, create_on_own_thread, &c) != 0) {
        eid4j_complain("cannot create a thread for the Java runtime");
    } else {
        pthread_join(c.thread, NULL);
    }
    creating = NULL;
    pthread_attr_destroy(&attr);
    free(c.class_path);
    free(c.aot_cache);
    if (vm == NULL)
        vm_failed = 1;
    return c.result;
}

int eid4j_java_start(eid4j_stub_resolver *resolver)
{
    struct eid4j_config config;
    int rc;

    if (vm_failed) {
        eid4j_complain("the Java runtime failed to start earlier in this process; restart the program");
        return -1;
    }
    if (eid4j_read_config(&config) != 0)
        return -1;
    if (vm == NULL)
        vm = running_vm((created_vms_fn) dlsym(RTLD_DEFAULT, "JNI_GetCreatedJavaVMs"));
    /* A running JVM (the application's, or ours after a failed start of the Java side) is joined. */
    rc = vm != NULL ? join(&config, resolver) : create(&config, resolver);
    eid4j_free_config(&config);
    return rc;
}

int eid4j_java_is_ours(void)
{
    return vm_created_here;
}
