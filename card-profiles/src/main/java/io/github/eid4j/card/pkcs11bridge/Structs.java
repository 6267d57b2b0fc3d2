package io.github.eid4j.card.pkcs11bridge;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import java.nio.charset.StandardCharsets;

/**
 * The PKCS#11 structures the bridge passes, laid out in native memory as a C compiler lays them
 * out on Linux and macOS (natural alignment; CK_ULONG is {@code unsigned long}): CK_MECHANISM,
 * CK_RSA_PKCS_PSS_PARAMS, CK_ECDH1_DERIVE_PARAMS, and the fields of CK_TOKEN_INFO and
 * CK_SESSION_INFO it reads. Templates (CK_ATTRIBUTE arrays) are {@link Template}.
 */
final class Structs {
    static final int ULONG = NativeLong.SIZE;
    static final int POINTER = Native.POINTER_SIZE;
    /** CK_UNAVAILABLE_INFORMATION: (CK_ULONG) -1. */
    static final long UNAVAILABLE = ULONG == 8 ? -1L : 0xFFFFFFFFL;

    private Structs() {
    }

    static long align(long offset, int to) {
        return (offset + to - 1) / to * to;
    }

    static void putUlong(Pointer p, long offset, long value) {
        p.setNativeLong(offset, new NativeLong(value, true));
    }

    static long ulong(Pointer p, long offset) {
        long v = p.getNativeLong(offset).longValue();
        return ULONG == 8 ? v : v & 0xFFFFFFFFL;
    }

    /** CK_MECHANISM { CK_MECHANISM_TYPE mechanism; void *pParameter; CK_ULONG ulParameterLen; }. */
    static Memory mechanism(long type, Memory parameter) {
        long pointerAt = align(ULONG, POINTER);
        Memory m = new Memory(align(pointerAt + POINTER + ULONG, POINTER));
        m.clear();
        putUlong(m, 0, type);
        m.setPointer(pointerAt, parameter);
        putUlong(m, pointerAt + POINTER, parameter == null ? 0 : parameter.size());
        return m;
    }

    /** CK_RSA_PKCS_PSS_PARAMS { hashAlg; mgf; sLen }: three CK_ULONGs. */
    static Memory pssParameters(long hashMechanism, long mgf, long saltLength) {
        Memory m = new Memory(3L * ULONG);
        putUlong(m, 0, hashMechanism);
        putUlong(m, ULONG, mgf);
        putUlong(m, 2L * ULONG, saltLength);
        return m;
    }

    /** CK_ECDH1_DERIVE_PARAMS { kdf; ulSharedDataLen; pSharedData; ulPublicDataLen; pPublicData }, no KDF, no shared data. */
    static Memory ecdhParameters(Memory publicData) {
        long sharedAt = align(2L * ULONG, POINTER);
        long publicLengthAt = sharedAt + POINTER;
        long publicAt = align(publicLengthAt + ULONG, POINTER);
        Memory m = new Memory(publicAt + POINTER);
        m.clear();
        putUlong(m, 0, Pkcs11Constants.CKD_NULL);
        putUlong(m, publicLengthAt, publicData.size());
        m.setPointer(publicAt, publicData);
        return m;
    }

    static Memory bytes(byte[] value) {
        Memory m = new Memory(Math.max(1, value.length));
        m.write(0, value, 0, value.length);
        return m;
    }

    /** The fields of CK_TOKEN_INFO the bridge reads. */
    record TokenInfo(String label, String manufacturer, String model, String serial, long flags, int minPinLength, int maxPinLength) {
        /** Room for CK_TOKEN_INFO: four texts (96 bytes), eleven CK_ULONGs, two versions and the time (20 bytes). */
        static Memory buffer() {
            Memory m = new Memory(96 + 11L * ULONG + 20 + 8);
            m.clear();
            return m;
        }

        static TokenInfo read(Pointer p) {
            long flagsAt = 96;
            long maxPinAt = flagsAt + 5L * ULONG;
            return new TokenInfo(text(p, 0, 32), text(p, 32, 32), text(p, 64, 16), text(p, 80, 16), ulong(p, flagsAt),
                    (int) Math.min(Integer.MAX_VALUE, ulong(p, maxPinAt + ULONG)), (int) Math.min(Integer.MAX_VALUE, ulong(p, maxPinAt)));
        }

        boolean has(long flag) {
            return (flags & flag) != 0;
        }

        /** Whether {@code other} is this token still: the same serial and label, still initialised (a token deleted in SoftHSM keeps its slot, blank). */
        boolean sameToken(TokenInfo other) {
            return other.serial.equals(serial) && other.label.equals(label)
                    && other.has(Pkcs11Constants.CKF_TOKEN_INITIALIZED) == has(Pkcs11Constants.CKF_TOKEN_INITIALIZED);
        }
    }

    /** CK_SLOT_INFO { slotDescription[64]; manufacturerID[32]; flags; hardwareVersion; firmwareVersion }. */
    static Memory slotInfoBuffer() {
        return new Memory(align(96 + ULONG + 4, ULONG));
    }

    static boolean removableDevice(Pointer slotInfo) {
        return (ulong(slotInfo, 96) & Pkcs11Constants.CKF_REMOVABLE_DEVICE) != 0;
    }

    /** CK_C_INITIALIZE_ARGS { CreateMutex; DestroyMutex; LockMutex; UnlockMutex; flags; pReserved }, the system's locking asked for. */
    static Memory osLocking() {
        Memory m = new Memory(5L * POINTER + ULONG);
        m.clear();
        putUlong(m, 4L * POINTER, Pkcs11Constants.CKF_OS_LOCKING_OK);
        return m;
    }

    /** CK_SESSION_INFO { slotID; state; flags; ulDeviceError }: the state. */
    static Memory sessionInfoBuffer() {
        return new Memory(4L * ULONG);
    }

    static long sessionState(Pointer p) {
        return ulong(p, ULONG);
    }

    /** A blank-padded UTF-8 text field of a PKCS#11 structure, without its padding. */
    private static String text(Pointer p, long offset, int length) {
        return new String(p.getByteArray(offset, length), StandardCharsets.UTF_8).strip();
    }
}
