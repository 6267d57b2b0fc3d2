package io.github.eid4j.pkcs11;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A PKCS#11 module loaded into this JVM and called through FFM downcalls, as a C application
 * would call it: C_GetFunctionList, then the function pointers of the CK_FUNCTION_LIST.
 */
final class NativeModule {
    private final SymbolLookup library;
    private final Map<String, MethodHandle> functions = new HashMap<>();
    private final String version;

    NativeModule(Path path) throws Throwable {
        Linker linker = Linker.nativeLinker();
        library = SymbolLookup.libraryLookup(path, Arena.global());
        MethodHandle getFunctionList = linker.downcallHandle(library.find("C_GetFunctionList").orElseThrow(),
                FunctionDescriptor.of(JAVA_LONG, ADDRESS));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment holder = arena.allocate(ADDRESS);
            long rv = (long) getFunctionList.invokeExact(holder);
            if (rv != 0) {
                throw new IllegalStateException("C_GetFunctionList: " + rv);
            }
            MemorySegment list = holder.get(ADDRESS, 0).reinterpret(8L * (FunctionTable.FUNCTIONS.size() + 1));
            version = (list.get(java.lang.foreign.ValueLayout.JAVA_BYTE, 0) & 0xFF) + "." + (list.get(java.lang.foreign.ValueLayout.JAVA_BYTE, 1) & 0xFF);
            for (int i = 0; i < FunctionTable.FUNCTIONS.size(); i++) {
                String function = FunctionTable.FUNCTIONS.get(i);
                MemorySegment pointer = list.get(ADDRESS, 8L * (i + 1));
                functions.put(FunctionTable.name(function), linker.downcallHandle(pointer, FunctionDescriptor.of(JAVA_LONG,
                        FunctionTable.descriptor(function).argumentLayouts().toArray(java.lang.foreign.MemoryLayout[]::new))));
            }
        }
    }

    /** CK_FUNCTION_LIST.version, "2.40". */
    String version() {
        return version;
    }

    /** Calls a function of the list; arguments: long for CK_ULONG, MemorySegment for pointers, byte for CK_BBOOL. */
    long call(String name, Object... args) {
        MethodHandle f = functions.get(name);
        if (f == null) {
            throw new IllegalArgumentException(name);
        }
        try {
            return (long) f.invokeWithArguments(args);
        } catch (Throwable t) {
            throw new AssertionError(name + " threw " + t, t);
        }
    }

    /** An exported symbol other than C_GetFunctionList (C_GetInterfaceList, C_GetInterface). */
    MethodHandle exported(String name, FunctionDescriptor descriptor) {
        return Linker.nativeLinker().downcallHandle(library.find(name).orElseThrow(), descriptor);
    }
}
