package io.github.eid4j.apdu.pcsc;

import com.sun.jna.Function;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import io.github.eid4j.apdu.pcsc.ScardCodes.Phase;
import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The four PC/SC functions that reading reader states needs (establish and release a context,
 * list readers, get their states), called directly through JNA.
 *
 * <p>javax.smartcardio has no way to read the ATR and the event counter that
 * SCardGetStatusChange reports without connecting to the card, and connecting from a monitor
 * disturbs other programs (an exclusive connect fails while the monitor holds a shared one).
 * Hence this small binding next to jnasmartcardio, which does the connecting.
 *
 * <p>Type sizes and the SCARD_READERSTATE layout differ: pcsc-lite on Linux uses {@code long}
 * for DWORD and LONG; macOS uses 32-bit integers and packs the structure; Windows uses 32-bit
 * DWORD and LONG, pointer-sized handles, a 36-byte ATR buffer and the "A" variants of the
 * functions that take strings.
 */
final class WinscardStatus implements StatusSource {
    private static final int SCARD_SCOPE_SYSTEM = 2;
    private static final int SCARD_STATE_UNAWARE = 0;

    private static volatile WinscardStatus instance;

    private final Function establishContext;
    private final Function releaseContext;
    private final Function listReaders;
    private final Function getStatusChange;
    private final int dwordSize;
    private final int handleSize;
    private final int returnSize;
    private final int atrBufferSize;
    private final int offCurrentState;
    private final int offEventState;
    private final int offCbAtr;
    private final int offAtr;
    private final int stateSize;

    private WinscardStatus(NativeLibrary lib) {
        boolean windows = Platform.isWindows();
        boolean mac = Platform.isMac();
        int callFlags = windows ? Function.ALT_CONVENTION : Function.C_CONVENTION;
        establishContext = lib.getFunction("SCardEstablishContext", callFlags);
        releaseContext = lib.getFunction("SCardReleaseContext", callFlags);
        listReaders = lib.getFunction(windows ? "SCardListReadersA" : "SCardListReaders", callFlags);
        getStatusChange = lib.getFunction(windows ? "SCardGetStatusChangeA" : "SCardGetStatusChange", callFlags);
        dwordSize = windows || mac ? 4 : NativeLong.SIZE;
        returnSize = dwordSize;
        handleSize = windows ? Native.POINTER_SIZE : dwordSize;
        atrBufferSize = windows ? 36 : 33;
        int ptr = Native.POINTER_SIZE;
        offCurrentState = 2 * ptr;
        offEventState = offCurrentState + dwordSize;
        offCbAtr = offEventState + dwordSize;
        offAtr = offCbAtr + dwordSize;
        int align = mac ? 1 : Math.max(ptr, dwordSize);
        int raw = offAtr + atrBufferSize;
        stateSize = (raw + align - 1) / align * align;
    }

