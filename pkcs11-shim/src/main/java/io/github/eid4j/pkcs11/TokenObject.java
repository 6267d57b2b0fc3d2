package io.github.eid4j.pkcs11;

import io.github.eid4j.card.KeyEntry;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An object on a token: a certificate, a public key or a private key, as its attributes encoded
 * the way C_GetAttributeValue returns them. Attributes in {@link #sensitive} exist but are never
 * revealed (a private key's secret parts).
 */
final class TokenObject {
    /** One attribute of a search template or a C_GetAttributeValue request. */
    record Attribute(long type, byte[] value) {
    }

    private final long handle;
    private final Map<Long, byte[]> attributes;
    private final Set<Long> sensitive;
    private final KeyEntry key;

    TokenObject(long handle, Map<Long, byte[]> attributes, Set<Long> sensitive, KeyEntry key) {
        this.handle = handle;
        this.attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        this.sensitive = Set.copyOf(sensitive);
        this.key = key;
    }

    long handle() {
        return handle;
    }

    long objectClass() {
        return Attributes.ulong(attributes.get(Ck.CKA_CLASS));
    }

    /** CKA_PRIVATE: visible only after C_Login. */
    boolean isPrivate() {
        return Attributes.bool(attributes.get(Ck.CKA_PRIVATE));
    }

    boolean isPrivateKey() {
        return objectClass() == Ck.CKO_PRIVATE_KEY;
    }

    boolean alwaysAuthenticate() {
        byte[] v = attributes.get(Ck.CKA_ALWAYS_AUTHENTICATE);
        return v != null && Attributes.bool(v);
    }

    /** The card key behind a key object, or null for a certificate. */
    KeyEntry key() {
        return key;
    }

    boolean isSensitive(long type) {
        return sensitive.contains(type);
    }

    /** The attribute's encoded value, or null if the object has no such attribute (or it is sensitive). */
    byte[] get(long type) {
        return sensitive.contains(type) ? null : attributes.get(type);
    }

    /** True if every attribute of the template is present with exactly the template's value. */
    boolean matches(List<Attribute> template) {
        for (Attribute a : template) {
            byte[] value = get(a.type());
            if (value == null || !Arrays.equals(value, a.value())) {
                return false;
            }
        }
        return true;
    }

    /** Zeroes the secret values (a derived key's CKA_VALUE) when the object goes away. */
    void wipe() {
        for (long s : sensitive) {
            byte[] v = attributes.get(s);
            if (v != null) {
                Arrays.fill(v, (byte) 0);
            }
        }
        byte[] value = attributes.get(Ck.CKA_VALUE);
        if (value != null && objectClass() == Ck.CKO_SECRET_KEY) {
            Arrays.fill(value, (byte) 0);
        }
    }

    @Override
    public String toString() {
        return "object " + handle + " (class " + objectClass() + ")";
    }
}
