package io.github.eid4j.card.fineid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.eid4j.apdu.HashAlgorithm;
import io.github.eid4j.apdu.emulator.IsoTestProfile;
import io.github.eid4j.apdu.emulator.NonVolatileMemory;
import io.github.eid4j.apdu.emulator.Personalisation;
import io.github.eid4j.apdu.emulator.VirtualCard;
import io.github.eid4j.apdu.emulator.VirtualCardProfile;
import io.github.eid4j.card.CardAccessException;
import io.github.eid4j.card.CardNotActivatedException;
import io.github.eid4j.card.EidCard;
import io.github.eid4j.card.EidCards;
import io.github.eid4j.card.EidException;
import io.github.eid4j.card.InProcessConnection;
import io.github.eid4j.card.KeyEntry;
import io.github.eid4j.card.KeyPurpose;
import io.github.eid4j.card.BlockedPinException;
import io.github.eid4j.card.PinFormatException;
import io.github.eid4j.card.WrongPinException;
import io.github.eid4j.card.PinInfo;
import io.github.eid4j.card.PinRequest;
import io.github.eid4j.card.ScriptedPins;
import io.github.eid4j.card.SignatureScheme;
import io.github.eid4j.testing.SilentCard;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.time.Duration;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import io.github.eid4j.card.ApduTrace;
import io.github.eid4j.card.CancelledPinEntryException;
import org.junit.jupiter.api.io.TempDir;
import io.github.eid4j.card.iso.FileCache;
import io.github.eid4j.apdu.emulator.CardImage;
import io.github.eid4j.apdu.emulator.CardSettings;
import io.github.eid4j.apdu.emulator.DedicatedFile;
import io.github.eid4j.apdu.emulator.ElementaryFile;

/** The FINEID driver against both virtual generations, in-process, through the T=0 transport stack. */
class FineidDriverTest {
    private static final byte[] DOCUMENT = "Allekirjoitettava asiakirja".getBytes(StandardCharsets.UTF_8);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Personalising generates keys; each generation is personalised once per activation state and copied per test. */
    private static final Map<String, Personalisation> CARDS = new ConcurrentHashMap<>();

    @RegisterExtension
    final ApduTrace trace = new ApduTrace();

    /** A fresh card OS over a new personalisation, opened through the driver. */
    static EidCard open(VirtualCardProfile profile, boolean activated) throws EidException {
        Personalisation p = profile.personalise(activated, RANDOM);
        VirtualCard card = new VirtualCard(p.image(), NonVolatileMemory.NONE);
        if (!activated) {
            CARDS.put(profile.name(), p);
        }
        return EidCards.open(new InProcessConnection(card, true, "test card", () -> { }));
    }

    static String activationCode(VirtualCardProfile profile) {
        return new String(CARDS.get(profile.name()).letter().get("Activation code"));
    }

    private static byte[] sha(String algorithm) throws Exception {
        return MessageDigest.getInstance(algorithm).digest(DOCUMENT);
    }

    private static boolean verifies(String algorithm, java.security.PublicKey key, byte[] signature, java.security.Provider provider)
            throws Exception {
        Signature v = provider == null ? Signature.getInstance(algorithm) : Signature.getInstance(algorithm, provider);
        v.initVerify(key);
        v.update(DOCUMENT);
        return v.verify(signature);
    }

    private String traceText() {
        return trace.text();
    }

