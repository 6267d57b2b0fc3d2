package io.github.eid4j.apdu.pcsc;

import com.sun.jna.Function;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.util.List;

/**
 * The system's PC/SC library, for the few functions eid4j calls directly through JNA
 * ({@link WinscardStatus}, {@link WinscardTransmit}), and the sizes of its types, which differ:
 * pcsc-lite on Linux uses {@code long} for DWORD, LONG and handles; macOS uses 32-bit integers
 * and packs its structures; Windows uses 32-bit DWORD and LONG, pointer-sized handles, and the
 * "A" variants of the functions that take strings.
 */
final class Winscard {
    private static volatile Winscard instance;

    final boolean windows;
    final boolean mac;
    final int dwordSize;
    final int handleSize;
    private final NativeLibrary library;
    private final int callFlags;

    private Winscard(NativeLibrary library) {
        this.library = library;
        windows = Platform.isWindows();
        mac = Platform.isMac();
        callFlags = windows ? Function.ALT_CONVENTION : Function.C_CONVENTION;
        dwordSize = windows || mac ? 4 : NativeLong.SIZE;
        handleSize = windows ? Native.POINTER_SIZE : dwordSize;
    }

    /** The binding to the system's PC/SC library, loaded on first use. */
    static Winscard get() throws PcscException {
        Winscard w = instance;
        if (w == null) {
            synchronized (Winscard.class) {
                w = instance;
                if (w == null) {
                    w = new Winscard(loadLibrary());
                    instance = w;
                }
            }
        }
        return w;
    }

    private static NativeLibrary loadLibrary() throws PcscException {
        List<String> names;
        if (Platform.isWindows()) {
            names = List.of("winscard");
        } else if (Platform.isMac()) {
            names = List.of("/System/Library/Frameworks/PCSC.framework/PCSC");
        } else {
            // The runtime package ships libpcsclite.so.1; libpcsclite.so comes only with -dev packages.
            names = List.of("libpcsclite.so.1", "pcsclite");
        }
        Throwable first = null;
        for (String name : names) {
            try {
                return NativeLibrary.getInstance(name);
            } catch (LinkageError e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        throw new PcscException(PcscFailure.LIBRARY_MISSING, null, 0, first);
    }

    Function function(String name) {
        return library.getFunction(name, callFlags);
    }

    /** Calls a function that returns a LONG (a SCARD_ code). */
    int call(Function f, Object... args) {
        long rv = dwordSize == 8 ? f.invokeLong(args) : f.invokeInt(args);
        return (int) rv;
    }

    /** A DWORD argument. */
    Object dword(long value) {
        return dwordSize == 8 ? (Object) value : (Object) (int) value;
    }

    /** An SCARDCONTEXT or SCARDHANDLE argument. */
    Object handle(long value) {
        return handleSize == 8 ? (Object) value : (Object) (int) value;
    }

    long readHandle(Pointer p, long offset) {
        return handleSize == 8 ? p.getLong(offset) : p.getInt(offset);
    }

    long readDword(Pointer p, long offset) {
        return dwordSize == 8 ? p.getLong(offset) : p.getInt(offset) & 0xFFFF_FFFFL;
    }

    void writeDword(Pointer p, long offset, long value) {
        if (dwordSize == 8) {
            p.setLong(offset, value);
        } else {
            p.setInt(offset, (int) value);
        }
    }
}
