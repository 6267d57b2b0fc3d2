package io.github.eid4j.card.pkcs11bridge;

import static io.github.eid4j.card.pkcs11bridge.Pkcs11Constants.*;

import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import com.sun.jna.ptr.NativeLongByReference;
import io.github.eid4j.card.EidException;
import io.github.eid4j.card.KeyEntry;
import io.github.eid4j.card.KeyPurpose;
import io.github.eid4j.card.PinInfo;
import io.github.eid4j.card.SignatureScheme;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a token holds, as the token model's keys: each X.509 certificate that is not a CA's,
 * with the private key of the same CKA_ID. A key's purpose is the signature key when the
 * private key carries CKA_ALWAYS_AUTHENTICATE, or (private keys being often invisible before
 * login) when its certificate allows non-repudiation and not digitalSignature; every other
 * key is an authentication key. What it can do is what the private key's CKA_SIGN, CKA_DECRYPT
 * and CKA_DERIVE allow (else its certificate's key usage) and the module's mechanisms offer.
 * Of several keys of one purpose, the one with the lowest CKA_ID comes first.
 */
final class TokenObjects {
    private static final int KU_DIGITAL_SIGNATURE = 0;
    private static final int KU_NON_REPUDIATION = 1;
    private static final int KU_KEY_ENCIPHERMENT = 2;
    private static final int KU_KEY_AGREEMENT = 4;

    private final Pkcs11Module module;
    private final List<KeyEntry> keys;
    private final List<X509Certificate> caCertificates;
    private final PinInfo pin;
    private final PinInfo puk;

    private TokenObjects(Pkcs11Module module, List<KeyEntry> keys, List<X509Certificate> caCertificates, PinInfo pin, PinInfo puk) {
        this.module = module;
        this.keys = keys;
        this.caCertificates = caCertificates;
        this.pin = pin;
        this.puk = puk;
    }

    /** A private key as seen before login (a module may show none). */
    private record PrivateKey(byte[] id, String label, boolean sign, boolean decrypt, boolean derive, boolean alwaysAuthenticate) {
    }

    /** Reads the token's objects; on the module's thread. */
    static TokenObjects read(Pkcs11Module module, NativeLong slot, NativeLong session, Structs.TokenInfo info) throws EidException {
        int max = info.maxPinLength() <= 0 ? 64 : info.maxPinLength();
        int min = Math.max(1, Math.min(info.minPinLength(), max));
        PinInfo pin = new PinInfo("PIN", PinInfo.Role.AUTHENTICATION, "authentication and signature", min, max, 1);
        PinInfo puk = new PinInfo("PUK", PinInfo.Role.UNBLOCKING, min, max, 0);
        Set<Long> mechanisms = mechanisms(module, slot);
        List<PrivateKey> privateKeys = new ArrayList<>();
        for (NativeLong handle : find(module, session, new Template().with(CKA_CLASS, CKO_PRIVATE_KEY))) {
            byte[][] v = attributes(module, session, handle, CKA_ID, CKA_LABEL, CKA_SIGN, CKA_DECRYPT, CKA_DERIVE, CKA_ALWAYS_AUTHENTICATE);
            privateKeys.add(new PrivateKey(v[0] == null ? new byte[0] : v[0], text(v[1]), yes(v[2]), yes(v[3]), yes(v[4]), yes(v[5])));
        }
        List<KeyEntry> keys = new ArrayList<>();
        List<X509Certificate> cas = new ArrayList<>();
        Template certificates = new Template().with(CKA_CLASS, CKO_CERTIFICATE).with(CKA_CERTIFICATE_TYPE, CKC_X_509);
        for (NativeLong handle : find(module, session, certificates)) {
            byte[][] v = attributes(module, session, handle, CKA_ID, CKA_LABEL, CKA_VALUE);
            if (v[2] == null) {
                continue;
            }
            X509Certificate certificate = certificate(module, v[2]);
            byte[] id = v[0] == null ? new byte[0] : v[0];
            if (certificate.getBasicConstraints() >= 0) {
                cas.add(certificate);
                continue;
            }
            PrivateKey key = privateKeys.stream().filter(k -> Arrays.equals(k.id(), id)).findFirst().orElse(null);
            keys.add(entry(id, text(v[1]), certificate, key, mechanisms, pin, keys.size()));
        }
        // Modules list objects in any order; the first key of a purpose is the one the front ends use.
        keys.sort(Comparator.comparing(KeyEntry::purpose).thenComparing(KeyEntry::id, Arrays::compareUnsigned));
        return new TokenObjects(module, List.copyOf(keys), List.copyOf(cas), pin, puk);
    }

    private static KeyEntry entry(byte[] id, String certificateLabel, X509Certificate certificate, PrivateKey key, Set<Long> mechanisms,
            PinInfo pin, int index) {
        boolean[] usage = certificate.getKeyUsage();
        boolean rsa = Pkcs11Token.isRsa(certificate);
        KeyPurpose purpose = key != null && key.alwaysAuthenticate()
                || usage != null && usage[KU_NON_REPUDIATION] && !usage[KU_DIGITAL_SIGNATURE] ? KeyPurpose.SIGNATURE : KeyPurpose.AUTHENTICATION;
        boolean signs = key == null || key.sign();
        Set<SignatureScheme> schemes = EnumSet.noneOf(SignatureScheme.class);
        if (signs && rsa && mechanisms.contains(CKM_RSA_PKCS)) {
            schemes.add(SignatureScheme.RSA_PKCS1);
        }
        if (signs && rsa && mechanisms.contains(CKM_RSA_PKCS_PSS)) {
            schemes.add(SignatureScheme.RSA_PSS);
        }
        if (signs && !rsa && mechanisms.contains(CKM_ECDSA)) {
            schemes.add(SignatureScheme.ECDSA);
        }
        boolean decrypts = rsa && mechanisms.contains(CKM_RSA_PKCS)
                && (key != null ? key.decrypt() : usage == null || usage[KU_KEY_ENCIPHERMENT]);
        boolean derives = !rsa && mechanisms.contains(CKM_ECDH1_DERIVE)
                && (key != null ? key.derive() : usage == null || usage[KU_KEY_AGREEMENT]);
        String label = key != null && !key.label().isEmpty() ? key.label() : certificateLabel;
        return new KeyEntry(id, label, purpose, index, pin, certificate, schemes, decrypts, derives);
    }

    List<KeyEntry> keys() {
        return keys;
    }

    List<X509Certificate> caCertificates() {
        return caCertificates;
    }

    PinInfo pin() {
        return pin;
    }

    PinInfo puk() {
        return puk;
    }

    /** The private key of a key entry, by its CKA_ID; on the module's thread, the user logged in. */
    NativeLong privateKey(NativeLong session, KeyEntry key) throws EidException {
        List<NativeLong> found = find(module, session, new Template().with(CKA_CLASS, CKO_PRIVATE_KEY).with(CKA_ID, key.id()));
        if (found.isEmpty()) {
            throw new EidException("The PKCS#11 module " + module.name() + " shows no private key for the certificate of the " + key + ".");
        }
        return found.get(0);
    }

    boolean alwaysAuthenticate(NativeLong session, NativeLong handle) throws EidException {
        return yes(attributes(module, session, handle, CKA_ALWAYS_AUTHENTICATE)[0]);
    }

    private static Set<Long> mechanisms(Pkcs11Module module, NativeLong slot) throws EidException {
        Pkcs11Library p11 = module.library();
        NativeLongByReference count = new NativeLongByReference();
        module.check("C_GetMechanismList", p11.C_GetMechanismList(slot, null, count));
        NativeLong[] list = new NativeLong[(int) count.getValue().longValue()];
        if (list.length > 0) {
            module.check("C_GetMechanismList", p11.C_GetMechanismList(slot, list, count));
        }
        Set<Long> out = new HashSet<>();
        for (int i = 0; i < count.getValue().longValue() && i < list.length; i++) {
            out.add(list[i].longValue());
        }
        return out;
    }

    static List<NativeLong> find(Pkcs11Module module, NativeLong session, Template template) throws EidException {
        Pkcs11Library p11 = module.library();
        module.check("C_FindObjectsInit", p11.C_FindObjectsInit(session, template.array(), new NativeLong(template.size())));
        List<NativeLong> out = new ArrayList<>();
        try {
            NativeLong[] batch = new NativeLong[16];
            NativeLongByReference count = new NativeLongByReference();
            do {
                module.check("C_FindObjects", p11.C_FindObjects(session, batch, new NativeLong(batch.length), count));
                out.addAll(Arrays.asList(batch).subList(0, (int) count.getValue().longValue()));
            } while (count.getValue().longValue() == batch.length);
        } finally {
            p11.C_FindObjectsFinal(session);
        }
        return out;
    }

    /** The values of the attributes, null for one the object does not have or hides. */
    static byte[][] attributes(Pkcs11Module module, NativeLong session, NativeLong object, long... types) throws EidException {
        Pkcs11Library p11 = module.library();
        Template template = new Template();
        for (long type : types) {
            template.read(type);
        }
        Memory query = template.array();
        acceptable(module, p11.C_GetAttributeValue(session, object, query, new NativeLong(types.length)).longValue());
        template.allocate(query);
        Memory values = template.array();
        acceptable(module, p11.C_GetAttributeValue(session, object, values, new NativeLong(types.length)).longValue());
        byte[][] out = new byte[types.length][];
        for (int i = 0; i < types.length; i++) {
            out[i] = Template.value(values, i);
        }
        return out;
    }

    /** CKR_ATTRIBUTE_SENSITIVE and CKR_ATTRIBUTE_TYPE_INVALID still fill the other attributes (PKCS#11 v2.40 §5.7). */
    private static void acceptable(Pkcs11Module module, long rv) throws EidException {
        if (rv != 0x11 && rv != 0x12) {
            module.check("C_GetAttributeValue", rv);
        }
    }

    private static X509Certificate certificate(Pkcs11Module module, byte[] der) throws EidException {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException e) {
            throw new EidException("The PKCS#11 module " + module.name() + " holds a certificate that is not an X.509 certificate.", e);
        }
    }

    private static boolean yes(byte[] bool) {
        return bool != null && bool.length > 0 && bool[0] != 0;
    }

    private static String text(byte[] utf8) {
        return utf8 == null ? "" : new String(utf8, StandardCharsets.UTF_8);
    }
}
