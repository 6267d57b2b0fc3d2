package io.github.eid4j.pkcs11;

import static io.github.eid4j.pkcs11.Native.isNull;

import java.lang.foreign.MemorySegment;

/** A CK_MECHANISM an application passed to an Init function: its type and its parameter, read once. */
record MechanismArgument(long type, MemorySegment parameter, long parameterLength) {

    /** CKR_ARGUMENTS_BAD for a NULL pointer. */
    static MechanismArgument read(MemorySegment pMechanism) {
        CkrException.require(!isNull(pMechanism), Ck.CKR_ARGUMENTS_BAD);
        MemorySegment m = Native.struct(pMechanism, Layouts.CK_MECHANISM);
        return new MechanismArgument(Native.getULong(m, Offsets.MECHANISM_MECHANISM), Native.getPointer(m, Offsets.MECHANISM_PARAMETER),
                Native.getULong(m, Offsets.MECHANISM_PARAMETER_LEN));
    }

    /** CKR_MECHANISM_PARAM_INVALID unless the mechanism came without a parameter. */
    void requireNoParameter() {
        CkrException.require(isNull(parameter) && parameterLength == 0, Ck.CKR_MECHANISM_PARAM_INVALID);
    }
}