    /** The binding to the system's PC/SC library, loaded on first use. */
    static WinscardStatus get() throws PcscException {
        WinscardStatus s = instance;
        if (s == null) {
            synchronized (WinscardStatus.class) {
                s = instance;
                if (s == null) {
                    s = new WinscardStatus(loadLibrary());
                    instance = s;
                }
            }
        }
        return s;
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

    @Override
    public Context open() throws PcscException {
        Memory phContext = new Memory(handleSize);
        phContext.clear();
        int rv;
        try {
            rv = call(establishContext, dword(SCARD_SCOPE_SYSTEM), null, null, phContext);
        } catch (LinkageError | RuntimeException e) {
            throw ScardCodes.map(e, null, Phase.ESTABLISH);
        }
        if (rv != ScardCodes.SCARD_S_SUCCESS) {
            throw ScardCodes.exception(rv, null, Phase.ESTABLISH, null);
        }
        long handle = handleSize == 8 ? phContext.getLong(0) : phContext.getInt(0);
        return new Context(handle);
    }

    private int call(Function f, Object... args) {
        long rv = returnSize == 8 ? f.invokeLong(args) : f.invokeInt(args);
        return (int) rv;
    }

    private Object dword(long value) {
        return dwordSize == 8 ? (Object) value : (Object) (int) value;
    }

    private long readDword(Pointer p, long offset) {
        return dwordSize == 8 ? p.getLong(offset) : p.getInt(offset) & 0xFFFF_FFFFL;
    }

    private void writeDword(Pointer p, long offset, long value) {
        if (dwordSize == 8) {
            p.setLong(offset, value);
        } else {
            p.setInt(offset, (int) value);
        }
    }

    /** One PC/SC context. */
    final class Context implements StatusSource.Session {
        private final Object handle;
        private boolean closed;

        private Context(long handle) {
            this.handle = handleSize == 8 ? (Object) handle : (Object) (int) handle;
        }

        /** The reader names, in the service's order; empty if no reader is connected. */
        List<String> readerNames() throws PcscException {
            checkOpen();
            for (int attempt = 0; attempt < 5; attempt++) {
                Memory pcch = new Memory(dwordSize);
                writeDword(pcch, 0, 0);
                int rv = call(listReaders, handle, null, null, pcch);
                if (rv == ScardCodes.SCARD_E_NO_READERS_AVAILABLE) {
                    return List.of();
                }
                if (rv != ScardCodes.SCARD_S_SUCCESS) {
                    throw ScardCodes.exception(rv, null, Phase.LIST, null);
                }
                long size = readDword(pcch, 0);
                if (size <= 1) {
                    return List.of();
                }
                Memory buffer = new Memory(size);
                buffer.clear();
                rv = call(listReaders, handle, null, buffer, pcch);
                if (rv == ScardCodes.SCARD_E_INSUFFICIENT_BUFFER) {
                    continue; // a reader was plugged in between the two calls
                }
                if (rv == ScardCodes.SCARD_E_NO_READERS_AVAILABLE) {
                    return List.of();
                }
                if (rv != ScardCodes.SCARD_S_SUCCESS) {
                    throw ScardCodes.exception(rv, null, Phase.LIST, null);
                }
                long filled = Math.min(size, readDword(pcch, 0));
                return splitMultiString(buffer.getByteArray(0, (int) filled));
            }
            throw ScardCodes.exception(ScardCodes.SCARD_E_INSUFFICIENT_BUFFER, null, Phase.LIST, null);
        }

        /** The current state of each named reader, without waiting. */
        List<ReaderStatus> status(List<String> names) throws PcscException {
            checkOpen();
            if (names.isEmpty()) {
                return List.of();
            }
            Memory states = new Memory((long) stateSize * names.size());
            states.clear();
            List<Memory> nameBuffers = new ArrayList<>(names.size());
            for (int i = 0; i < names.size(); i++) {
                byte[] bytes = names.get(i).getBytes(StandardCharsets.UTF_8);
                Memory name = new Memory(bytes.length + 1L);
                name.write(0, bytes, 0, bytes.length);
                name.setByte(bytes.length, (byte) 0);
                nameBuffers.add(name);
                long base = (long) i * stateSize;
                states.setPointer(base, name);
                writeDword(states, base + offCurrentState, SCARD_STATE_UNAWARE);
            }
            int rv = call(getStatusChange, handle, dword(0), states, dword(names.size()));
            if (rv != ScardCodes.SCARD_S_SUCCESS && rv != ScardCodes.SCARD_E_TIMEOUT) {
                throw ScardCodes.exception(rv, null, Phase.LIST, null);
            }
            List<ReaderStatus> result = new ArrayList<>(names.size());
            for (int i = 0; i < names.size(); i++) {
                long base = (long) i * stateSize;
                int eventState = (int) readDword(states, base + offEventState);
                int atrLength = (int) Math.min(atrBufferSize, Math.max(0, readDword(states, base + offCbAtr)));
                byte[] atr = states.getByteArray(base + offAtr, atrLength);
                result.add(new ReaderStatus(names.get(i), eventState, atr));
            }
            Reference.reachabilityFence(nameBuffers); // the native call read the names through these
            return result;
        }

        @Override
        public List<ReaderStatus> readers() throws PcscException {
            PcscException last = null;
            for (int attempt = 0; attempt < 3; attempt++) {
                List<String> names = readerNames();
                try {
                    return status(names);
                } catch (PcscException e) {
                    // A reader vanished between the two calls: list again.
                    if (e.failure() != PcscFailure.UNKNOWN_READER && e.failure() != PcscFailure.READER_REMOVED) {
                        throw e;
                    }
                    last = e;
                }
            }
            throw last;
        }

        private void checkOpen() throws PcscException {
            if (closed) {
                throw new PcscException(PcscFailure.CLOSED, null, 0, "The PC/SC context is released.", null);
            }
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                try {
                    call(releaseContext, handle);
                } catch (RuntimeException | LinkageError e) {
                    // Releasing a context of a service that went away fails; nothing is left to free.
                }
            }
        }
    }

    static List<String> splitMultiString(byte[] bytes) {
        List<String> names = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                if (i == start) {
                    break;
                }
                names.add(new String(bytes, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        return Collections.unmodifiableList(names);
    }
}
