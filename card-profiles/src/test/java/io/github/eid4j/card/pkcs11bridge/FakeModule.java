package io.github.eid4j.card.pkcs11bridge;

import static io.github.eid4j.card.pkcs11bridge.Pkcs11Constants.*;

import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.NativeLongByReference;
import java.lang.reflect.Proxy;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A PKCS#11 module in Java, for what no module at hand does: one token with one RSA
 * non-repudiation key (CKA_ALWAYS_AUTHENTICATE) and its certificate, with or without a protected
 * authentication path. It records each C_Login: the user type and the PIN it was given (null when
 * none).
 */
final class FakeModule {
    record Login(long user, String pin) {
    }

    final List<Login> logins = new ArrayList<>();
    private final boolean protectedPath;
    private final Map<Long, Map<Long, byte[]>> objects;
    private long[] found = new long[0];
    private boolean loggedIn;

    FakeModule(boolean protectedPath) throws Exception {
        this.protectedPath = protectedPath;
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        X500Name name = new X500Name("CN=Fake Signer");
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.ONE, Date.from(Instant.now()),
                Date.from(Instant.now().plusSeconds(3600)), name, pair.getPublic());
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.nonRepudiation));
        byte[] certificate = builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())).getEncoded();
        byte[] id = {1};
        objects = Map.of(
                1L, Map.of(CKA_CLASS, ulong(CKO_CERTIFICATE), CKA_ID, id, CKA_LABEL, bytes("signature"), CKA_VALUE, certificate),
                2L, Map.of(CKA_CLASS, ulong(CKO_PRIVATE_KEY), CKA_ID, id, CKA_LABEL, bytes("signature"), CKA_SIGN, new byte[] {1},
                        CKA_ALWAYS_AUTHENTICATE, new byte[] {1}));
    }

    Pkcs11Library library() {
        return (Pkcs11Library) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Pkcs11Library.class},
                (proxy, method, a) -> new NativeLong(answer(method.getName(), a)));
    }

    private long answer(String function, Object[] a) {
        switch (function) {
            case "C_GetTokenInfo":
                tokenInfo((Pointer) a[1]);
                return CKR_OK;
            case "C_GetMechanismList":
                ((NativeLongByReference) a[2]).setValue(new NativeLong(1));
                if (a[1] != null) {
                    ((NativeLong[]) a[1])[0] = new NativeLong(CKM_RSA_PKCS);
                }
                return CKR_OK;
            case "C_OpenSession":
                ((NativeLongByReference) a[4]).setValue(new NativeLong(7));
                return CKR_OK;
            case "C_GetSessionInfo":
                Structs.putUlong((Pointer) a[1], Structs.ULONG, loggedIn ? CKS_RW_USER_FUNCTIONS : 2);
                return CKR_OK;
            case "C_Login":
                byte[] pin = (byte[]) a[2];
                logins.add(new Login(((NativeLong) a[1]).longValue(), pin == null ? null
                        : new String(pin, 0, ((NativeLong) a[3]).intValue(), StandardCharsets.US_ASCII)));
                loggedIn = true;
                return CKR_OK;
            case "C_Logout":
                loggedIn = false;
                return CKR_OK;
            case "C_FindObjectsInit":
                long wanted = Structs.ulong(((Pointer) a[1]).getPointer(Structs.align(Structs.ULONG, Structs.POINTER)), 0);
                found = objects.entrySet().stream().filter(e -> Arrays.equals(e.getValue().get(CKA_CLASS), ulong(wanted)))
                        .mapToLong(Map.Entry::getKey).toArray();
                return CKR_OK;
            case "C_FindObjects":
                NativeLong[] out = (NativeLong[]) a[1];
                for (int i = 0; i < found.length; i++) {
                    out[i] = new NativeLong(found[i]);
                }
                ((NativeLongByReference) a[3]).setValue(new NativeLong(found.length));
                found = new long[0];
                return CKR_OK;
            case "C_GetAttributeValue":
                return attributes(objects.get(((NativeLong) a[1]).longValue()), (Pointer) a[2], ((NativeLong) a[3]).intValue());
            case "C_Sign":
                ((NativeLongByReference) a[4]).setValue(new NativeLong(256));
                return CKR_OK;
            default:
                return CKR_OK;
        }
    }

    /** The CK_ATTRIBUTE protocol: a null pointer asks the length, else the value is copied. */
    private static long attributes(Map<Long, byte[]> object, Pointer template, int count) {
        long pointerAt = Structs.align(Structs.ULONG, Structs.POINTER);
        long stride = Structs.align(pointerAt + Structs.POINTER + Structs.ULONG, Structs.POINTER);
        long rv = CKR_OK;
        for (int i = 0; i < count; i++) {
            byte[] value = object.get(Structs.ulong(template, stride * i));
            Pointer to = template.getPointer(stride * i + pointerAt);
            if (value == null) {
                Structs.putUlong(template, stride * i + pointerAt + Structs.POINTER, Structs.UNAVAILABLE);
                rv = 0x12; // CKR_ATTRIBUTE_TYPE_INVALID
                continue;
            }
            if (to != null) {
                to.write(0, value, 0, value.length);
            }
            Structs.putUlong(template, stride * i + pointerAt + Structs.POINTER, value.length);
        }
        return rv;
    }

    private void tokenInfo(Pointer info) {
        byte[] texts = new byte[96];
        Arrays.fill(texts, (byte) ' ');
        byte[] label = bytes("fake token");
        System.arraycopy(label, 0, texts, 0, label.length);
        info.write(0, texts, 0, texts.length);
        long flags = CKF_TOKEN_INITIALIZED | CKF_USER_PIN_INITIALIZED | CKF_LOGIN_REQUIRED | (protectedPath ? CKF_PROTECTED_AUTHENTICATION_PATH : 0);
        Structs.putUlong(info, 96, flags);
        Structs.putUlong(info, 96 + 5L * Structs.ULONG, 8);
        Structs.putUlong(info, 96 + 6L * Structs.ULONG, 6);
    }

    private static byte[] ulong(long value) {
        com.sun.jna.Memory m = new com.sun.jna.Memory(Structs.ULONG);
        Structs.putUlong(m, 0, value);
        return m.getByteArray(0, Structs.ULONG);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
