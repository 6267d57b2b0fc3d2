/*
 * A PKCS#11 module in front of another (the path in EID4J_RECORDED_MODULE) that appends
 * "C_Initialize <rv>" and "C_Finalize <rv>" to the file EID4J_RECORD: what a process did with a
 * module before it ended, which no Java test can see from inside. Reached, as the bridge reaches
 * every module, through C_GetFunctionList alone.
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <p11-kit/pkcs11.h>

static CK_FUNCTION_LIST recording;
static CK_FUNCTION_LIST_PTR recorded;

static CK_RV record(const char *function, CK_RV rv)
{
    const char *file = getenv("EID4J_RECORD");
    FILE *out = file != NULL ? fopen(file, "a") : NULL;
    if (out != NULL) {
        fprintf(out, "%s %lu\n", function, (unsigned long) rv);
        fclose(out);
    }
    return rv;
}

static CK_RV initialize(CK_VOID_PTR args)
{
    return record("C_Initialize", recorded->C_Initialize(args));
}

static CK_RV finalize(CK_VOID_PTR reserved)
{
    return record("C_Finalize", recorded->C_Finalize(reserved));
}

CK_RV C_GetFunctionList(CK_FUNCTION_LIST_PTR_PTR list)
{
    if (recorded == NULL) {
        const char *path = getenv("EID4J_RECORDED_MODULE");
        void *module = path != NULL ? dlopen(path, RTLD_NOW | RTLD_LOCAL) : NULL;
        CK_C_GetFunctionList get = module != NULL ? (CK_C_GetFunctionList) dlsym(module, "C_GetFunctionList") : NULL;
        if (get == NULL || get(&recorded) != CKR_OK) {
            return CKR_GENERAL_ERROR;
        }
        recording = *recorded;
        recording.C_Initialize = initialize;
        recording.C_Finalize = finalize;
    }
    *list = &recording;
    return CKR_OK;
}
