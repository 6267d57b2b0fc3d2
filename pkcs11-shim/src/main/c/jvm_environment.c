/*
 * What the JVM reads of the environment while it starts. HotSpot applies JAVA_TOOL_OPTIONS and
 * _JAVA_OPTIONS in JNI_CreateJavaVM and has no option to ignore them; they are meant for the
 * host's other Java programs, and one of them could make a C program that loads this module run
 * a debugger agent on a TCP port. (JDK_JAVA_OPTIONS is the java launcher's; JNI_CreateJavaVM
 * never reads it.) So for the time of JNI_CreateJavaVM, libjvm's own imports of getenv and
 * secure_getenv (its GOT slots) go through a filter that hides those two variables and answers
 * _JAVA_SR_SIGNUM with the signal the module chose. The process's environment itself is never
 * changed: other threads of the host read it, and setenv is not safe against them.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <elf.h>
#include <errno.h>
#include <link.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "shim.h"

#if defined(__x86_64__)
#define IMPORT_SLOT R_X86_64_JUMP_SLOT
#define IMPORT_DATA R_X86_64_GLOB_DAT
#elif defined(__aarch64__)
#define IMPORT_SLOT R_AARCH64_JUMP_SLOT
#define IMPORT_DATA R_AARCH64_GLOB_DAT
#else
#error "the GOT relocation types of this architecture are not known here"
#endif

typedef char *(*getenv_fn)(const char *name);

/* HotSpot's option variables; a user gives the module's JVM options in its config (jvm.option). */
static const char *const hidden[] = {"JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", NULL};
static char sr_signum[16];

/* One GOT slot of libjvm: where it is, what ld.so put there, and the filter that stands in for it. */
struct slot {
    void **address;
    void *original;
    void *filter;
    int read_only;              /* in the part of RELRO that ld.so made read-only */
};

#define MAX_SLOTS 8
static struct slot slots[MAX_SLOTS];
static int slot_count;
static getenv_fn real_getenv, real_secure_getenv;

static char *filtered(getenv_fn real, const char *name)
{
    for (int i = 0; hidden[i] != NULL; i++)
        if (strcmp(name, hidden[i]) == 0)
            return NULL;
    if (strcmp(name, "_JAVA_SR_SIGNUM") == 0)
        return sr_signum;
    return real(name);
}

static char *jvm_getenv(const char *name)
{
    return filtered(real_getenv, name);
}

static char *jvm_secure_getenv(const char *name)
{
    return filtered(real_secure_getenv, name);
}

/* The pages ld.so made read-only after relocation: PT_GNU_RELRO rounded down to whole pages at its end. */
struct relro {
    ElfW(Addr) base;
    uintptr_t start, end;
};

static int find_relro(struct dl_phdr_info *info, size_t size, void *data)
{
    struct relro *relro = data;
    uintptr_t page = (uintptr_t) sysconf(_SC_PAGESIZE);

    (void) size;
    if (info->dlpi_addr != relro->base)
        return 0;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *p = &info->dlpi_phdr[i];

        if (p->p_type == PT_GNU_RELRO) {
            relro->start = (info->dlpi_addr + p->p_vaddr) & ~(page - 1);
            relro->end = (info->dlpi_addr + p->p_vaddr + p->p_memsz) & ~(page - 1);
        }
    }
    return 1;
}

/* ld.so has turned most pointers of the dynamic section into addresses; an offset is below the base. */
static const void *dynamic_address(ElfW(Addr) base, ElfW(Addr) value)
{
    return (const void *) (value < base ? base + value : value);
}

