package io.github.eid4j.pkcs11;

import static io.github.eid4j.pkcs11.CkrException.require;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The template of C_DeriveKey, read into what the derived key will be: a session object of class
 * CKO_SECRET_KEY and type CKK_GENERIC_SECRET (the card stores no derived keys), at most as long
 * as the shared x coordinate. An attribute this module does not set is CKR_ATTRIBUTE_TYPE_INVALID.
 */
final class DeriveTemplate {
    /** Template attributes taken as booleans: usage flags a derived generic secret records. */
    private static final List<Long> USAGE = List.of(Ck.CKA_ENCRYPT, Ck.CKA_DECRYPT, Ck.CKA_SIGN, Ck.CKA_VERIFY, Ck.CKA_WRAP,
            Ck.CKA_UNWRAP, Ck.CKA_DERIVE);

    private boolean isPrivate = true;
    private boolean sensitive = false;
    private boolean extractable = true;
    private long valueLength;
    private String label = "";
    private byte[] id = new byte[0];
    private final Map<Long, Boolean> usage = new HashMap<>();

    private DeriveTemplate(long maxLength) {
        this.valueLength = maxLength;
    }

    /** @param maxLength the x coordinate's length: the key's length unless CKA_VALUE_LEN says less */
    static DeriveTemplate read(List<TokenObject.Attribute> template, long maxLength) {
        DeriveTemplate out = new DeriveTemplate(maxLength);
        for (TokenObject.Attribute a : template) {
            out.take(a.type(), a.value(), maxLength);
        }
        return out;
    }

    private void take(long type, byte[] v, long maxLength) {
        if (type == Ck.CKA_CLASS) {
            require(v.length == 8 && Attributes.ulong(v) == Ck.CKO_SECRET_KEY, Ck.CKR_TEMPLATE_INCONSISTENT);
        } else if (type == Ck.CKA_KEY_TYPE) {
            require(v.length == 8 && Attributes.ulong(v) == Ck.CKK_GENERIC_SECRET, Ck.CKR_TEMPLATE_INCONSISTENT);
        } else if (type == Ck.CKA_TOKEN) {
            require(v.length == 1, Ck.CKR_ATTRIBUTE_VALUE_INVALID);
            require(v[0] == 0, Ck.CKR_TEMPLATE_INCONSISTENT); // the card stores no derived keys
        } else if (type == Ck.CKA_VALUE_LEN) {
            require(v.length == 8, Ck.CKR_ATTRIBUTE_VALUE_INVALID);
            valueLength = Attributes.ulong(v);
            require(valueLength > 0 && valueLength <= maxLength, Ck.CKR_ATTRIBUTE_VALUE_INVALID);
        } else if (type == Ck.CKA_LABEL) {
            label = new String(v, StandardCharsets.UTF_8);
        } else if (type == Ck.CKA_ID) {
            id = v;
        } else if (type == Ck.CKA_PRIVATE || type == Ck.CKA_SENSITIVE || type == Ck.CKA_EXTRACTABLE || USAGE.contains(type)) {
            require(v.length == 1, Ck.CKR_ATTRIBUTE_VALUE_INVALID);
            boolean b = v[0] != 0;
            if (type == Ck.CKA_PRIVATE) {
                isPrivate = b;
            } else if (type == Ck.CKA_SENSITIVE) {
                sensitive = b;
            } else if (type == Ck.CKA_EXTRACTABLE) {
                extractable = b;
            } else {
                usage.put(type, b);
            }
        } else {
            throw new CkrException(Ck.CKR_ATTRIBUTE_TYPE_INVALID);
        }
    }

    /** How many bytes of the x coordinate the key takes. */
    int valueLength() {
        return (int) valueLength;
    }

    /** The derived key with this template's attributes; it owns {@code value}. */
    TokenObject secret(long handle, byte[] value) {
        return TokenObjects.derivedSecret(handle, value, isPrivate, sensitive, extractable, label, id, usage);
    }
}