    @Test
    void v4OpensWithItsKeysCertificatesAndChain() throws Exception {
        try (EidCard card = open(new FineidVirtualCard.V4(), true)) {
            assertThat(card.identity().profile()).isEqualTo("FINEID");
            assertThat(card.identity().version()).isEqualTo("v4.0");
            KeyEntry auth = card.key(KeyPurpose.AUTHENTICATION).orElseThrow();
            // Named by what every card has: its authentication certificate's serial number.
            assertThat(card.identity().serial()).isEqualTo(auth.certificate().getSerialNumber().toString());
            KeyEntry sign = card.key(KeyPurpose.SIGNATURE).orElseThrow();
            assertThat(auth.algorithm()).isEqualTo("EC");
            assertThat(auth.sizeBits()).isEqualTo(384);
            assertThat(auth.pin().label()).isEqualTo("PIN1");
            assertThat(sign.sizeBits()).isEqualTo(384);
            assertThat(sign.pin().label()).isEqualTo("PIN2");
            assertThat(sign.certificate().getKeyUsage()[1]).as("nonRepudiation").isTrue();
            assertThat(card.caCertificates()).hasSize(2);
            PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(card.caCertificates().get(1), null)));
            params.setRevocationEnabled(false);
            CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509")
                    .generateCertPath(List.of(auth.certificate(), card.caCertificates().get(0))), params);
            assertThat(card.pins()).extracting(PinInfo::label).containsExactly("PIN1", "PIN2", "PUK");
            assertThat(card.status(card.pins().get(0)).describe()).isEqualTo("5 of 5 tries left");
        }
        String t = traceText();
        assertThat(t).contains("> 00 A4 04 0C 0C A0 00 00 00 63 50 4B 43 53 2D 31 35");
        // T=0: the SELECT goes as case 3 and its FCP comes behind 61xx; the certificate in chunks of 0xB5.
        assertThat(t).contains("> 00 A4 08 04 02 43 31\n< 61 06").contains("> 00 C0 00 00 06\n< 62 04 81 02");
        assertThat(t).contains("> 00 B0 00 00 00").contains("> 00 B0 00 B5 00").contains("> 00 B0 01 6A 00");
        assertThat(t).contains("> 00 CB 00 FF 05 A0 03 83 01 11\n< 61 25");
    }

    @Test
    void v4SignsWithTheRecordedSequence() throws Exception {
        try (EidCard card = open(new FineidVirtualCard.V4(), true)) {
            KeyEntry auth = card.key(KeyPurpose.AUTHENTICATION).orElseThrow();
            ScriptedPins pins = ScriptedPins.answering(FineidVirtualCard.TEST_PIN1);
            byte[] rs = card.sign(auth, SignatureScheme.ECDSA, HashAlgorithm.SHA384, sha("SHA-384"), pins);
            assertThat(rs).hasSize(96);
            assertThat(verifies("SHA384withECDSAinP1363Format", auth.publicKey(), rs, null)).isTrue();
            assertThat(verifies("SHA384withPLAIN-ECDSA", auth.publicKey(), rs, new BouncyCastleProvider())).isTrue();
            assertThat(pins.asked).extracting(PinRequest::prompt).containsExactly("PIN1 (authentication), 5 tries left");

            // The card remembers PIN1: a second login signature asks nothing; SHA-256 is padded to 48 bytes.
            byte[] rs256 = card.sign(auth, SignatureScheme.ECDSA, HashAlgorithm.SHA256, sha("SHA-256"), ScriptedPins.answering());
            assertThat(verifies("SHA256withECDSAinP1363Format", auth.publicKey(), rs256, null)).isTrue();
        }
        String t = traceText();
        assertThat(t).doesNotContain("< 69 82").as("PIN1 verified before the key's first use, not after a refusal");
        assertThat(t).contains("> 00 20 00 11 0C [12 bytes redacted]").doesNotContain("31 32 33 34");
        assertThat(t).contains("> 00 22 41 B6 06 80 01 54 84 01 01").contains("> 00 2A 90 A0 32 90 30");
    }

    /**
     * Commands the driver sends since the trace's last look, as SCardTransmit on a T=1 reader
     * would count them: the virtual card speaks T=0, whose GET RESPONSEs are left out.
     */
    private int commandsSince(int[] mark) {
        int n = 0;
        for (int i = mark[0]; i < trace.lines().size(); i++) {
            String line = trace.lines().get(i);
            n += line.startsWith("> ") && !line.startsWith("> 00 C0") ? 1 : 0;
        }
        mark[0] = trace.lines().size();
        return n;
    }

    /**
     * The fewest APDUs per operation (issue 11; other middleware's counts): opening reads the
     * application and the authentication certificate only (SELECT AID, SELECT EF, one READ BINARY
     * per 0xB5 bytes); a PIN's state is one APDU; an authentication signature is VERIFY, MSE,
     * HASH, CDS once the PIN's state is known (one GET DATA more on a connection that never asked
     * it, to show the tries left in the prompt), and MSE, HASH, CDS while PIN1 stays verified; a
     * qualified signature is VERIFY, MSE, HASH, CDS after the first.
     */
    @Test
    void eachOperationSendsTheFewestApdus() throws Exception {
        int[] mark = {trace.lines().size()};
        try (EidCard card = open(new FineidVirtualCard.V4(), true)) {
            KeyEntry auth = card.key(KeyPurpose.AUTHENTICATION).orElseThrow();
            int reads = (auth.certificate().getEncoded().length + Fineid.READ_CHUNK - 1) / Fineid.READ_CHUNK;
            assertThat(commandsSince(mark)).as("open").isEqualTo(2 + reads);
            card.status(FineidCard.PIN1);
            assertThat(commandsSince(mark)).as("PIN tries").isEqualTo(1);
            ScriptedPins pins = ScriptedPins.answering(FineidVirtualCard.TEST_PIN1, FineidVirtualCard.TEST_PIN2, FineidVirtualCard.TEST_PIN2);
            card.sign(auth, SignatureScheme.ECDSA, HashAlgorithm.SHA384, sha("SHA-384"), pins);
            assertThat(commandsSince(mark)).as("authentication signature, PIN state known").isEqualTo(4);
            card.sign(auth, SignatureScheme.ECDSA, HashAlgorithm.SHA384, sha("SHA-384"), pins);
            assertThat(commandsSince(mark)).as("authentication signature, PIN1 verified").isEqualTo(3);
            KeyEntry sign = card.key(KeyPurpose.SIGNATURE).orElseThrow();
            commandsSince(mark); // the signature certificate, read when first wanted
            card.sign(sign, SignatureScheme.ECDSA, HashAlgorithm.SHA384, sha("SHA-384"), pins);
            assertThat(commandsSince(mark)).as("first qualified signature").isEqualTo(5);
            card.sign(sign, SignatureScheme.ECDSA, HashAlgorithm.SHA384, sha("SHA-384"), pins);
            assertThat(commandsSince(mark)).as("qualified signature").isEqualTo(4);
        }
        try (EidCard card = open(new FineidVirtualCard.V4(), true)) {
            commandsSince(mark);
            card.sign(card.key(KeyPurpose.AUTHENTICATION).orElseThrow(), SignatureScheme.ECDSA, HashAlgorithm.SHA384, sha("SHA-384"),
                    ScriptedPins.answering(FineidVirtualCard.TEST_PIN1));
            assertThat(commandsSince(mark)).as("first authentication signature on a new connection").isEqualTo(5);
        }
    }

    /**
     * PKCS#11's C_Login(CKU_CONTEXT_SPECIFIC) verifies PIN2 right before C_Sign; that verification
     * serves the signature (MSE, HASH, CDS; no second VERIFY, no second PIN asked), and only that
     * one: the next signature asks PIN2 again. PIN1, which guards the authentication key, never
     * stands in for a qualified signature's own VERIFY.
     */
    @Test
    void aSignaturePinVerifiedJustBeforeServesThatSignatureOnly() throws Exception {
        try (EidCard card = open(new FineidVirtualCard.V4(), true)) {
            KeyEntry sign = card.key(KeyPurpose.SIGNATURE).orElseThrow();
            card.status(FineidCard.PIN2);
            card.verify(FineidCard.PIN2, ScriptedPins.answering(FineidVirtualCard.TEST_PIN2));
            int[] mark = {trace.lines().size()};
            card.sign(sign, SignatureScheme.ECDSA, HashAlgorithm.SHA384, sha("SHA-384"), ScriptedPins.answering());
            assertThat(commandsSince(mark)).as("signature right after VERIFY").isEqualTo(3);
            card.sign(sign, SignatureScheme.ECDSA, HashAlgorithm.SHA384, sha("SHA-384"),
                    ScriptedPins.answering(FineidVirtualCard.TEST_PIN2));
            assertThat(commandsSince(mark)).as("the next signature").isEqualTo(4);
            card.verify(FineidCard.PIN1, ScriptedPins.answering(FineidVirtualCard.TEST_PIN1));
            assertThatThrownBy(() -> card.sign(sign, SignatureScheme.ECDSA, HashAlgorithm.SHA384, sha("SHA-384"),
                    ScriptedPins.answering())).isInstanceOf(CancelledPinEntryException.class);
        }
    }

    /**
     * A program's second start reads no certificate: the card's files are kept in the user's cache
     * folder, named by the authentication certificate's first READ BINARY, so opening the same
     * card again costs SELECT AID, SELECT EF and one READ BINARY, and its keys and CA
     * certificates none. The folder is the user's only; a corrupt cache file is ignored and
     * written anew from what the card gives.
     */
    @Test
    void aSecondStartReadsNoCertificate(@TempDir java.nio.file.Path cacheHome) throws Exception {
        String before = System.getProperty(FileCache.PROPERTY);
        System.setProperty(FileCache.PROPERTY, cacheHome.resolve("eid4j").toString());
        try {
            Personalisation p = new FineidVirtualCard.V4().personalise(true, RANDOM);
            int[] mark = {trace.lines().size()};
            List<KeyEntry> first;
            List<X509Certificate> firstCas;
            try (EidCard card = EidCards.open(new InProcessConnection(new VirtualCard(p.image(), NonVolatileMemory.NONE), true, "first start", () -> { }))) {
                first = card.keys();
                firstCas = card.caCertificates();
            }
            assertThat(commandsSince(mark)).as("first start").isGreaterThan(10);
            try (EidCard card = EidCards.open(new InProcessConnection(new VirtualCard(p.image(), NonVolatileMemory.NONE), true, "second start", () -> { }))) {
                assertThat(card.keys()).isEqualTo(first);
                assertThat(card.caCertificates()).isEqualTo(firstCas).hasSize(2);
            }
            assertThat(commandsSince(mark)).as("second start: SELECT AID, SELECT EF, READ BINARY").isEqualTo(3);

            java.nio.file.Path folder = cacheHome.resolve("eid4j");
            assertThat(java.nio.file.Files.getPosixFilePermissions(folder)).isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
            List<java.nio.file.Path> kept;
            try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(folder)) {
                kept = files.toList();
            }
            assertThat(kept).hasSize(1);
            assertThat(java.nio.file.Files.getPosixFilePermissions(kept.get(0))).isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));

            java.nio.file.Files.writeString(kept.get(0), "43 31 not hex at all\n");
            try (EidCard card = EidCards.open(new InProcessConnection(new VirtualCard(p.image(), NonVolatileMemory.NONE), true, "corrupt cache", () -> { }))) {
                assertThat(card.keys()).isEqualTo(first);
                assertThat(card.caCertificates()).isEqualTo(firstCas);
            }
            assertThat(commandsSince(mark)).as("a corrupt cache is read from the card").isGreaterThan(10);
            try (EidCard card = EidCards.open(new InProcessConnection(new VirtualCard(p.image(), NonVolatileMemory.NONE), true, "rewritten cache", () -> { }))) {
                assertThat(card.keys()).isEqualTo(first);
            }
            assertThat(commandsSince(mark)).as("and written anew").isEqualTo(3);
        } finally {
            if (before == null) {
                System.clearProperty(FileCache.PROPERTY);
            } else {
                System.setProperty(FileCache.PROPERTY, before);
            }
        }
    }

    @Test
    void theSignatureKeyNeedsPin2ForEverySignature() throws Exception {
        try (EidCard card = open(new FineidVirtualCard.V4(), true)) {
            KeyEntry sign = card.key(KeyPurpose.SIGNATURE).orElseThrow();
            ScriptedPins pins = ScriptedPins.answering(FineidVirtualCard.TEST_PIN2, FineidVirtualCard.TEST_PIN2);
            for (int i = 0; i < 2; i++) {
                byte[] rs = card.sign(sign, SignatureScheme.ECDSA, HashAlgorithm.SHA384, sha("SHA-384"), pins);
                assertThat(verifies("SHA384withECDSAinP1363Format", sign.publicKey(), rs, null)).isTrue();
            }
            assertThat(pins.asked).hasSize(2).allMatch(r -> r.pin().label().equals("PIN2"));
        }
        assertThat(traceText()).contains("> 00 22 41 B6 06 80 01 54 84 01 02");
    }

    @Test
    void v3SignsWithPkcs1PssAndEcdsaAndDecrypts() throws Exception {
        try (EidCard card = open(new FineidVirtualCard.V3(), true)) {
            assertThat(card.identity().version()).isEqualTo("v3.1");
            KeyEntry auth = card.key(KeyPurpose.AUTHENTICATION).orElseThrow();
            assertThat(auth.algorithm()).isEqualTo("RSA");
            assertThat(auth.sizeBits()).isEqualTo(2048);
            ScriptedPins pins = ScriptedPins.answering(FineidVirtualCard.TEST_PIN1);
            byte[] pkcs1 = card.sign(auth, SignatureScheme.RSA_PKCS1, HashAlgorithm.SHA256, sha("SHA-256"), pins);
            assertThat(verifies("SHA256withRSA", auth.publicKey(), pkcs1, null)).isTrue();
            assertThat(verifies("SHA256withRSA", auth.publicKey(), pkcs1, new BouncyCastleProvider())).isTrue();

            byte[] pss = card.sign(auth, SignatureScheme.RSA_PSS, HashAlgorithm.SHA256, sha("SHA-256"), pins);
            Signature v = Signature.getInstance("RSASSA-PSS");
            v.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
            v.initVerify(auth.publicKey());
            v.update(DOCUMENT);
            assertThat(v.verify(pss)).isTrue();

            Cipher c = Cipher.getInstance("RSA/ECB/PKCS1Padding");
            c.init(Cipher.ENCRYPT_MODE, auth.publicKey());
            assertThat(card.decrypt(auth, c.doFinal(new byte[] {1, 2, 3, 4}), pins)).containsExactly(1, 2, 3, 4);

            KeyEntry sign = card.key(KeyPurpose.SIGNATURE).orElseThrow();
            assertThat(sign.sizeBits()).isEqualTo(256);
            byte[] rs = card.sign(sign, SignatureScheme.ECDSA, HashAlgorithm.SHA256, sha("SHA-256"),
                    ScriptedPins.answering(FineidVirtualCard.TEST_PIN2));
            assertThat(verifies("SHA256withECDSAinP1363Format", sign.publicKey(), rs, null)).isTrue();
            assertThat(pins.asked).as("PIN1 once for the whole session").hasSize(1);
        }
        String t = traceText();
        assertThat(t).contains("> 00 22 41 B6 06 80 01 42 84 01 01").contains("> 00 22 41 B6 06 80 01 45 84 01 01")
                .contains("> 00 2A 90 A0 22 90 20").contains("> 00 22 41 B6 06 80 01 44 84 01 03")
                .contains("> 00 22 41 B8 06 80 01 1A 84 01 01").contains("> 10 2A 80 86 FF 00");
        assertThat(t).as("the deciphered data stays out of the trace").doesNotContain("01 02 03 04 90 00");
    }

    @Test
    void v4AgreesOnKeysWithEcdhAndRefusesWhatItCannotDo() throws Exception {
        try (EidCard card = open(new FineidVirtualCard.V4(), true)) {
            KeyEntry auth = card.key(KeyPurpose.AUTHENTICATION).orElseThrow();
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp384r1"));
            KeyPair peer = g.generateKeyPair();
            ECPublicKey pub = (ECPublicKey) peer.getPublic();
            byte[] point = new byte[97];
            point[0] = 4;
            System.arraycopy(unsigned(pub.getW().getAffineX(), 48), 0, point, 1, 48);
            System.arraycopy(unsigned(pub.getW().getAffineY(), 48), 0, point, 49, 48);
            byte[] shared = card.deriveEcdh(auth, point, ScriptedPins.answering(FineidVirtualCard.TEST_PIN1));
            KeyAgreement ka = KeyAgreement.getInstance("ECDH");
            ka.init(peer.getPrivate());
            ka.doPhase(auth.publicKey(), true);
            assertThat(shared).isEqualTo(ka.generateSecret());
            assertThatThrownBy(() -> card.sign(auth, SignatureScheme.RSA_PSS, HashAlgorithm.SHA256, sha("SHA-256"), ScriptedPins.answering()))
                    .isInstanceOf(EidException.class).hasMessage("The authentication key of this card (EC) cannot make RSA_PSS signatures.");
            assertThatThrownBy(() -> card.decrypt(auth, new byte[96], ScriptedPins.answering()))
                    .hasMessage("The authentication key of this card cannot decrypt.");
        }
    }

    private static byte[] unsigned(java.math.BigInteger v, int n) {
        byte[] b = v.toByteArray();
        byte[] out = new byte[n];
        int len = Math.min(b.length, n);
        System.arraycopy(b, b.length - len, out, n - len, len);
        return out;
    }

    @Test
    void wrongPinsCountDownBlockAndThePukUnblocks() throws Exception {
        try (EidCard card = open(new FineidVirtualCard.V4(), true)) {
            PinInfo pin1 = card.pins().get(0);
            assertThatThrownBy(() -> card.verify(pin1, ScriptedPins.answering("123")))
                    .isInstanceOf(PinFormatException.class).hasMessage("PIN1 must be 4 to 8 digits.");
            assertThat(card.status(pin1).triesLeft()).as("no try spent on a malformed PIN").isEqualTo(5);
            for (int left = 4; left >= 1; left--) {
                int expected = left;
                assertThatThrownBy(() -> card.verify(pin1, ScriptedPins.answering("9999")))
                        .isInstanceOfSatisfying(WrongPinException.class, e -> assertThat(e.triesLeft()).isEqualTo(expected));
            }
            assertThatThrownBy(() -> card.verify(pin1, ScriptedPins.answering("9999")))
                    .isInstanceOf(BlockedPinException.class)
                    .hasMessage("PIN1 is blocked; unblock it with 'eid unblock pin1' and the PUK (activation code) from your letter.");
            assertThat(card.status(pin1).isBlocked()).isTrue();
            ScriptedPins asked = ScriptedPins.answering("1234");
            assertThatThrownBy(() -> card.verify(pin1, asked)).isInstanceOf(BlockedPinException.class);
            assertThat(asked.asked).as("a blocked PIN is not even asked for").isEmpty();

            assertThatThrownBy(() -> card.unblockPin(pin1, ScriptedPins.answering("00000000", "4321", "4321")))
                    .isInstanceOfSatisfying(WrongPinException.class, e -> assertThat(e.pin()).isEqualTo("PUK"));
            card.unblockPin(pin1, ScriptedPins.answering(FineidVirtualCard.TEST_PUK, "4321", "4321"));
            card.verify(pin1, ScriptedPins.answering("4321"));
            assertThat(card.status(card.pins().get(2)).triesLeft()).isEqualTo(5);
        }
    }

    @Test
    void changingAPinChecksTheRulesAndTheRepeat() throws Exception {
        try (EidCard card = open(new FineidVirtualCard.V4(), true)) {
            PinInfo pin2 = card.pins().get(1);
            assertThatThrownBy(() -> card.changePin(pin2, ScriptedPins.answering(FineidVirtualCard.TEST_PIN2, "1234", "1234")))
                    .isInstanceOf(PinFormatException.class).hasMessage("PIN2 must be 6 to 8 digits.");
            assertThatThrownBy(() -> card.changePin(pin2, ScriptedPins.answering(FineidVirtualCard.TEST_PIN2, "654321", "654320")))
                    .isInstanceOf(PinFormatException.class).hasMessage("The two new PIN2 entries differ; nothing was changed.");
            assertThat(card.status(pin2).triesLeft()).isEqualTo(5);
            card.changePin(pin2, ScriptedPins.answering(FineidVirtualCard.TEST_PIN2, "654321", "654321"));
            assertThatThrownBy(() -> card.verify(pin2, ScriptedPins.answering(FineidVirtualCard.TEST_PIN2)))
                    .isInstanceOf(WrongPinException.class).hasMessage("Wrong PIN2: 4 tries left before it is blocked.");
            card.verify(pin2, ScriptedPins.answering("654321"));
        }
        assertThat(traceText()).contains("> 00 24 00 82 18 [24 bytes redacted]");
    }

    @Test
    void aNewCardIsActivatedWithTheCodeFromItsLetter() throws Exception {
        FineidVirtualCard.V3 profile = new FineidVirtualCard.V3();
        try (EidCard card = open(profile, false)) {
            assertThat(card.needsActivation()).isTrue();
            assertThat(card.status(card.pins().get(0)).describe()).isEqualTo("not activated");
            KeyEntry auth = card.key(KeyPurpose.AUTHENTICATION).orElseThrow();
            assertThatThrownBy(() -> card.sign(auth, SignatureScheme.RSA_PKCS1, HashAlgorithm.SHA256, sha("SHA-256"), ScriptedPins.answering("1234")))
                    .isInstanceOf(CardNotActivatedException.class)
                    .hasMessage("PIN1 is not set yet: activate the card first with 'eid activate' and the activation code from your letter.");
            ScriptedPins user = ScriptedPins.answering(activationCode(profile), "2468", "2468", "135790", "135790");
            card.activate(user);
            assertThat(user.allUsed()).isTrue();
            assertThat(user.asked).extracting(PinRequest::prompt).containsExactly(
                    "Activation code from your letter, 5 tries left", "New PIN1 (authentication)", "New PIN1 (authentication) again",
                    "New PIN2 (signature)", "New PIN2 (signature) again");
            assertThat(card.needsActivation()).isFalse();
            byte[] sig = card.sign(auth, SignatureScheme.RSA_PKCS1, HashAlgorithm.SHA256, sha("SHA-256"), ScriptedPins.answering("2468"));
            assertThat(verifies("SHA256withRSA", auth.publicKey(), sig, null)).isTrue();
            assertThatThrownBy(() -> card.activate(ScriptedPins.answering()))
                    .hasMessage("The card is already activated; to change a PIN use 'eid change-pin'.");
        }
        assertThat(traceText()).contains("> 00 2C 00 11 18 [24 bytes redacted]").contains("> 00 2C 00 82 18 [24 bytes redacted]");
    }

    @Test
    void aWrongActivationCodeCostsACodeTryAndSetsNothing() throws Exception {
        FineidVirtualCard.V4 profile = new FineidVirtualCard.V4();
        try (EidCard card = open(profile, false)) {
            assertThatThrownBy(() -> card.activate(ScriptedPins.answering("00000000", "2468", "2468")))
                    .isInstanceOfSatisfying(WrongPinException.class, e -> assertThat(e.triesLeft()).isEqualTo(4));
            assertThat(card.needsActivation()).isTrue();
            assertThat(card.status(card.pins().get(2)).triesLeft()).isEqualTo(4);
        }
    }

    @Test
    void otherCardsAreNotTakenForFineid() throws Exception {
        VirtualCard iso = new VirtualCard(new IsoTestProfile().personalise(true, RANDOM).image(), NonVolatileMemory.NONE);
        assertThatThrownBy(() -> EidCards.open(new InProcessConnection(iso, false, "iso card", () -> { })))
                .isInstanceOfSatisfying(CardAccessException.class, e -> assertThat(e.reason()).isEqualTo(CardAccessException.Reason.UNSUPPORTED_CARD))
                .hasMessageStartingWith("The card in iso card is not a card eid4j supports (ATR 3B 8A");
        // A FINEID ATR alone is not enough: the application must answer its AID.
        CardImage image = new CardImage(
                CardSettings.builder(FineidVersion.V4_0.atr()).t0(true).build(),
                DedicatedFile.masterFile());
        VirtualCard impostor = new VirtualCard(image, NonVolatileMemory.NONE);
        assertThatThrownBy(() -> EidCards.open(new InProcessConnection(impostor, true, "impostor", () -> { })))
                .isInstanceOfSatisfying(CardAccessException.class, e -> assertThat(e.reason()).isEqualTo(CardAccessException.Reason.UNSUPPORTED_CARD));
    }

    @Test
    void keysComeFromTheRecordedPathsWithoutThePkcs15Directories() throws Exception {
        Personalisation p = new FineidVirtualCard.V4().personalise(true, RANDOM);
        ElementaryFile odf =
                (ElementaryFile) p.image().masterFile().child(0x5031);
        // An ODF that lists only the CA certificates: the keys are at 43 31 and 50 16 43 32 all the same.
        odf.setContent(io.github.eid4j.card.pkcs15.Odf.of(new io.github.eid4j.card.pkcs15.Odf.Entry(
                io.github.eid4j.card.pkcs15.DirectoryKind.TRUSTED_CERTIFICATES, io.github.eid4j.card.pkcs15.Path.ofHex("3F004404"))).encode());
        VirtualCard virtual = new VirtualCard(p.image(), NonVolatileMemory.NONE);
        try (EidCard card = EidCards.open(new InProcessConnection(virtual, true, "no PrKDF", () -> { }))) {
            assertThat(card.keys()).extracting(KeyEntry::purpose).containsExactly(KeyPurpose.AUTHENTICATION, KeyPurpose.SIGNATURE);
            assertThat(card.caCertificates()).hasSize(2);
            KeyEntry sign = card.key(KeyPurpose.SIGNATURE).orElseThrow();
            assertThat(sign.reference()).isEqualTo(2);
            byte[] rs = card.sign(sign, SignatureScheme.ECDSA, HashAlgorithm.SHA384, sha("SHA-384"),
                    ScriptedPins.answering(FineidVirtualCard.TEST_PIN2));
            assertThat(verifies("SHA384withECDSAinP1363Format", sign.publicKey(), rs, null)).isTrue();
        }
        try (EidCard card = open(new FineidVirtualCard.V4(), true)) {
            assertThat(card.keys()).extracting(KeyEntry::label).containsExactly("todentamis- ja salausavain", "allekirjoitusavain");
        }
        assertThat(traceText()).doesNotContain("> 00 A4 08 04 02 44 02").doesNotContain("> 00 A4 08 04 02 50 32")
                .as("neither the PrKDF nor EF.TokenInfo is needed to use the keys");
    }

    /**
     * A card that stops answering in the middle of a signature: the driver's caller gets one
     * sentence within the time limit, and the card is given up, not waited for.
     */
    @Test
    void aCardThatStopsAnsweringDuringASignatureIsReportedWithinTheTimeLimit() throws Exception {
        Personalisation p = new FineidVirtualCard.V4().personalise(true, RANDOM);
        try (SilentCard silent = new SilentCard(new VirtualCard(p.image(), NonVolatileMemory.NONE)).silenceAt(0x2A);
                EidCard card = EidCards.open(new InProcessConnection(silent, true, "virtual card 'v4'", () -> { }, Duration.ofMillis(500)))) {
            KeyEntry sign = card.key(KeyPurpose.SIGNATURE).orElseThrow();
            long start = System.nanoTime();
            assertThatThrownBy(() -> card.sign(sign, SignatureScheme.ECDSA, HashAlgorithm.SHA384, sha("SHA-384"),
                    ScriptedPins.answering(FineidVirtualCard.TEST_PIN2)))
                    .isInstanceOfSatisfying(CardAccessException.class, e -> {
                        assertThat(e.reason()).isEqualTo(CardAccessException.Reason.NO_ANSWER);
                        assertThat(e.getMessage()).isEqualTo("The virtual card 'v4' did not answer within 500 ms.");
                    });
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            PinInfo pin2 = card.pins().get(1);
            assertThatThrownBy(() -> card.status(pin2)).isInstanceOfSatisfying(CardAccessException.class,
                    e -> assertThat(e.reason()).isEqualTo(CardAccessException.Reason.NO_ANSWER));
        }
    }
}
