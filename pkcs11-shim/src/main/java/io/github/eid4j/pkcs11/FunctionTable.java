package io.github.eid4j.pkcs11;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The upcall stubs the C bootstrap forwards to: one per CK_FUNCTION_LIST entry, made on the
 * entry's first call. The C side has one stub from the start, {@link #stub(long)}, which makes
 * the others: an application that only lists its tokens makes four of the 68 (each one spins
 * method handles and code, tens of milliseconds at start). Each stub runs a {@link Cryptoki}
 * method and never lets a Throwable reach native code (the JVM would end the process): a
 * {@link CkrException} gives its CKR_ value, anything else CKR_GENERAL_ERROR and a line on
 * stderr. The functions in {@link #NOT_SUPPORTED} answer CKR_FUNCTION_NOT_SUPPORTED once the
 * module is initialised; every other one must have its method in a chapter of {@link Cryptoki}
 * (FunctionTableTest checks them all; a gap would make the call CKR_GENERAL_ERROR, never quietly
 * CKR_FUNCTION_NOT_SUPPORTED).
 */
final class FunctionTable {
    /**
     * The v2.40 functions in CK_FUNCTION_LIST order, each with its parameters: U a CK_ULONG (or
     * another unsigned long type), P a pointer, B a CK_BBOOL. CK_RV is a CK_ULONG.
     */
    static final List<String> FUNCTIONS = List.of(
            "C_Initialize P", "C_Finalize P", "C_GetInfo P", "C_GetFunctionList P",
            "C_GetSlotList BPP", "C_GetSlotInfo UP", "C_GetTokenInfo UP", "C_GetMechanismList UPP", "C_GetMechanismInfo UUP",
            "C_InitToken UPUP", "C_InitPIN UPU", "C_SetPIN UPUPU",
            "C_OpenSession UUPPP", "C_CloseSession U", "C_CloseAllSessions U", "C_GetSessionInfo UP",
            "C_GetOperationState UPP", "C_SetOperationState UPUUU", "C_Login UUPU", "C_Logout U",
            "C_CreateObject UPUP", "C_CopyObject UUPUP", "C_DestroyObject UU", "C_GetObjectSize UUP",
            "C_GetAttributeValue UUPU", "C_SetAttributeValue UUPU",
            "C_FindObjectsInit UPU", "C_FindObjects UPUP", "C_FindObjectsFinal U",
            "C_EncryptInit UPU", "C_Encrypt UPUPP", "C_EncryptUpdate UPUPP", "C_EncryptFinal UPP",
            "C_DecryptInit UPU", "C_Decrypt UPUPP", "C_DecryptUpdate UPUPP", "C_DecryptFinal UPP",
            "C_DigestInit UP", "C_Digest UPUPP", "C_DigestUpdate UPU", "C_DigestKey UU", "C_DigestFinal UPP",
            "C_SignInit UPU", "C_Sign UPUPP", "C_SignUpdate UPU", "C_SignFinal UPP",
            "C_SignRecoverInit UPU", "C_SignRecover UPUPP",
            "C_VerifyInit UPU", "C_Verify UPUPU", "C_VerifyUpdate UPU", "C_VerifyFinal UPU",
            "C_VerifyRecoverInit UPU", "C_VerifyRecover UPUPP",
            "C_DigestEncryptUpdate UPUPP", "C_DecryptDigestUpdate UPUPP", "C_SignEncryptUpdate UPUPP",
            "C_DecryptVerifyUpdate UPUPP",
            "C_GenerateKey UPPUP", "C_GenerateKeyPair UPPUPUPP", "C_WrapKey UPUUPP", "C_UnwrapKey UPUPUPUP",
            "C_DeriveKey UPUPUP", "C_SeedRandom UPU", "C_GenerateRandom UPU",
            "C_GetFunctionStatus U", "C_CancelFunction U", "C_WaitForSlotEvent UPP");

    /**
     * The functions this module does not have. C_GetFunctionList is answered by the C bootstrap;
     * the others would need what the card does not do (creating, changing or copying objects,
     * encrypting or verifying with a private key's card, generating or wrapping keys) or what an
     * eID token does not need (operation state, dual-function updates, C_InitToken).
     */
    static final Set<String> NOT_SUPPORTED = Set.of("C_GetFunctionList", "C_InitToken", "C_GetOperationState",
            "C_SetOperationState", "C_CreateObject", "C_CopyObject", "C_DestroyObject", "C_GetObjectSize", "C_SetAttributeValue",
            "C_EncryptInit", "C_Encrypt", "C_EncryptUpdate", "C_EncryptFinal", "C_DecryptUpdate", "C_DecryptFinal", "C_DigestKey",
            "C_SignRecoverInit", "C_SignRecover", "C_VerifyInit", "C_Verify", "C_VerifyUpdate", "C_VerifyFinal",
            "C_VerifyRecoverInit", "C_VerifyRecover", "C_DigestEncryptUpdate", "C_DecryptDigestUpdate", "C_SignEncryptUpdate",
            "C_DecryptVerifyUpdate", "C_GenerateKey", "C_GenerateKeyPair", "C_WrapKey", "C_UnwrapKey");

    private static final MethodHandle FAILED;

    static {
        try {
            FAILED = MethodHandles.lookup().findStatic(FunctionTable.class, "failed",
                    MethodType.methodType(long.class, String.class, Throwable.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    static String name(String function) {
        return function.substring(0, function.indexOf(' '));
    }

    static FunctionDescriptor descriptor(String function) {
        String params = function.substring(function.indexOf(' ') + 1);
        List<MemoryLayout> layouts = new ArrayList<>();
        for (char c : params.toCharArray()) {
            layouts.add(switch (c) {
                case 'U' -> JAVA_LONG;
                case 'P' -> ADDRESS;
                case 'B' -> JAVA_BYTE;
                default -> throw new IllegalArgumentException(function);
            });
        }
        return FunctionDescriptor.of(JAVA_LONG, layouts.toArray(MemoryLayout[]::new));
    }

    private final Cryptoki cryptoki;
    private final Arena arena = Arena.global(); // the C side keeps the pointers for the life of the process
    private final MemorySegment[] stubs = new MemorySegment[FUNCTIONS.size()];

    private FunctionTable(Cryptoki cryptoki) {
        this.cryptoki = cryptoki;
    }

    /**
     * The address of the upcall stub {@code long stub(CK_ULONG index)} for {@code cryptoki}: it
     * answers the address of the upcall stub of the CK_FUNCTION_LIST entry at that index.
     */
    static MemorySegment resolver(Cryptoki cryptoki) throws ReflectiveOperationException {
        FunctionTable table = new FunctionTable(cryptoki);
        MethodHandle stub = MethodHandles.lookup().findVirtual(FunctionTable.class, "stub",
                MethodType.methodType(long.class, long.class)).bindTo(table);
        return Linker.nativeLinker().upcallStub(stub, FunctionDescriptor.of(JAVA_LONG, JAVA_LONG), table.arena);
    }

    /** The address of the upcall stub of the function at {@code index}, made once; 0 (and a line on stderr) if it cannot be. */
    synchronized long stub(long index) {
        try {
            int i = Math.toIntExact(index);
            if (stubs[i] == null) {
                String function = FUNCTIONS.get(i);
                MethodHandle target = guarded(name(function), implementation(cryptoki, function));
                stubs[i] = Linker.nativeLinker().upcallStub(target, descriptor(function), arena);
            }
            return stubs[i].address();
        } catch (Throwable t) {
            Log.bug("the upcall stub of function " + index, t);
            return 0;
        }
    }

    /**
     * What runs for {@code function}: its method in one of the chapters, or the CKR_FUNCTION_NOT_SUPPORTED
     * stub for a function in {@link #NOT_SUPPORTED}.
     *
     * @throws IllegalStateException for a function with neither, or with both
     */
    static MethodHandle implementation(Cryptoki cryptoki, String function) {
        String name = name(function);
        MethodType type = descriptor(function).toMethodType();
        MethodHandle found = null;
        for (Object chapter : cryptoki.chapters()) {
            MethodHandle method = method(chapter, name, type);
            if (method != null) {
                if (found != null) {
                    throw new IllegalStateException(name + " is in two chapters");
                }
                found = method;
            }
        }
        if (found != null && NOT_SUPPORTED.contains(name)) {
            throw new IllegalStateException(name + " has a method but is listed as not supported");
        }
        if (found == null && !NOT_SUPPORTED.contains(name)) {
            throw new IllegalStateException("No chapter has " + name + type + ", and it is not listed as not supported");
        }
        return found != null ? found : MethodHandles.dropArguments(notSupported(cryptoki), 0, type.parameterList());
    }

    private static MethodHandle method(Object chapter, String name, MethodType type) {
        try {
            return MethodHandles.lookup().findVirtual(chapter.getClass(), name, type).bindTo(chapter);
        } catch (NoSuchMethodException e) {
            return null;
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static MethodHandle notSupported(Cryptoki cryptoki) {
        try {
            return MethodHandles.lookup().findVirtual(Cryptoki.class, "notSupported", MethodType.methodType(long.class)).bindTo(cryptoki);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code target}, with every Throwable turned into a CKR_ value. */
    private static MethodHandle guarded(String name, MethodHandle target) {
        MethodHandle handler = MethodHandles.insertArguments(FAILED, 0, name);
        handler = MethodHandles.dropArguments(handler, 1, target.type().parameterList());
        return MethodHandles.catchException(target, Throwable.class, handler);
    }

    /** What a function returns when its Java code threw. Must not throw itself. */
    static long failed(String function, Throwable thrown) {
        try {
            if (thrown instanceof CkrException ckr) {
                if (ckr.getMessage() != null) {
                    Log.debug(function + ": " + ckr.getMessage());
                }
                return ckr.rv();
            }
            if (thrown instanceof OutOfMemoryError) {
                return Ck.CKR_HOST_MEMORY;
            }
            Log.bug(function, thrown);
        } catch (Throwable ignored) {
            // nothing may escape to native code
        }
        return Ck.CKR_GENERAL_ERROR;
    }
}
