package io.github.eid4j.apdu.pcsc;

import com.sun.jna.Function;
import com.sun.jna.Memory;
import com.sun.jna.Native;
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
 * <p>The SCARD_READERSTATE layout differs with the type sizes ({@link Winscard}); macOS packs
 * the structure, and Windows has a 36-byte ATR buffer.
 */
final class WinscardStatus implements StatusSource {
    private static final int SCARD_SCOPE_SYSTEM = 2;
    private static final int SCARD_STATE_UNAWARE = 0;

    private final Winscard winscard;
    private final Function establishContext;
    private final Function releaseContext;
    private final Function listReaders;
    private final Function getStatusChange;
    private final int atrBufferSize;
    private final int offCurrentState;
    private final int offEventState;
    private final int offCbAtr;
    private final int offAtr;
    private final int stateSize;

    private WinscardStatus(Winscard winscard) {
        this.winscard = winscard;
        establishContext = winscard.function("SCardEstablishContext");
        releaseContext = winscard.function("SCardReleaseContext");
        listReaders = winscard.function(winscard.windows ? "SCardListReadersA" : "SCardListReaders");
        getStatusChange = winscard.function(winscard.windows ? "SCardGetStatusChangeA" : "SCardGetStatusChange");
        int dwordSize = winscard.dwordSize;
        atrBufferSize = winscard.windows ? 36 : 33;
        int ptr = Native.POINTER_SIZE;
        offCurrentState = 2 * ptr;
        offEventState = offCurrentState + dwordSize;
        offCbAtr = offEventState + dwordSize;
        offAtr = offCbAtr + dwordSize;
        int align = winscard.mac ? 1 : Math.max(ptr, dwordSize);
        int raw = offAtr + atrBufferSize;
        stateSize = (raw + align - 1) / align * align;
    }

    /** The reader-state functions of the system's PC/SC library, which is loaded on first use. */
    static WinscardStatus get() throws PcscException {
        return new WinscardStatus(Winscard.get());
    }

    @Override
    public Context open() throws PcscException {
        Memory phContext = new Memory(winscard.handleSize);
        phContext.clear();
        int rv;
        try {
            rv = winscard.call(establishContext, winscard.dword(SCARD_SCOPE_SYSTEM), null, null, phContext);
        } catch (LinkageError | RuntimeException e) {
            throw ScardCodes.map(e, null, Phase.ESTABLISH);
        }
        if (rv != ScardCodes.SCARD_S_SUCCESS) {
            throw ScardCodes.exception(rv, null, Phase.ESTABLISH, null);
        }
        return new Context(winscard.readHandle(phContext, 0));
    }

    /** One PC/SC context. */
    final class Context implements StatusSource.Session {
        private final Object handle;
        private boolean closed;

        private Context(long handle) {
            this.handle = winscard.handle(handle);
        }

        /** The reader names, in the service's order; empty if no reader is connected. */
        List<String> readerNames() throws PcscException {
            checkOpen();
            for (int attempt = 0; attempt < 5; attempt++) {
                Memory pcch = new Memory(winscard.dwordSize);
                winscard.writeDword(pcch, 0, 0);
                int rv = winscard.call(listReaders, handle, null, null, pcch);
                if (rv == ScardCodes.SCARD_E_NO_READERS_AVAILABLE) {
                    return List.of();
                }
                if (rv != ScardCodes.SCARD_S_SUCCESS) {
                    throw ScardCodes.exception(rv, null, Phase.LIST, null);
                }
                long size = winscard.readDword(pcch, 0);
                if (size <= 1) {
                    return List.of();
                }
                Memory buffer = new Memory(size);
                buffer.clear();
                rv = winscard.call(listReaders, handle, null, buffer, pcch);
                if (rv == ScardCodes.SCARD_E_INSUFFICIENT_BUFFER) {
                    continue; // a reader was plugged in between the two calls
                }
                if (rv == ScardCodes.SCARD_E_NO_READERS_AVAILABLE) {
                    return List.of();
                }
                if (rv != ScardCodes.SCARD_S_SUCCESS) {
                    throw ScardCodes.exception(rv, null, Phase.LIST, null);
                }
                long filled = Math.min(size, winscard.readDword(pcch, 0));
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
                winscard.writeDword(states, base + offCurrentState, SCARD_STATE_UNAWARE);
            }
            int rv = winscard.call(getStatusChange, handle, winscard.dword(0), states, winscard.dword(names.size()));
            if (rv != ScardCodes.SCARD_S_SUCCESS && rv != ScardCodes.SCARD_E_TIMEOUT) {
                throw ScardCodes.exception(rv, null, Phase.LIST, null);
            }
            List<ReaderStatus> result = new ArrayList<>(names.size());
            for (int i = 0; i < names.size(); i++) {
                long base = (long) i * stateSize;
                int eventState = (int) winscard.readDword(states, base + offEventState);
                int atrLength = (int) Math.min(atrBufferSize, Math.max(0, winscard.readDword(states, base + offCbAtr)));
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
                    winscard.call(releaseContext, handle);
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