static void add_slots(ElfW(Addr) base, const ElfW(Rela) *relocations, size_t size, const ElfW(Sym) *symbols,
                      const char *names, const struct relro *relro)
{
    for (size_t i = 0; i < size / sizeof *relocations; i++) {
        const ElfW(Rela) *r = &relocations[i];
        unsigned long type = ELF64_R_TYPE(r->r_info);
        const char *name = names + symbols[ELF64_R_SYM(r->r_info)].st_name;
        getenv_fn *real;
        void *filter;
        struct slot *s;

        if (type != IMPORT_SLOT && type != IMPORT_DATA)
            continue;
        if (strcmp(name, "getenv") == 0) {
            filter = (void *) jvm_getenv;
            real = &real_getenv;
        } else if (strcmp(name, "secure_getenv") == 0) {
            filter = (void *) jvm_secure_getenv;
            real = &real_secure_getenv;
        } else {
            continue;
        }
        if (slot_count == MAX_SLOTS)
            return;
        s = &slots[slot_count++];
        s->address = (void **) (base + r->r_offset);
        s->original = *s->address;
        s->filter = filter;
        s->read_only = (uintptr_t) s->address >= relro->start && (uintptr_t) s->address < relro->end;
        /* The filter calls what ld.so bound libjvm to, which is the host's getenv if the host interposes one. */
        *real = (getenv_fn) s->original;
    }
}

/* Points the first count slots at their filters (or back at the originals); how many it could. */
static int point_slots(int count, int at_filter)
{
    uintptr_t page = (uintptr_t) sysconf(_SC_PAGESIZE);

    for (int i = 0; i < count; i++) {
        struct slot *s = &slots[i];
        void *page_start = (void *) ((uintptr_t) s->address & ~(page - 1));

        if (s->read_only && mprotect(page_start, page, PROT_READ | PROT_WRITE) != 0)
            return i;
        __atomic_store_n(s->address, at_filter ? s->filter : s->original, __ATOMIC_SEQ_CST);
        if (s->read_only)
            mprotect(page_start, page, PROT_READ);
    }
    return count;
}

int eid4j_filter_jvm_environment(void *libjvm, int sr_signal)
{
    struct link_map *map;
    const ElfW(Sym) *symbols = NULL;
    const char *names = NULL;
    const ElfW(Rela) *plt = NULL, *data = NULL;
    size_t plt_size = 0, data_size = 0;
    struct relro relro = {0, 0, 0};
    int pointed;

    slot_count = 0;
    real_getenv = real_secure_getenv = NULL;
    snprintf(sr_signum, sizeof sr_signum, "%d", sr_signal);
    if (dlinfo(libjvm, RTLD_DI_LINKMAP, &map) != 0)
        goto not_found;
    for (const ElfW(Dyn) *d = map->l_ld; d->d_tag != DT_NULL; d++) {
        switch (d->d_tag) {
        case DT_SYMTAB: symbols = dynamic_address(map->l_addr, d->d_un.d_ptr); break;
        case DT_STRTAB: names = dynamic_address(map->l_addr, d->d_un.d_ptr); break;
        case DT_JMPREL: plt = dynamic_address(map->l_addr, d->d_un.d_ptr); break;
        case DT_PLTRELSZ: plt_size = d->d_un.d_val; break;
        case DT_RELA: data = dynamic_address(map->l_addr, d->d_un.d_ptr); break;
        case DT_RELASZ: data_size = d->d_un.d_val; break;
        default: break;
        }
    }
    if (symbols == NULL || names == NULL)
        goto not_found;
    relro.base = map->l_addr;
    dl_iterate_phdr(find_relro, &relro);
    if (plt != NULL)
        add_slots(map->l_addr, plt, plt_size, symbols, names, &relro);
    if (data != NULL)
        add_slots(map->l_addr, data, data_size, symbols, names, &relro);
    if (real_getenv == NULL)
        goto not_found;
    pointed = point_slots(slot_count, 1);
    if (pointed < slot_count) {
        int error = errno;

        point_slots(pointed, 0);
        slot_count = 0;
        eid4j_complain("cannot keep the environment's Java options from the Java runtime: %s", strerror(error));
        return -1;
    }
    return 0;
not_found:
    eid4j_complain("cannot keep the environment's Java options from the Java runtime: its getenv import was not found");
    slot_count = 0;
    return -1;
}

void eid4j_unfilter_jvm_environment(void)
{
    point_slots(slot_count, 0);
    slot_count = 0;
}
