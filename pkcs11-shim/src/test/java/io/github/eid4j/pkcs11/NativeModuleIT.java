package io.github.eid4j.pkcs11;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The module called from Java through FFM downcalls, the way a C application calls it: what the
 * functions do, short buffers, login states, threads (BadArgumentsIT has every function with the
 * arguments applications get wrong). The module is a copy of the built .so with its config file
 * beside it; it joins this test's JVM and loads its own jars through a class loader of its own.
 * Slots: 0 PIN1 and 1 PIN2 of a FINEID v4 card; 2 and 3 a v3 card whose PIN1 a test blocks.
 */
class NativeModuleIT {
    private static final byte[] DOCUMENT = "Allekirjoitettava asiakirja".getBytes(StandardCharsets.UTF_8);
    private static final long NO_INFO = -1L;

    @TempDir
    static Path dir;
    static NativeModule p11;

    private Arena arena;
    private Calls calls;

    @BeforeAll
    static void loadModule() throws Throwable {
        assertThat(System.getenv("EID4J_PKCS11_CONF")).as("EID4J_PKCS11_CONF must not be set for this test").isNull();
        Path home = dir.resolve("home");
        Fixture.createCards(home, "card", "fineid-v4", "blocked", "fineid-v3");
        Path folder = Files.createDirectories(dir.resolve("module"));
        Path so = Files.copy(Fixture.module(), folder.resolve("libeid4j-pkcs11.so"), StandardCopyOption.REPLACE_EXISTING);
        Fixture.writeConfig(folder.resolve("eid4j-pkcs11.conf"), home, List.of("card", "blocked"));
        p11 = new NativeModule(so);
    }

    @BeforeEach
    void memory() {
        arena = Arena.ofConfined();
        calls = new Calls(p11, arena);
    }

    @AfterEach
    void finalizeModule() {
        p11.call("C_Finalize", MemorySegment.NULL); // CKR_CRYPTOKI_NOT_INITIALIZED if a test did already
        arena.close();
    }

    // ---- helpers

    private static final MemorySegment NULL = MemorySegment.NULL;

    private void initialize() {
        assertThat(p11.call("C_Initialize", NULL)).isEqualTo(Ck.CKR_OK);
    }

