package io.github.eid4j.pkcs11;

import static io.github.eid4j.pkcs11.CkrException.require;
import static io.github.eid4j.pkcs11.Native.isNull;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * The parameter of CKM_ECDH1_DERIVE as this module takes it (CK_ECDH1_DERIVE_PARAMS): kdf
 * CKD_NULL, no shared data, and the peer's public point, bare or as a DER OCTET STRING.
 */
final class Ecdh1DeriveParams {
    /** No curve the card has needs a longer point, even DER-wrapped. */
    private static final long MAX_PUBLIC_DATA = 1024;

    private Ecdh1DeriveParams() {
    }

    /** The peer's public data as the application gave it; CKR_MECHANISM_PARAM_INVALID for anything else. */
    static byte[] publicData(MechanismArgument mechanism) {
        require(!isNull(mechanism.parameter()) && mechanism.parameterLength() == Layouts.CK_ECDH1_DERIVE_PARAMS.byteSize(),
                Ck.CKR_MECHANISM_PARAM_INVALID);
        MemorySegment p = Native.struct(mechanism.parameter(), Layouts.CK_ECDH1_DERIVE_PARAMS);
        require(Native.getULong(p, Offsets.ECDH1_DERIVE_PARAMS_KDF) == Ck.CKD_NULL
                && Native.getULong(p, Offsets.ECDH1_DERIVE_PARAMS_SHARED_DATA_LEN) == 0, Ck.CKR_MECHANISM_PARAM_INVALID);
        long length = Native.getULong(p, Offsets.ECDH1_DERIVE_PARAMS_PUBLIC_DATA_LEN);
        require(length > 0 && length <= MAX_PUBLIC_DATA, Ck.CKR_MECHANISM_PARAM_INVALID);
        return Native.bytes(Native.getPointer(p, Offsets.ECDH1_DERIVE_PARAMS_PUBLIC_DATA), length);
    }

    /** The peer's uncompressed point on a curve of {@code field} bytes: as given, or unwrapped from a DER OCTET STRING. */
    static byte[] peerPoint(byte[] data, int field) {
        int pointLength = 1 + 2 * field;
        if (data.length == pointLength && data[0] == 0x04) {
            return data;
        }
        int header = pointLength < 128 ? 2 : 3;
        if (data.length == header + pointLength && data[0] == 0x04 && data[header] == 0x04
                && (header == 2 ? (data[1] & 0xFF) == pointLength
                        : (data[1] & 0xFF) == 0x81 && (data[2] & 0xFF) == pointLength)) {
            return Arrays.copyOfRange(data, header, data.length);
        }
        throw new CkrException(Ck.CKR_MECHANISM_PARAM_INVALID, "The peer's public data is no uncompressed point of the key's curve.");
    }
}
