package io.github.eid4j.pkcs11;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.github.eid4j.apdu.emulator.VirtualCards;
import io.github.eid4j.apdu.vpcd.VpcdBridge;
import io.github.eid4j.card.fineid.FineidVirtualCard;
import io.github.eid4j.testing.MarkedPin;
import io.github.eid4j.testing.Pcscd;
import io.github.eid4j.testing.PinResidue;
import java.io.ByteArrayInputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * What {@link PinResidueIT} runs in a JVM that keeps all its garbage, as a C application would
 * call the module (FFM downcalls; the module joins this JVM): C_SetPIN gives PIN1 a marked value,
 * C_Login(CKU_SO) with the PUK and C_InitPIN give PIN2 another; then C_Login and three signatures
 * with the authentication key, and C_Login and three signatures with the signature key, each
 * after its C_Login(CKU_CONTEXT_SPECIFIC); every signature is checked; C_Finalize; the heap is
 * dumped. The card is a virtual FINEID v4 card, in the module ("virtual") or in reader "Virtual
 * PCD 00 00" through pcscd, served from this JVM ("reader"), so both ends of the wire are in the heap.
 *
 * <p>Arguments: the dump file, "virtual" or "reader", a working folder with the card in home/.
 * System property eid4j.pkcs11.dist: the built module.
 */
public final class PinResidueScenario {
    private static final MarkedPin PIN1 = MarkedPin.PIN1;
    private static final MarkedPin PIN2 = MarkedPin.PIN2;
    static final String CARD = "pins";
    private static final int SIGNATURES = 3;
    private static final byte[] DOCUMENT = "Allekirjoitettava asiakirja".getBytes(StandardCharsets.UTF_8);
    private static final MemorySegment NULL = MemorySegment.NULL;

    private final NativeModule p11;
    private final Arena arena;
    private final Calls calls;

    private PinResidueScenario(NativeModule p11, Arena arena) {
        this.p11 = p11;
        this.arena = arena;
        this.calls = new Calls(p11, arena);
    }

    public static void main(String[] args) throws Throwable {
        try {
            boolean reader = args[1].equals("reader");
            Path dir = Path.of(args[2]);
            Path home = dir.resolve("home");
            Path folder = Files.createDirectories(dir.resolve("module"));
            Path so = Files.copy(Fixture.module(), folder.resolve("libeid4j-pkcs11.so"), StandardCopyOption.REPLACE_EXISTING);
            if (reader) {
                Fixture.writeConfig(folder.resolve("eid4j-pkcs11.conf"), home, List.of(), "readers = true");
                try (VirtualCards.OpenCard card = new VirtualCards(home).open(CARD);
                        VpcdBridge bridge = VpcdBridge.start(card.card(), Pcscd.PORT_0)) {
                    Pcscd.awaitReader(Pcscd.READER_0, r -> r.cardPresent(), "the card");
                    run(so);
                }
            } else {
                Fixture.writeConfig(folder.resolve("eid4j-pkcs11.conf"), home, List.of(CARD));
                run(so);
            }
        } finally {
            PinResidue.dumpHeap(Path.of(args[0]));
        }
    }

    private static void run(Path so) throws Throwable {
        NativeModule p11 = new NativeModule(so);
        try (Arena arena = Arena.ofConfined()) {
            new PinResidueScenario(p11, arena).useBothTokens();
        }
    }

    private void useBothTokens() throws Exception {
        ok("C_Initialize", p11.call("C_Initialize", NULL));
        try {
            long user = readWriteSession(0);
            try (Secret old = new Secret(FineidVirtualCard.TEST_PIN1); Secret fresh = new Secret(PIN1)) {
                ok("C_SetPIN", p11.call("C_SetPIN", user, old.value, old.length, fresh.value, fresh.length));
            }
            login(user, Ck.CKU_USER, PIN1);
            signThrice(user, "45", false);
            ok("C_Logout", p11.call("C_Logout", user));

            long so = readWriteSession(1);
            try (Secret puk = new Secret(FineidVirtualCard.TEST_PUK); Secret fresh = new Secret(PIN2)) {
                ok("C_Login(CKU_SO)", p11.call("C_Login", so, Ck.CKU_SO, puk.value, puk.length));
                ok("C_InitPIN", p11.call("C_InitPIN", so, fresh.value, fresh.length));
            }
            ok("C_Logout", p11.call("C_Logout", so));
            login(so, Ck.CKU_USER, PIN2);
            signThrice(so, "46", true);
            ok("C_Logout", p11.call("C_Logout", so));
        } finally {
            p11.call("C_Finalize", NULL);
        }
    }

    private long readWriteSession(long slot) {
        MemorySegment handle = calls.ulong(0);
        ok("C_OpenSession", p11.call("C_OpenSession", slot, Ck.CKF_SERIAL_SESSION | Ck.CKF_RW_SESSION, NULL, NULL, handle));
        return handle.get(JAVA_LONG, 0);
    }

    private void login(long session, long userType, MarkedPin pin) {
        try (Secret secret = new Secret(pin)) {
            ok("C_Login", p11.call("C_Login", session, userType, secret.value, secret.length));
        }
    }

    private void signThrice(long session, String id, boolean contextLogin) throws Exception {
        byte[] keyId = {(byte) Integer.parseInt(id, 16)};
        long key = calls.findOne(session, Ck.CKA_CLASS, Ck.CKO_PRIVATE_KEY, Ck.CKA_ID, keyId);
        long cert = calls.findOne(session, Ck.CKA_CLASS, Ck.CKO_CERTIFICATE, Ck.CKA_ID, keyId);
        X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(calls.attribute(session, cert, Ck.CKA_VALUE)));
        for (int i = 0; i < SIGNATURES; i++) {
            ok("C_SignInit", p11.call("C_SignInit", session, calls.mechanism(Ck.CKM_ECDSA_SHA256), key));
            if (contextLogin) {
                login(session, Ck.CKU_CONTEXT_SPECIFIC, PIN2);
            }
            byte[] signature = calls.sign(session, DOCUMENT);
            Signature verifier = Signature.getInstance("SHA256withECDSAinP1363Format");
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(DOCUMENT);
            if (!verifier.verify(signature)) {
                throw new AssertionError("The key " + id + " made a signature that does not verify.");
            }
        }
    }

    private static void ok(String call, long rv) {
        if (rv != Ck.CKR_OK) {
            throw new AssertionError(call + " returned 0x" + Long.toHexString(rv));
        }
    }

    /** A PIN in the application's memory, as a C application holds it, zeroed after the call. */
    private final class Secret implements AutoCloseable {
        final MemorySegment value;
        final long length;

        Secret(MarkedPin pin) {
            value = arena.allocate(pin.length());
            for (int i = 0; i < pin.length(); i++) {
                value.set(JAVA_BYTE, i, pin.ascii(i));
            }
            length = pin.length();
        }

        /** A test value that is not looked for (the card's PIN before the change, the PUK). */
        Secret(String known) {
            value = arena.allocateFrom(known, StandardCharsets.US_ASCII);
            length = known.length();
        }

        @Override
        public void close() {
            value.fill((byte) 0);
        }
    }
}
