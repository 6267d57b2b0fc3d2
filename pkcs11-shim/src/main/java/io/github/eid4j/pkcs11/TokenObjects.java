package io.github.eid4j.pkcs11;

import io.github.eid4j.card.KeyEntry;
import io.github.eid4j.card.KeyPurpose;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * The objects a card key shows on its token: its certificate and public key (public objects,
 * readable before login) and its private key (private, sensitive, never extractable, with the
 * certificate's CKA_ID); and the card's CA certificates.
 */
final class TokenObjects {
    private static final long CATEGORY_TOKEN_USER = 1;
    private static final long CATEGORY_AUTHORITY = 2;
    private static final byte[] EMPTY = new byte[0];

    private TokenObjects() {
    }

    static TokenObject certificate(long handle, X509Certificate cert, byte[] id, String label, boolean authority) {
        Map<Long, byte[]> a = new LinkedHashMap<>();
        storage(a, Ck.CKO_CERTIFICATE, false, label);
        byte[] der = encoded(cert);
        a.put(Ck.CKA_CERTIFICATE_TYPE, Attributes.ulong(Ck.CKC_X_509));
        a.put(Ck.CKA_TRUSTED, Attributes.bool(false));
        a.put(Ck.CKA_CERTIFICATE_CATEGORY, Attributes.ulong(authority ? CATEGORY_AUTHORITY : CATEGORY_TOKEN_USER));
        a.put(Ck.CKA_CHECK_VALUE, Arrays.copyOf(sha1(der), 3));
        a.put(Ck.CKA_START_DATE, EMPTY);
        a.put(Ck.CKA_END_DATE, EMPTY);
        a.put(Ck.CKA_PUBLIC_KEY_INFO, cert.getPublicKey().getEncoded());
        a.put(Ck.CKA_SUBJECT, cert.getSubjectX500Principal().getEncoded());
        a.put(Ck.CKA_ID, id.clone());
        a.put(Ck.CKA_ISSUER, cert.getIssuerX500Principal().getEncoded());
        a.put(Ck.CKA_SERIAL_NUMBER, der(new ASN1Integer(cert.getSerialNumber())));
        a.put(Ck.CKA_VALUE, der);
        return new TokenObject(handle, a, Set.of(), null);
    }

    /** A CA certificate: its label is its common name, its CKA_ID its subject key identifier. */
    static TokenObject authority(long handle, X509Certificate cert) {
        return certificate(handle, cert, keyIdentifier(cert), commonName(cert), true);
    }

    static TokenObject publicKey(long handle, KeyEntry key, String label, List<Mechanism> mechanisms) {
        Map<Long, byte[]> a = new LinkedHashMap<>();
        storage(a, Ck.CKO_PUBLIC_KEY, false, label);
        keyCommon(a, key, mechanisms);
        a.put(Ck.CKA_SUBJECT, key.certificate().getSubjectX500Principal().getEncoded());
        usage(a, key, true);
        a.put(Ck.CKA_TRUSTED, Attributes.bool(false));
        publicParts(a, key.publicKey(), true);
        return new TokenObject(handle, a, Set.of(), key);
    }

    static TokenObject privateKey(long handle, KeyEntry key, String label, List<Mechanism> mechanisms) {
        Map<Long, byte[]> a = new LinkedHashMap<>();
        storage(a, Ck.CKO_PRIVATE_KEY, true, label);
        keyCommon(a, key, mechanisms);
        a.put(Ck.CKA_SUBJECT, key.certificate().getSubjectX500Principal().getEncoded());
        a.put(Ck.CKA_SENSITIVE, Attributes.bool(true));
        usage(a, key, false);
        a.put(Ck.CKA_EXTRACTABLE, Attributes.bool(false));
        a.put(Ck.CKA_ALWAYS_SENSITIVE, Attributes.bool(true));
        a.put(Ck.CKA_NEVER_EXTRACTABLE, Attributes.bool(true));
        a.put(Ck.CKA_WRAP_WITH_TRUSTED, Attributes.bool(false));
        // The signature key wants its PIN for every signature: C_Login(CKU_CONTEXT_SPECIFIC) after C_SignInit.
        a.put(Ck.CKA_ALWAYS_AUTHENTICATE, Attributes.bool(key.purpose() == KeyPurpose.SIGNATURE));
        publicParts(a, key.publicKey(), false);
        Set<Long> secret = key.publicKey() instanceof RSAPublicKey
                ? Set.of(Ck.CKA_PRIVATE_EXPONENT, Ck.CKA_PRIME_1, Ck.CKA_PRIME_2, Ck.CKA_EXPONENT_1, Ck.CKA_EXPONENT_2,
                        Ck.CKA_COEFFICIENT)
                : Set.of(Ck.CKA_VALUE);
        for (long s : secret) {
            a.put(s, EMPTY);
        }
        return new TokenObject(handle, a, secret, key);
    }

    /**
     * A secret key from C_DeriveKey: a session object holding {@code value} (owned from here on),
     * with the template's flags. CKA_VALUE is readable only when the key is extractable and not
     * sensitive.
     */
    static TokenObject derivedSecret(long handle, byte[] value, boolean isPrivate, boolean sensitive, boolean extractable,
            String label, byte[] id, Map<Long, Boolean> usage) {
        Map<Long, byte[]> a = new LinkedHashMap<>();
        a.put(Ck.CKA_CLASS, Attributes.ulong(Ck.CKO_SECRET_KEY));
        a.put(Ck.CKA_TOKEN, Attributes.bool(false));
        a.put(Ck.CKA_PRIVATE, Attributes.bool(isPrivate));
        a.put(Ck.CKA_MODIFIABLE, Attributes.bool(false));
        a.put(Ck.CKA_COPYABLE, Attributes.bool(false));
        a.put(Ck.CKA_DESTROYABLE, Attributes.bool(false));
        a.put(Ck.CKA_LABEL, Attributes.text(label));
        a.put(Ck.CKA_KEY_TYPE, Attributes.ulong(Ck.CKK_GENERIC_SECRET));
        a.put(Ck.CKA_ID, id);
        a.put(Ck.CKA_START_DATE, EMPTY);
        a.put(Ck.CKA_END_DATE, EMPTY);
        a.put(Ck.CKA_LOCAL, Attributes.bool(false));
        a.put(Ck.CKA_KEY_GEN_MECHANISM, Attributes.ulong(Ck.CK_UNAVAILABLE_INFORMATION));
        for (long u : List.of(Ck.CKA_ENCRYPT, Ck.CKA_DECRYPT, Ck.CKA_SIGN, Ck.CKA_VERIFY, Ck.CKA_WRAP, Ck.CKA_UNWRAP, Ck.CKA_DERIVE)) {
            a.put(u, Attributes.bool(usage.getOrDefault(u, false)));
        }
        a.put(Ck.CKA_SENSITIVE, Attributes.bool(sensitive));
        a.put(Ck.CKA_EXTRACTABLE, Attributes.bool(extractable));
        a.put(Ck.CKA_ALWAYS_SENSITIVE, Attributes.bool(sensitive));
        a.put(Ck.CKA_NEVER_EXTRACTABLE, Attributes.bool(!extractable));
        a.put(Ck.CKA_VALUE_LEN, Attributes.ulong(value.length));
        a.put(Ck.CKA_VALUE, value);
        return new TokenObject(handle, a, sensitive || !extractable ? Set.of(Ck.CKA_VALUE) : Set.of(), null);
    }

    /** The storage attributes every object has: it lives on the token and cannot be changed. */
    private static void storage(Map<Long, byte[]> a, long objectClass, boolean isPrivate, String label) {
        a.put(Ck.CKA_CLASS, Attributes.ulong(objectClass));
        a.put(Ck.CKA_TOKEN, Attributes.bool(true));
        a.put(Ck.CKA_PRIVATE, Attributes.bool(isPrivate));
        a.put(Ck.CKA_MODIFIABLE, Attributes.bool(false));
        a.put(Ck.CKA_COPYABLE, Attributes.bool(false));
        a.put(Ck.CKA_DESTROYABLE, Attributes.bool(false));
        a.put(Ck.CKA_LABEL, Attributes.text(label));
    }

    private static void keyCommon(Map<Long, byte[]> a, KeyEntry key, List<Mechanism> mechanisms) {
        a.put(Ck.CKA_KEY_TYPE, Attributes.ulong(key.publicKey() instanceof RSAPublicKey ? Ck.CKK_RSA : Ck.CKK_EC));
        a.put(Ck.CKA_ID, key.id());
        a.put(Ck.CKA_START_DATE, EMPTY);
        a.put(Ck.CKA_END_DATE, EMPTY);
        a.put(Ck.CKA_LOCAL, Attributes.bool(false));
        a.put(Ck.CKA_KEY_GEN_MECHANISM, Attributes.ulong(Ck.CK_UNAVAILABLE_INFORMATION));
        a.put(Ck.CKA_ALLOWED_MECHANISMS, Attributes.ulongs(mechanisms.stream().mapToLong(Mechanism::type).toArray()));
        a.put(Ck.CKA_PUBLIC_KEY_INFO, key.publicKey().getEncoded());
    }

    /**
     * What the key does on the card, said by the private key and, as the matching use of the
     * public key, by its public half: a key that signs has a public key that verifies, one that
     * decrypts a public key that encrypts, and both halves of a key that derives derive
     * (conformance suites check the pairs).
     */
    private static void usage(Map<Long, byte[]> a, KeyEntry key, boolean isPublicKey) {
        a.put(isPublicKey ? Ck.CKA_VERIFY : Ck.CKA_SIGN, Attributes.bool(!key.schemes().isEmpty()));
        a.put(isPublicKey ? Ck.CKA_ENCRYPT : Ck.CKA_DECRYPT, Attributes.bool(key.canDecrypt()));
        a.put(Ck.CKA_DERIVE, Attributes.bool(key.canDerive()));
        a.put(isPublicKey ? Ck.CKA_VERIFY_RECOVER : Ck.CKA_SIGN_RECOVER, Attributes.bool(false));
        a.put(isPublicKey ? Ck.CKA_WRAP : Ck.CKA_UNWRAP, Attributes.bool(false));
    }

    /** RSA: modulus and exponent; EC: the curve's OID and the point (an OCTET STRING, as PKCS#11 wants it). */
    private static void publicParts(Map<Long, byte[]> a, PublicKey key, boolean isPublicKey) {
        if (key instanceof RSAPublicKey rsa) {
            a.put(Ck.CKA_MODULUS, Attributes.bigInteger(rsa.getModulus()));
            a.put(Ck.CKA_PUBLIC_EXPONENT, Attributes.bigInteger(rsa.getPublicExponent()));
            if (isPublicKey) {
                a.put(Ck.CKA_MODULUS_BITS, Attributes.ulong(rsa.getModulus().bitLength()));
            }
        } else {
            SubjectPublicKeyInfo info = SubjectPublicKeyInfo.getInstance(key.getEncoded());
            try {
                a.put(Ck.CKA_EC_PARAMS, info.getAlgorithm().getParameters().toASN1Primitive().getEncoded(ASN1Encoding.DER));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            if (isPublicKey) {
                a.put(Ck.CKA_EC_POINT, der(new DEROctetString(info.getPublicKeyData().getBytes())));
            }
        }
    }

    private static byte[] keyIdentifier(X509Certificate cert) {
        byte[] extension = cert.getExtensionValue("2.5.29.14");
        if (extension != null) {
            try {
                return ASN1OctetString.getInstance(ASN1OctetString.getInstance(extension).getOctets()).getOctets();
            } catch (IllegalArgumentException e) {
                // fall back to the hash below
            }
        }
        return sha1(SubjectPublicKeyInfo.getInstance(cert.getPublicKey().getEncoded()).getPublicKeyData().getBytes());
    }

    private static String commonName(X509Certificate cert) {
        try {
            List<Rdn> rdns = new LdapName(cert.getSubjectX500Principal().getName()).getRdns();
            for (int i = rdns.size() - 1; i >= 0; i--) {
                if (rdns.get(i).getType().equalsIgnoreCase("CN")) {
                    return rdns.get(i).getValue().toString();
                }
            }
        } catch (InvalidNameException e) {
            // fall through
        }
        return cert.getSubjectX500Principal().getName();
    }

    private static byte[] encoded(X509Certificate cert) {
        try {
            return cert.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] der(org.bouncycastle.asn1.ASN1Object object) {
        try {
            return object.getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] sha1(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