    private X509Certificate certificate(long session, String id) throws Exception {
        long cert = calls.findOne(session, Ck.CKA_CLASS, Ck.CKO_CERTIFICATE, Ck.CKA_ID, new byte[] {(byte) Integer.parseInt(id, 16)});
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(calls.attribute(session, cert, Ck.CKA_VALUE)));
    }

    private static boolean verifies(X509Certificate cert, String algorithm, byte[] signature) throws Exception {
        Signature v = Signature.getInstance(algorithm);
        v.initVerify(cert.getPublicKey());
        v.update(DOCUMENT);
        return v.verify(signature);
    }

    // ---- the tests

    /** C_Initialize's refusals are in BadArgumentsIT; here it runs once, and again after C_Finalize. */
    @Test
    void initializeRunsOnceAndAgainAfterFinalize() {
        MemorySegment args = arena.allocate(Layouts.CK_C_INITIALIZE_ARGS);
        args.set(JAVA_LONG, Layouts.offset(Layouts.CK_C_INITIALIZE_ARGS, "flags"), Ck.CKF_OS_LOCKING_OK);
        assertThat(p11.call("C_Initialize", args)).isEqualTo(Ck.CKR_OK);
        assertThat(p11.call("C_Initialize", NULL)).isEqualTo(Ck.CKR_CRYPTOKI_ALREADY_INITIALIZED);
        assertThat(p11.call("C_Finalize", NULL)).isEqualTo(Ck.CKR_OK);
        assertThat(p11.call("C_GetSlotList", (byte) 0, NULL, calls.ulong(0))).isEqualTo(Ck.CKR_CRYPTOKI_NOT_INITIALIZED);
        initialize(); // again, after C_Finalize: the card is opened again
        MemorySegment count = calls.ulong(0);
        assertThat(p11.call("C_GetSlotList", (byte) 1, NULL, count)).isEqualTo(Ck.CKR_OK);
        assertThat(count.get(JAVA_LONG, 0)).isEqualTo(4);
    }

    @Test
    void shortBuffersGetTheLengthNeeded() {
        initialize();
        MemorySegment count = calls.ulong(3);
        MemorySegment slots = arena.allocate(JAVA_LONG, 4);
        assertThat(p11.call("C_GetSlotList", (byte) 1, slots, count)).isEqualTo(Ck.CKR_BUFFER_TOO_SMALL);
        assertThat(count.get(JAVA_LONG, 0)).isEqualTo(4);
        assertThat(p11.call("C_GetSlotList", (byte) 1, slots, count)).isEqualTo(Ck.CKR_OK);
        assertThat(slots.toArray(JAVA_LONG)).containsExactly(0, 1, 2, 3);

        MemorySegment mechanisms = arena.allocate(JAVA_LONG, 8);
        count.set(JAVA_LONG, 0, 0);
        assertThat(p11.call("C_GetMechanismList", 0L, NULL, count)).isEqualTo(Ck.CKR_OK);
        assertThat(count.get(JAVA_LONG, 0)).as("six ECDSA mechanisms, ECDH and five digests").isEqualTo(12);
        count.set(JAVA_LONG, 0, 3);
        assertThat(p11.call("C_GetMechanismList", 0L, mechanisms, count)).isEqualTo(Ck.CKR_BUFFER_TOO_SMALL);
        assertThat(count.get(JAVA_LONG, 0)).isEqualTo(12);

        // Attributes: one short buffer does not stop the others being answered.
        long session = calls.openSession(0);
        long cert = calls.findOne(session, Ck.CKA_CLASS, Ck.CKO_CERTIFICATE, Ck.CKA_ID, new byte[] {0x45});
        MemorySegment t = calls.template(Ck.CKA_VALUE, new byte[10], Ck.CKA_ID, new byte[4], Ck.CKA_LABEL, new byte[0]);
        t.set(ADDRESS, 24 * 2 + 8, NULL);
        assertThat(p11.call("C_GetAttributeValue", session, cert, t, 3L)).isEqualTo(Ck.CKR_BUFFER_TOO_SMALL);
        assertThat(t.get(JAVA_LONG, 16)).isEqualTo(NO_INFO);
        assertThat(t.get(JAVA_LONG, 24 + 16)).isEqualTo(1);
        assertThat(t.get(ADDRESS, 24 + 8).reinterpret(1).get(JAVA_BYTE, 0)).isEqualTo((byte) 0x45);
        assertThat(t.get(JAVA_LONG, 48 + 16)).isEqualTo(calls.attribute(session, cert, Ck.CKA_LABEL).length).isPositive();

        // C_Sign: a length query and a short buffer keep the operation.
        assertThat(calls.login(session, Ck.CKU_USER, "1234")).isEqualTo(Ck.CKR_OK);
        long key = calls.findOne(session, Ck.CKA_CLASS, Ck.CKO_PRIVATE_KEY, Ck.CKA_ID, new byte[] {0x45});
        assertThat(p11.call("C_SignInit", session, calls.mechanism(Ck.CKM_ECDSA_SHA256), key)).isEqualTo(Ck.CKR_OK);
        MemorySegment data = arena.allocateFrom(JAVA_BYTE, DOCUMENT);
        MemorySegment length = calls.ulong(0);
        assertThat(p11.call("C_Sign", session, data, (long) DOCUMENT.length, NULL, length)).isEqualTo(Ck.CKR_OK);
        assertThat(length.get(JAVA_LONG, 0)).isEqualTo(96);
        length.set(JAVA_LONG, 0, 95);
        MemorySegment signature = arena.allocate(96);
        assertThat(p11.call("C_Sign", session, data, (long) DOCUMENT.length, signature, length)).isEqualTo(Ck.CKR_BUFFER_TOO_SMALL);
        assertThat(length.get(JAVA_LONG, 0)).isEqualTo(96);
        assertThat(p11.call("C_Sign", session, data, (long) DOCUMENT.length, signature, length)).isEqualTo(Ck.CKR_OK);
        assertThat(p11.call("C_Sign", session, data, (long) DOCUMENT.length, signature, length)).isEqualTo(Ck.CKR_OPERATION_NOT_INITIALIZED);
    }

    /** A private key exists before login but is neither found nor usable (BadArgumentsIT has the other handles). */
    @Test
    void privateKeysAppearWithLogin() {
        initialize();
        long session = calls.openSession(0);
        MemorySegment t = calls.template(Ck.CKA_LABEL, new byte[64]);
        long publicKey = calls.findOne(session, Ck.CKA_CLASS, Ck.CKO_PUBLIC_KEY);
        assertThat(calls.find(session, Ck.CKA_CLASS, Ck.CKO_PRIVATE_KEY)).isEmpty();
        long privateKey = publicKey + 1;
        assertThat(p11.call("C_SignInit", session, calls.mechanism(Ck.CKM_ECDSA), privateKey)).isEqualTo(Ck.CKR_USER_NOT_LOGGED_IN);
        assertThat(p11.call("C_GetAttributeValue", session, privateKey, t, 1L)).isEqualTo(Ck.CKR_OBJECT_HANDLE_INVALID);
        assertThat(calls.login(session, Ck.CKU_USER, "1234")).isEqualTo(Ck.CKR_OK);
        assertThat(calls.find(session, Ck.CKA_CLASS, Ck.CKO_PRIVATE_KEY)).containsExactly(privateKey);
        assertThat(p11.call("C_GetAttributeValue", session, privateKey, t, 1L)).isEqualTo(Ck.CKR_OK);
        assertThat(p11.call("C_SignInit", session, calls.mechanism(Ck.CKM_ECDSA), privateKey)).isEqualTo(Ck.CKR_OK);
    }

    @Test
    void sessionStatesFollowTheTokensLogin() {
        initialize();
        long ro = calls.openSession(0);
        MemorySegment rwHandle = calls.ulong(0);
        assertThat(p11.call("C_OpenSession", 0L, Ck.CKF_SERIAL_SESSION | Ck.CKF_RW_SESSION, NULL, NULL, rwHandle)).isEqualTo(Ck.CKR_OK);
        long rw = rwHandle.get(JAVA_LONG, 0);
        MemorySegment info = arena.allocate(Layouts.CK_SESSION_INFO);
        assertThat(p11.call("C_GetSessionInfo", ro, info)).isEqualTo(Ck.CKR_OK);
        assertThat(info.get(JAVA_LONG, 8)).isEqualTo(Ck.CKS_RO_PUBLIC_SESSION);
        assertThat(info.get(JAVA_LONG, 16)).isEqualTo(Ck.CKF_SERIAL_SESSION);
        assertThat(calls.login(rw, Ck.CKU_USER, "1234")).isEqualTo(Ck.CKR_OK);
        assertThat(p11.call("C_GetSessionInfo", ro, info)).isEqualTo(Ck.CKR_OK);
        assertThat(info.get(JAVA_LONG, 8)).isEqualTo(Ck.CKS_RO_USER_FUNCTIONS);
        assertThat(p11.call("C_GetSessionInfo", rw, info)).isEqualTo(Ck.CKR_OK);
        assertThat(info.get(JAVA_LONG, 8)).isEqualTo(Ck.CKS_RW_USER_FUNCTIONS);
        assertThat(info.get(JAVA_LONG, 16)).isEqualTo(Ck.CKF_SERIAL_SESSION | Ck.CKF_RW_SESSION);
        MemorySegment token = arena.allocate(Layouts.CK_TOKEN_INFO);
        assertThat(p11.call("C_GetTokenInfo", 0L, token)).isEqualTo(Ck.CKR_OK);
        assertThat(token.get(JAVA_LONG, Layouts.offset(Layouts.CK_TOKEN_INFO, "ulSessionCount"))).isEqualTo(2);
        assertThat(token.get(JAVA_LONG, Layouts.offset(Layouts.CK_TOKEN_INFO, "ulRwSessionCount"))).isEqualTo(1);
        // Closing every session of the token logs it out.
        assertThat(p11.call("C_CloseAllSessions", 0L)).isEqualTo(Ck.CKR_OK);
        long again = calls.openSession(0);
        assertThat(p11.call("C_GetSessionInfo", again, info)).isEqualTo(Ck.CKR_OK);
        assertThat(info.get(JAVA_LONG, 8)).isEqualTo(Ck.CKS_RO_PUBLIC_SESSION);
    }

    @Test
    void keysAndCertificatesHaveTheirAttributes() throws Exception {
        initialize();
        long session = calls.openSession(1);
        assertThat(calls.login(session, Ck.CKU_USER, "123456")).isEqualTo(Ck.CKR_OK);
        long key = calls.findOne(session, Ck.CKA_CLASS, Ck.CKO_PRIVATE_KEY, Ck.CKA_ID, new byte[] {0x46});
        assertThat(calls.attribute(session, key, Ck.CKA_ALWAYS_AUTHENTICATE)).containsExactly(1);
        assertThat(calls.attribute(session, key, Ck.CKA_SENSITIVE)).containsExactly(1);
        assertThat(calls.attribute(session, key, Ck.CKA_EXTRACTABLE)).containsExactly(0);
        assertThat(calls.attribute(session, key, Ck.CKA_PRIVATE)).containsExactly(1);
        assertThat(Attributes.ulong(calls.attribute(session, key, Ck.CKA_KEY_TYPE))).isEqualTo(Ck.CKK_EC);
        assertThat(calls.attribute(session, key, Ck.CKA_EC_PARAMS)).containsExactly(0x06, 0x05, 0x2B, 0x81, 0x04, 0x00, 0x22); // P-384
        MemorySegment secret = calls.template(Ck.CKA_VALUE, new byte[64], Ck.CKA_MODULUS, new byte[64], Ck.CKA_SIGN, new byte[1]);
        assertThat(p11.call("C_GetAttributeValue", session, key, secret, 3L)).isIn(Ck.CKR_ATTRIBUTE_SENSITIVE, Ck.CKR_ATTRIBUTE_TYPE_INVALID);
        assertThat(secret.get(JAVA_LONG, 16)).isEqualTo(NO_INFO);
        assertThat(secret.get(JAVA_LONG, 24 + 16)).isEqualTo(NO_INFO);
        assertThat(secret.get(JAVA_LONG, 48 + 16)).isEqualTo(1);
        MemorySegment onlySecret = calls.template(Ck.CKA_VALUE, new byte[64]);
        assertThat(p11.call("C_GetAttributeValue", session, key, onlySecret, 1L)).isEqualTo(Ck.CKR_ATTRIBUTE_SENSITIVE);

        X509Certificate cert = certificate(session, "46");
        long certHandle = calls.findOne(session, Ck.CKA_CLASS, Ck.CKO_CERTIFICATE);
        assertThat(calls.attribute(session, certHandle, Ck.CKA_SUBJECT)).isEqualTo(cert.getSubjectX500Principal().getEncoded());
        assertThat(calls.attribute(session, certHandle, Ck.CKA_ISSUER)).isEqualTo(cert.getIssuerX500Principal().getEncoded());
        assertThat(calls.attribute(session, certHandle, Ck.CKA_PRIVATE)).containsExactly(0);
        assertThat(calls.attribute(session, key, Ck.CKA_SUBJECT)).isEqualTo(cert.getSubjectX500Principal().getEncoded());
        assertThat(cert.getKeyUsage()[1]).as("nonRepudiation").isTrue();

        long pin1 = calls.openSession(0);
        assertThat(calls.find(pin1, Ck.CKA_CLASS, Ck.CKO_CERTIFICATE)).hasSize(3); // the user's and two CA certificates
        assertThat(calls.find(pin1, Ck.CKA_CLASS, Ck.CKO_CERTIFICATE, Ck.CKA_ID, new byte[] {0x46})).isEmpty();
        assertThat(calls.find(pin1, Ck.CKA_LABEL, "eid4j TEST Root CA".getBytes(StandardCharsets.UTF_8))).hasSize(1);
        assertThat(calls.find(pin1, Ck.CKA_CLASS, Ck.CKO_CERTIFICATE, Ck.CKA_TOKEN, new byte[] {1}, Ck.CKA_ID, new byte[] {0x45})).hasSize(1);
    }

    @Test
    void theSignatureKeySignsOnlyAfterAContextSpecificLogin() throws Exception {
        initialize();
        long session = calls.openSession(1);
        assertThat(calls.login(session, Ck.CKU_USER, "123456")).isEqualTo(Ck.CKR_OK);
        X509Certificate cert = certificate(session, "46");
        long key = calls.findOne(session, Ck.CKA_CLASS, Ck.CKO_PRIVATE_KEY);
        MemorySegment data = arena.allocateFrom(JAVA_BYTE, DOCUMENT);
        MemorySegment length = calls.ulong(96);
        MemorySegment out = arena.allocate(96);

        assertThat(p11.call("C_SignInit", session, calls.mechanism(Ck.CKM_ECDSA_SHA256), key)).isEqualTo(Ck.CKR_OK);
        assertThat(p11.call("C_Sign", session, data, (long) DOCUMENT.length, out, length)).isEqualTo(Ck.CKR_USER_NOT_LOGGED_IN);

        assertThat(p11.call("C_SignInit", session, calls.mechanism(Ck.CKM_ECDSA_SHA256), key)).isEqualTo(Ck.CKR_OK);
        assertThat(calls.login(session, Ck.CKU_CONTEXT_SPECIFIC, "654321")).isEqualTo(Ck.CKR_PIN_INCORRECT);
        assertThat(calls.login(session, Ck.CKU_CONTEXT_SPECIFIC, "123456")).isEqualTo(Ck.CKR_OK);
        byte[] signature = calls.sign(session, DOCUMENT);
        assertThat(verifies(cert, "SHA256withECDSAinP1363Format", signature)).isTrue();

        // Each signature wants its own: the PIN of the last one is gone.
        assertThat(p11.call("C_SignInit", session, calls.mechanism(Ck.CKM_ECDSA_SHA256), key)).isEqualTo(Ck.CKR_OK);
        assertThat(p11.call("C_Sign", session, data, (long) DOCUMENT.length, out, length)).isEqualTo(Ck.CKR_USER_NOT_LOGGED_IN);
    }

    @Test
    void pinsAreCheckedBeforeTheCardSpendsATry() {
        initialize();
        long session = calls.openSession(0);
        MemorySegment token = arena.allocate(Layouts.CK_TOKEN_INFO);
        long flagsAt = Layouts.offset(Layouts.CK_TOKEN_INFO, "flags");
        assertThat(calls.login(session, Ck.CKU_USER, "12")).isEqualTo(Ck.CKR_PIN_LEN_RANGE);
        assertThat(calls.login(session, Ck.CKU_USER, "123456789")).isEqualTo(Ck.CKR_PIN_LEN_RANGE);
        assertThat(calls.login(session, Ck.CKU_USER, "12a4")).isEqualTo(Ck.CKR_PIN_INCORRECT);
        assertThat(p11.call("C_Login", session, Ck.CKU_USER, arena.allocate(8), 1L << 40)).isEqualTo(Ck.CKR_PIN_LEN_RANGE);
        assertThat(p11.call("C_Login", session, Ck.CKU_USER, arena.allocate(8), -1L)).isEqualTo(Ck.CKR_PIN_LEN_RANGE);
        assertThat(p11.call("C_GetTokenInfo", 0L, token)).isEqualTo(Ck.CKR_OK);
        assertThat(token.get(JAVA_LONG, flagsAt) & Ck.CKF_USER_PIN_COUNT_LOW).as("no try spent").isZero();
        assertThat(calls.login(session, Ck.CKU_USER, "9999")).isEqualTo(Ck.CKR_PIN_INCORRECT);
        assertThat(p11.call("C_GetTokenInfo", 0L, token)).isEqualTo(Ck.CKR_OK);
        assertThat(token.get(JAVA_LONG, flagsAt) & Ck.CKF_USER_PIN_COUNT_LOW).isNotZero();
        assertThat(calls.login(session, Ck.CKU_USER, "1234")).isEqualTo(Ck.CKR_OK);
        assertThat(p11.call("C_GetTokenInfo", 0L, token)).isEqualTo(Ck.CKR_OK);
        assertThat(token.get(JAVA_LONG, flagsAt) & Ck.CKF_USER_PIN_COUNT_LOW).isZero();
        assertThat(token.get(JAVA_LONG, flagsAt) & (Ck.CKF_TOKEN_INITIALIZED | Ck.CKF_USER_PIN_INITIALIZED | Ck.CKF_LOGIN_REQUIRED))
                .isEqualTo(Ck.CKF_TOKEN_INITIALIZED | Ck.CKF_USER_PIN_INITIALIZED | Ck.CKF_LOGIN_REQUIRED);
    }

    @Test
    void theTokenFlagsFollowThePinTillItIsBlocked() {
        initialize();
        long session = calls.openSession(2);
        MemorySegment token = arena.allocate(Layouts.CK_TOKEN_INFO);
        long flagsAt = Layouts.offset(Layouts.CK_TOKEN_INFO, "flags");
        List<Long> flags = new ArrayList<>();
        List<Long> rvs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            rvs.add(calls.login(session, Ck.CKU_USER, "0000"));
            assertThat(p11.call("C_GetTokenInfo", 2L, token)).isEqualTo(Ck.CKR_OK);
            flags.add(token.get(JAVA_LONG, flagsAt) & (Ck.CKF_USER_PIN_COUNT_LOW | Ck.CKF_USER_PIN_FINAL_TRY | Ck.CKF_USER_PIN_LOCKED));
        }
        assertThat(rvs.subList(0, 4)).containsOnly(Ck.CKR_PIN_INCORRECT);
        assertThat(rvs.get(4)).isIn(Ck.CKR_PIN_INCORRECT, Ck.CKR_PIN_LOCKED);
        assertThat(flags).containsExactly(Ck.CKF_USER_PIN_COUNT_LOW, Ck.CKF_USER_PIN_COUNT_LOW, Ck.CKF_USER_PIN_COUNT_LOW,
                Ck.CKF_USER_PIN_COUNT_LOW | Ck.CKF_USER_PIN_FINAL_TRY, Ck.CKF_USER_PIN_LOCKED);
        assertThat(calls.login(session, Ck.CKU_USER, "1234")).isEqualTo(Ck.CKR_PIN_LOCKED);
        // The other PIN of the card is a token of its own, untouched.
        assertThat(calls.login(calls.openSession(3), Ck.CKU_USER, "123456")).isEqualTo(Ck.CKR_OK);
    }

    /** The slots of virtual cards never change: a blocking wait ends only with C_Finalize, which it reports. */
    @Test
    void waitingForASlotEventEndsWithFinalize() throws Exception {
        initialize();
        var waiting = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try (Arena own = Arena.ofConfined()) {
                return p11.call("C_WaitForSlotEvent", 0L, own.allocate(JAVA_LONG), NULL);
            }
        });
        Thread.sleep(300);
        assertThat(waiting).isNotDone();
        assertThat(p11.call("C_Finalize", NULL)).isEqualTo(Ck.CKR_OK);
        assertThat(waiting.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(Ck.CKR_CRYPTOKI_NOT_INITIALIZED);
    }

    /** Sessions on several threads sign at once; the card does one thing at a time and every signature verifies. */
    @Test
    void threadsSignAtTheSameTime() throws Exception {
        initialize();
        long first = calls.openSession(0);
        assertThat(calls.login(first, Ck.CKU_USER, "1234")).isEqualTo(Ck.CKR_OK);
        X509Certificate cert = certificate(first, "45");
        long key = calls.findOne(first, Ck.CKA_CLASS, Ck.CKO_PRIVATE_KEY);
        List<java.util.concurrent.Future<byte[]>> signatures = new ArrayList<>();
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(4)) {
            for (int i = 0; i < 8; i++) {
                signatures.add(pool.submit(() -> {
                    try (Arena own = Arena.ofConfined()) {
                        MemorySegment handle = own.allocate(JAVA_LONG);
                        assertThat(p11.call("C_OpenSession", 0L, Ck.CKF_SERIAL_SESSION, NULL, NULL, handle)).isEqualTo(Ck.CKR_OK);
                        long session = handle.get(JAVA_LONG, 0);
                        MemorySegment m = own.allocate(Layouts.CK_MECHANISM);
                        m.set(JAVA_LONG, 0, Ck.CKM_ECDSA_SHA256);
                        assertThat(p11.call("C_SignInit", session, m, key)).isEqualTo(Ck.CKR_OK);
                        MemorySegment in = own.allocateFrom(JAVA_BYTE, DOCUMENT);
                        MemorySegment out = own.allocate(96);
                        MemorySegment length = own.allocate(JAVA_LONG);
                        length.set(JAVA_LONG, 0, 96);
                        assertThat(p11.call("C_Sign", session, in, (long) DOCUMENT.length, out, length)).isEqualTo(Ck.CKR_OK);
                        assertThat(p11.call("C_CloseSession", session)).isEqualTo(Ck.CKR_OK);
                        return out.toArray(JAVA_BYTE);
                    }
                }));
            }
            for (var signature : signatures) {
                assertThat(verifies(cert, "SHA256withECDSAinP1363Format", signature.get(60, java.util.concurrent.TimeUnit.SECONDS))).isTrue();
            }
        }
    }

    @Test
    void signsInPartsToo() throws Exception {
        initialize();
        long session = calls.openSession(0);
        assertThat(calls.login(session, Ck.CKU_USER, "1234")).isEqualTo(Ck.CKR_OK);
        X509Certificate cert = certificate(session, "45");
        long key = calls.findOne(session, Ck.CKA_CLASS, Ck.CKO_PRIVATE_KEY);
        assertThat(p11.call("C_SignInit", session, calls.mechanism(Ck.CKM_ECDSA_SHA384), key)).isEqualTo(Ck.CKR_OK);
        int half = DOCUMENT.length / 2;
        assertThat(p11.call("C_SignUpdate", session, arena.allocateFrom(JAVA_BYTE, Arrays.copyOf(DOCUMENT, half)), (long) half))
                .isEqualTo(Ck.CKR_OK);
        byte[] rest = Arrays.copyOfRange(DOCUMENT, half, DOCUMENT.length);
        assertThat(p11.call("C_SignUpdate", session, arena.allocateFrom(JAVA_BYTE, rest), (long) rest.length)).isEqualTo(Ck.CKR_OK);
        assertThat(p11.call("C_Sign", session, arena.allocate(4), 4L, NULL, calls.ulong(0))).as("C_Sign cannot end a multi-part signature")
                .isEqualTo(Ck.CKR_OPERATION_ACTIVE);
        MemorySegment length = calls.ulong(0);
        assertThat(p11.call("C_SignFinal", session, NULL, length)).isEqualTo(Ck.CKR_OK);
        MemorySegment out = arena.allocate(length.get(JAVA_LONG, 0));
        assertThat(p11.call("C_SignFinal", session, out, length)).isEqualTo(Ck.CKR_OK);
        assertThat(verifies(cert, "SHA384withECDSAinP1363Format", out.toArray(JAVA_BYTE))).isTrue();
    }

    /**
     * A derived key is a session object: sensitive if the template says so (CKA_VALUE then never
     * read), CKA_VALUE_LEN as asked, gone when its session closes. The secret equals the JDK's ECDH.
     */
    @Test
    void ecdhGivesASessionSecretKey() throws Exception {
        initialize();
        long session = calls.openSession(0);
        assertThat(calls.login(session, Ck.CKU_USER, "1234")).isEqualTo(Ck.CKR_OK);
        X509Certificate cert = certificate(session, "45");
        long key = calls.findOne(session, Ck.CKA_CLASS, Ck.CKO_PRIVATE_KEY, Ck.CKA_ID, new byte[] {0x45});
        assertThat(calls.attribute(session, key, Ck.CKA_DERIVE)).containsExactly(1);
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("EC");
        generator.initialize(new java.security.spec.ECGenParameterSpec("secp384r1"));
        java.security.KeyPair peer = generator.generateKeyPair();
        java.security.spec.ECPoint w = ((java.security.interfaces.ECPublicKey) peer.getPublic()).getW();
        byte[] point = new byte[97];
        point[0] = 4;
        byte[] x = w.getAffineX().toByteArray();
        byte[] y = w.getAffineY().toByteArray();
        System.arraycopy(x, Math.max(0, x.length - 48), point, 1 + 48 - Math.min(48, x.length), Math.min(48, x.length));
        System.arraycopy(y, Math.max(0, y.length - 48), point, 49 + 48 - Math.min(48, y.length), Math.min(48, y.length));
        javax.crypto.KeyAgreement agreement = javax.crypto.KeyAgreement.getInstance("ECDH");
        agreement.init(peer.getPrivate());
        agreement.doPhase(cert.getPublicKey(), true);
        byte[] expected = agreement.generateSecret();

        MemorySegment params = arena.allocate(Layouts.CK_ECDH1_DERIVE_PARAMS);
        params.set(JAVA_LONG, Layouts.offset(Layouts.CK_ECDH1_DERIVE_PARAMS, "kdf"), Ck.CKD_NULL);
        params.set(JAVA_LONG, Layouts.offset(Layouts.CK_ECDH1_DERIVE_PARAMS, "ulPublicDataLen"), (long) point.length);
        params.set(ADDRESS, Layouts.offset(Layouts.CK_ECDH1_DERIVE_PARAMS, "pPublicData"), arena.allocateFrom(JAVA_BYTE, point));
        MemorySegment ecdh = calls.mechanism(Ck.CKM_ECDH1_DERIVE);
        ecdh.set(ADDRESS, 8, params);
        ecdh.set(JAVA_LONG, 16, Layouts.CK_ECDH1_DERIVE_PARAMS.byteSize());
        MemorySegment handle = calls.ulong(0);

        assertThat(p11.call("C_DeriveKey", session, ecdh, key, calls.template(Ck.CKA_VALUE_LEN, 32L, Ck.CKA_SENSITIVE, new byte[] {1}), 2L,
                handle)).isEqualTo(Ck.CKR_OK);
        long sensitive = handle.get(JAVA_LONG, 0);
        assertThat(Attributes.ulong(calls.attribute(session, sensitive, Ck.CKA_VALUE_LEN))).isEqualTo(32);
        assertThat(Attributes.ulong(calls.attribute(session, sensitive, Ck.CKA_CLASS))).isEqualTo(Ck.CKO_SECRET_KEY);
        MemorySegment value = calls.template(Ck.CKA_VALUE, new byte[64]);
        assertThat(p11.call("C_GetAttributeValue", session, sensitive, value, 1L)).isEqualTo(Ck.CKR_ATTRIBUTE_SENSITIVE);

        assertThat(p11.call("C_DeriveKey", session, ecdh, key, calls.template(Ck.CKA_EXTRACTABLE, new byte[] {1}), 1L, handle))
                .isEqualTo(Ck.CKR_OK);
        long open = handle.get(JAVA_LONG, 0);
        assertThat(calls.attribute(session, open, Ck.CKA_VALUE)).isEqualTo(expected);
        assertThat(p11.call("C_DeriveKey", session, ecdh, key, calls.template(Ck.CKA_TOKEN, new byte[] {1}), 1L, handle))
                .isEqualTo(Ck.CKR_TEMPLATE_INCONSISTENT);

        long other = calls.openSession(0);
        assertThat(p11.call("C_CloseSession", session)).isEqualTo(Ck.CKR_OK);
        assertThat(p11.call("C_GetAttributeValue", other, open, calls.template(Ck.CKA_VALUE_LEN, new byte[8]), 1L))
                .isEqualTo(Ck.CKR_OBJECT_HANDLE_INVALID);
    }

    /**
     * The PUK is the SO PIN: C_Login(CKU_SO) in a read/write session keeps it for one C_InitPIN,
     * which the card checks it with; the user cannot log in meanwhile.
     */
    @Test
    void theSoLogsInWithThePukForOneInitPin() {
        initialize();
        MemorySegment handle = calls.ulong(0);
        assertThat(p11.call("C_OpenSession", 0L, Ck.CKF_SERIAL_SESSION | Ck.CKF_RW_SESSION, NULL, NULL, handle)).isEqualTo(Ck.CKR_OK);
        long session = handle.get(JAVA_LONG, 0);
        assertThat(p11.call("C_InitPIN", session, arena.allocateFrom("4321", StandardCharsets.US_ASCII), 4L))
                .isEqualTo(Ck.CKR_USER_NOT_LOGGED_IN);
        assertThat(calls.login(session, Ck.CKU_SO, "123")).isEqualTo(Ck.CKR_PIN_LEN_RANGE);
        long readOnly = calls.openSession(0);
        assertThat(calls.login(session, Ck.CKU_SO, "87654321")).as("another session of the token is read-only")
                .isEqualTo(Ck.CKR_SESSION_READ_ONLY_EXISTS);
        assertThat(p11.call("C_CloseSession", readOnly)).isEqualTo(Ck.CKR_OK);
        assertThat(calls.login(session, Ck.CKU_SO, "87654321")).isEqualTo(Ck.CKR_OK);
        assertThat(p11.call("C_OpenSession", 0L, Ck.CKF_SERIAL_SESSION, NULL, NULL, calls.ulong(0)))
                .as("no read-only session beside an SO session").isEqualTo(Ck.CKR_SESSION_READ_WRITE_SO_EXISTS);
        MemorySegment info = arena.allocate(Layouts.CK_SESSION_INFO);
        assertThat(p11.call("C_GetSessionInfo", session, info)).isEqualTo(Ck.CKR_OK);
        assertThat(info.get(JAVA_LONG, Layouts.offset(Layouts.CK_SESSION_INFO, "state"))).isEqualTo(Ck.CKS_RW_SO_FUNCTIONS);
        assertThat(calls.login(session, Ck.CKU_USER, "1234")).isEqualTo(Ck.CKR_USER_ANOTHER_ALREADY_LOGGED_IN);
        assertThat(p11.call("C_InitPIN", session, arena.allocateFrom("12", StandardCharsets.US_ASCII), 2L))
                .isEqualTo(Ck.CKR_PIN_LEN_RANGE);
        assertThat(p11.call("C_InitPIN", session, arena.allocateFrom("4321", StandardCharsets.US_ASCII), 4L))
                .as("a wrong PUK").isEqualTo(Ck.CKR_PIN_INCORRECT);
        assertThat(p11.call("C_InitPIN", session, arena.allocateFrom("4321", StandardCharsets.US_ASCII), 4L))
                .as("the PUK was used").isEqualTo(Ck.CKR_USER_NOT_LOGGED_IN);
        assertThat(p11.call("C_Logout", session)).isEqualTo(Ck.CKR_OK);
        assertThat(calls.login(session, Ck.CKU_USER, "1234")).isEqualTo(Ck.CKR_OK);
    }

    /** C_Digest in one part: a length query and a short buffer keep the operation, as for C_Sign. */
    @Test
    void digestsInOnePart() throws Exception {
        initialize();
        long session = calls.openSession(0);
        MemorySegment data = arena.allocateFrom(JAVA_BYTE, DOCUMENT);
        assertThat(p11.call("C_DigestInit", session, calls.mechanism(Ck.CKM_SHA384))).isEqualTo(Ck.CKR_OK);
        assertThat(p11.call("C_DigestInit", session, calls.mechanism(Ck.CKM_SHA384))).isEqualTo(Ck.CKR_OPERATION_ACTIVE);
        MemorySegment length = calls.ulong(0);
        assertThat(p11.call("C_Digest", session, data, (long) DOCUMENT.length, NULL, length)).isEqualTo(Ck.CKR_OK);
        assertThat(length.get(JAVA_LONG, 0)).isEqualTo(48);
        length.set(JAVA_LONG, 0, 20);
        MemorySegment out = arena.allocate(48);
        assertThat(p11.call("C_Digest", session, data, (long) DOCUMENT.length, out, length)).isEqualTo(Ck.CKR_BUFFER_TOO_SMALL);
        assertThat(p11.call("C_Digest", session, data, (long) DOCUMENT.length, out, length)).isEqualTo(Ck.CKR_OK);
        assertThat(out.toArray(JAVA_BYTE)).isEqualTo(java.security.MessageDigest.getInstance("SHA-384").digest(DOCUMENT));
        assertThat(p11.call("C_DigestFinal", session, out, length)).isEqualTo(Ck.CKR_OPERATION_NOT_INITIALIZED);
        assertThat(p11.call("C_DigestInit", session, calls.mechanism(Ck.CKM_ECDSA))).isEqualTo(Ck.CKR_MECHANISM_INVALID);
    }

    /** Only a key the card lets decrypt decrypts, and only with CKM_RSA_PKCS; an EC key is not one. */
    @Test
    void anEcKeyDoesNotDecrypt() {
        initialize();
        long session = calls.openSession(0);
        assertThat(calls.login(session, Ck.CKU_USER, "1234")).isEqualTo(Ck.CKR_OK);
        long key = calls.findOne(session, Ck.CKA_CLASS, Ck.CKO_PRIVATE_KEY, Ck.CKA_ID, new byte[] {0x45});
        assertThat(calls.attribute(session, key, Ck.CKA_DECRYPT)).containsExactly(0);
        assertThat(p11.call("C_DecryptInit", session, calls.mechanism(Ck.CKM_SHA256), key)).isEqualTo(Ck.CKR_MECHANISM_INVALID);
        assertThat(p11.call("C_DecryptInit", session, calls.mechanism(Ck.CKM_RSA_PKCS), key)).isEqualTo(Ck.CKR_KEY_FUNCTION_NOT_PERMITTED);
        MemorySegment length = calls.ulong(0);
        assertThat(p11.call("C_Decrypt", session, arena.allocate(8), 8L, NULL, length)).isEqualTo(Ck.CKR_OPERATION_NOT_INITIALIZED);
    }

    /** C_GetInfo and the 3.0 interface say what the module is; random bytes come from the JDK's SecureRandom. */
    @Test
    void theModuleDescribesItselfAndGivesRandomBytes() throws Throwable {
        initialize();
        long session = calls.openSession(0);
        MemorySegment a = arena.allocate(32);
        MemorySegment b = arena.allocate(32);
        assertThat(p11.call("C_GenerateRandom", session, a, 32L)).isEqualTo(Ck.CKR_OK);
        assertThat(p11.call("C_GenerateRandom", session, b, 32L)).isEqualTo(Ck.CKR_OK);
        assertThat(a.toArray(JAVA_BYTE)).isNotEqualTo(b.toArray(JAVA_BYTE)).isNotEqualTo(new byte[32]);
        assertThat(p11.call("C_GenerateRandom", session, NULL, 0L)).isEqualTo(Ck.CKR_OK);

        assertThat(p11.version()).isEqualTo("2.40");
        MemorySegment info = arena.allocate(Layouts.CK_INFO);
        assertThat(p11.call("C_GetInfo", info)).isEqualTo(Ck.CKR_OK);
        assertThat(info.get(JAVA_BYTE, 0)).isEqualTo((byte) 2);
        assertThat(info.get(JAVA_BYTE, 1)).isEqualTo((byte) 40);
        assertThat(new String(info.asSlice(2, 32).toArray(JAVA_BYTE), StandardCharsets.UTF_8).strip()).isEqualTo("eid4j");

        // PKCS#11 3.0 discovery finds the same v2.40 list.
        MemorySegment count = calls.ulong(0);
        assertThat((long) p11.exported("C_GetInterfaceList", FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS))
                .invokeExact(NULL, count)).isEqualTo(Ck.CKR_OK);
        assertThat(count.get(JAVA_LONG, 0)).isEqualTo(1);
        MemorySegment holder = arena.allocate(ADDRESS);
        assertThat((long) p11.exported("C_GetInterface", FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG))
                .invokeExact(arena.allocateFrom("PKCS 11"), NULL, holder, 0L)).isEqualTo(Ck.CKR_OK);
        MemorySegment iface = holder.get(ADDRESS, 0).reinterpret(24);
        assertThat(iface.get(ADDRESS, 0).reinterpret(8).getString(0)).isEqualTo("PKCS 11");
        assertThat((long) p11.exported("C_GetInterface", FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG))
                .invokeExact(arena.allocateFrom("Vendor"), NULL, holder, 0L)).isEqualTo(Ck.CKR_ARGUMENTS_BAD);
    }

    /** An unsigned maximum beyond any Java int still means "as many as there are". */
    @Test
    void aHugeMaximumFindsEveryObject() {
        initialize();
        long session = calls.openSession(0);
        assertThat(p11.call("C_FindObjectsInit", session, NULL, 0L)).isEqualTo(Ck.CKR_OK);
        MemorySegment count = calls.ulong(0);
        assertThat(p11.call("C_FindObjects", session, arena.allocate(JAVA_LONG, 16), -1L, count)).isEqualTo(Ck.CKR_OK);
        assertThat(count.get(JAVA_LONG, 0)).isEqualTo(4); // certificate and public key 45, two CA certificates
        assertThat(p11.call("C_FindObjectsFinal", session)).isEqualTo(Ck.CKR_OK);
    }
}
