package io.github.eid4j.pkcs11;

import static io.github.eid4j.pkcs11.CkrException.require;
import static io.github.eid4j.pkcs11.Layouts.CK_ATTRIBUTE;
import static io.github.eid4j.pkcs11.Native.isNull;
import static io.github.eid4j.pkcs11.Offsets.ATTRIBUTE_TYPE;
import static io.github.eid4j.pkcs11.Offsets.ATTRIBUTE_VALUE;
import static io.github.eid4j.pkcs11.Offsets.ATTRIBUTE_VALUE_LEN;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * Object management (PKCS#11 §5.7; OpenSC's pkcs11-object.c): finding the token's objects and
 * reading their attributes. The objects are the card's keys and certificates, read when the card
 * was opened, and the session's derived keys; no function here talks to the card.
 */
final class ObjectFunctions {
    private final Cryptoki cryptoki;

    ObjectFunctions(Cryptoki cryptoki) {
        this.cryptoki = cryptoki;
    }

    long C_FindObjectsInit(long hSession, MemorySegment pTemplate, long ulCount) {
        Session session = cryptoki.module().session(hSession);
        List<TokenObject.Attribute> template = Native.template(pTemplate, ulCount);
        List<Long> handles = new ArrayList<>();
        for (TokenObject o : session.token().visibleObjects()) {
            if (o.matches(template)) {
                handles.add(o.handle());
            }
        }
        session.startSearch(handles);
        return Ck.CKR_OK;
    }

    long C_FindObjects(long hSession, MemorySegment phObject, long ulMaxObjectCount, MemorySegment pulObjectCount) {
        Session session = cryptoki.module().session(hSession);
        require(!isNull(pulObjectCount), Ck.CKR_ARGUMENTS_BAD);
        int max = ulMaxObjectCount < 0 || ulMaxObjectCount > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) ulMaxObjectCount;
        require(max == 0 || !isNull(phObject), Ck.CKR_ARGUMENTS_BAD);
        List<Long> next = session.nextFound(max);
        if (!next.isEmpty()) {
            MemorySegment out = phObject.reinterpret(8L * next.size());
            for (int i = 0; i < next.size(); i++) {
                out.set(JAVA_LONG_UNALIGNED, 8L * i, next.get(i));
            }
        }
        Native.putULong(pulObjectCount, next.size());
        return Ck.CKR_OK;
    }

    long C_FindObjectsFinal(long hSession) {
        cryptoki.module().session(hSession).endSearch();
        return Ck.CKR_OK;
    }

    /**
     * Each attribute as PKCS#11 §5.7 says: a NULL pValue asks for the length; a sensitive or
     * unknown attribute, or one whose buffer is too short, gets CK_UNAVAILABLE_INFORMATION and
     * its error, and the others are still answered.
     */
    long C_GetAttributeValue(long hSession, long hObject, MemorySegment pTemplate, long ulCount) {
        Session session = cryptoki.module().session(hSession);
        TokenObject object = session.visibleObject(hObject, Ck.CKR_OBJECT_HANDLE_INVALID);
        int count = Native.length(ulCount, Ck.CKR_ARGUMENTS_BAD);
        require(count == 0 || !isNull(pTemplate), Ck.CKR_ARGUMENTS_BAD);
        MemorySegment array = count == 0 ? MemorySegment.NULL : pTemplate.reinterpret(CK_ATTRIBUTE.byteSize() * count);
        long rv = Ck.CKR_OK;
        for (int i = 0; i < count; i++) {
            MemorySegment a = array.asSlice(CK_ATTRIBUTE.byteSize() * i, CK_ATTRIBUTE.byteSize());
            long type = Native.getULong(a, ATTRIBUTE_TYPE);
            MemorySegment pValue = Native.getPointer(a, ATTRIBUTE_VALUE);
            byte[] value = object.get(type);
            if (value == null) {
                Native.putULong(a, ATTRIBUTE_VALUE_LEN, Ck.CK_UNAVAILABLE_INFORMATION);
                rv = object.isSensitive(type) ? Ck.CKR_ATTRIBUTE_SENSITIVE : Ck.CKR_ATTRIBUTE_TYPE_INVALID;
            } else if (isNull(pValue)) {
                Native.putULong(a, ATTRIBUTE_VALUE_LEN, value.length);
            } else if (Long.compareUnsigned(Native.getULong(a, ATTRIBUTE_VALUE_LEN), value.length) < 0) {
                Native.putULong(a, ATTRIBUTE_VALUE_LEN, Ck.CK_UNAVAILABLE_INFORMATION);
                rv = Ck.CKR_BUFFER_TOO_SMALL;
            } else {
                Native.putBytes(pValue, value);
                Native.putULong(a, ATTRIBUTE_VALUE_LEN, value.length);
            }
        }
        return rv;
    }
}
