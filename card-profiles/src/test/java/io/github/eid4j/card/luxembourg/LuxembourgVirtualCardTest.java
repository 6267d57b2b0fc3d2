package io.github.eid4j.card.luxembourg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.eid4j.apdu.Hex;
import io.github.eid4j.apdu.emulator.CardFolder;
import io.github.eid4j.apdu.emulator.NonVolatileMemory;
import io.github.eid4j.apdu.emulator.Personalisation;
import io.github.eid4j.apdu.emulator.VirtualCard;
import io.github.eid4j.apdu.emulator.VirtualCards;
import io.github.eid4j.apdu.pace.CardAccess;
import io.github.eid4j.apdu.pace.Pace;
import io.github.eid4j.apdu.pace.PacePassword;
import io.github.eid4j.apdu.pace.WrongPacePasswordException;
import io.github.eid4j.apdu.sm.SecureMessaging;
import io.github.eid4j.apdu.transport.CardTransport;
import io.github.eid4j.apdu.transport.InProcessTransport;
import io.github.eid4j.apdu.transport.Transports;
import io.github.eid4j.card.pki.TestPki;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The virtual Luxembourg eID, spoken to in plain APDUs (scripted hex in, hex out) the way a host
 * drives an IAS Classic card: made by {@code VirtualCards} as {@code eid virtual create --profile
 * luxembourg [--activated]} makes it, reloaded from its folder for each test, and used through the
 * in-process transport.
 */
class LuxembourgVirtualCardTest {
    private static final String SELECT_IAS = "00A4040C 0C A00000001840000001634200";
    private static final String NEW_PIN = "97531864";
    private static final byte[] DOCUMENT = "Dokument fir z'ënnerschreiwen".getBytes(StandardCharsets.UTF_8);

    @TempDir
    static Path home;
    private static String deliveredPin;
    private static String deliveredPuk;
    private static String deliveredCan;

    private InProcessTransport plain;
    /** The card after PACE with its CAN: every command under secure messaging. */
    private CardTransport card;
    private int maxRead;

    /** One card of each state, personalised once: RSA keys take seconds. */
    @BeforeAll
    static void createCards() throws Exception {
        VirtualCards cards = new VirtualCards(home);
        Personalisation delivered = cards.create("delivered", "luxembourg", false);
        deliveredPin = new String(delivered.letter().get(LuxembourgVirtualCard.LETTER_PIN));
        deliveredPuk = new String(delivered.letter().get(LuxembourgVirtualCard.LETTER_PUK));
        deliveredCan = new String(delivered.letter().get(LuxembourgVirtualCard.PRINTED_CAN));
        assertThat(deliveredCan).matches("[0-9]{6}");
        delivered.wipe();
        Personalisation activated = cards.create("activated", "luxembourg", true);
        assertThat(activated.letter()).containsOnlyKeys(LuxembourgVirtualCard.LETTER_PIN, LuxembourgVirtualCard.LETTER_PUK,
                LuxembourgVirtualCard.PRINTED_CAN);
        assertThat(activated.letter().get(LuxembourgVirtualCard.PRINTED_CAN)).containsExactly(LuxembourgVirtualCard.TEST_CAN.toCharArray());
        activated.wipe();
    }

    /**
     * A fresh copy of the card as its folder holds it, opened by PACE with its CAN; what the test
     * does to it is not written back.
     */
    private void insert(String name) throws Exception {
        insertWithoutPace(name);
        String can = name.equals("delivered") ? deliveredCan : LuxembourgVirtualCard.TEST_CAN;
        CardTransport stack = Transports.standard(plain);
        try (PacePassword password = PacePassword.can(can.toCharArray())) {
            SecureMessaging session = Pace.establish(stack, CardAccess.parse(Pace.readCardAccess(stack)), password);
            maxRead = session.maxResponseData();
            card = Transports.secured(stack, session, false);
        }
    }

    private void insertWithoutPace(String name) throws Exception {
        VirtualCard virtual;
        try (CardFolder folder = CardFolder.open(new VirtualCards(home).folder(name))) {
            virtual = new VirtualCard(folder.image(), NonVolatileMemory.NONE);
        }
        plain = new InProcessTransport(virtual);
        card = plain;
    }

    @AfterEach
    void remove() {
        if (card != null) {
            card.close();
        }
    }

    private String send(String hex) throws Exception {
        return Hex.plain(card.transmit(Hex.decode(hex)));
    }

    private static String block(String digits) {
        byte[] b = new byte[Luxembourg.PIN_BLOCK];
        for (int i = 0; i < digits.length(); i++) {
            b[i] = (byte) digits.charAt(i);
        }
        return Hex.plain(b);
    }

    private static String verify(String pin) {
        return "00200011 0C" + block(pin);
    }

    private byte[] readFile(String fid) throws Exception {
        String fcp = send("00A40204 02 " + fid + " 00");
        assertThat(fcp).startsWith("62").endsWith("9000");
        byte[] answer = Hex.decode(fcp);
        int size = -1;
        for (int i = 2; i < answer.length - 3; i += 2 + (answer[i + 1] & 0xFF)) {
            if ((answer[i] & 0xFF) == 0x80) {
                size = ((answer[i + 2] & 0xFF) << 8) | (answer[i + 3] & 0xFF);
            }
        }
        byte[] content = new byte[size];
        for (int offset = 0; offset < size; ) {
            byte[] part = card.transmit(Hex.decode(String.format("00B0%04X %02X", offset, Math.min(maxRead, size - offset))));
            assertThat(Hex.plain(part)).endsWith("9000");
            int n = Math.min(part.length - 2, size - offset);
            System.arraycopy(part, 0, content, offset, n);
            offset += n;
        }
        return content;
    }

    private X509Certificate certificate(String fid) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(readFile(fid)));
    }

    /** MSE SET DST and PSO HASH with a SHA-256 digest, then PSO COMPUTE DIGITAL SIGNATURE, as for IAS Classic. */
    private String sign(int key) throws Exception {
        assertThat(send(String.format("002241B6 06 800142 8401%02X", key))).isEqualTo("9000");
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(DOCUMENT);
        assertThat(send("002A90A0 22 9020" + Hex.plain(digest))).isEqualTo("9000");
        return send("002A9E9A 00");
    }

    private static boolean verifies(X509Certificate certificate, String answer) throws Exception {
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(certificate.getPublicKey());
        verifier.update(DOCUMENT);
        return verifier.verify(Hex.decode(answer.substring(0, answer.length() - 4)));
    }

    @Test
    void isAContactlessCardWithTheTypeAAtrAndEfCardAccess() throws Exception {
        insertWithoutPace("activated");
        assertThat(plain.atr()).isEqualTo(Luxembourg.ATR_TYPE_A);
        assertThat(send("00B09C00 00")).as("EF.CardAccess by its short identifier")
                .isEqualTo(Hex.plain(Luxembourg.CARD_ACCESS) + "9000");
    }

    @Test
    void answersNothingButPaceWithoutSecureMessaging() throws Exception {
        insertWithoutPace("activated");
        assertThat(send(SELECT_IAS)).isEqualTo("6982");
        assertThat(send(verify(LuxembourgVirtualCard.TEST_PIN))).isEqualTo("6982");
        assertThat(send("00A40204 02 B001 00")).isEqualTo("6982");
    }

    @Test
    void aWrongCanOpensNothingAndSpendsNoPinTry() throws Exception {
        insertWithoutPace("activated");
        CardTransport stack = Transports.standard(plain);
        try (PacePassword wrong = PacePassword.can("000000".toCharArray())) {
            assertThatThrownBy(() -> Pace.establish(stack, CardAccess.parse(Pace.readCardAccess(stack)), wrong))
                    .isInstanceOf(WrongPacePasswordException.class)
                    .hasMessage("Wrong CAN: check the 6-digit number printed on the front of your card.");
        }
        card = null;
        plain.close();
        insert("activated");
        assertThat(send("00200011")).as("the PIN's tries are all there").isEqualTo("63C3");
    }

    @Test
    void certificatesAreReadableAndChainToTheLuxTrustShapedTestRoot() throws Exception {
        insert("delivered");
        assertThat(send(SELECT_IAS)).isEqualTo("9000");
        X509Certificate authentication = certificate("B001");
        X509Certificate signature = certificate("B002");
        X509Certificate issuing = certificate("B003");
        X509Certificate root = certificate("B004");

        assertThat(authentication.getKeyUsage()).containsExactly(true, false, true, false, false, false, false, false, false);
        assertThat(signature.getKeyUsage()).containsExactly(false, true, false, false, false, false, false, false, false);
        assertThat(((RSAPublicKey) authentication.getPublicKey()).getModulus().bitLength()).isEqualTo(2048);
        assertThat(((RSAPublicKey) signature.getPublicKey()).getModulus().bitLength()).isEqualTo(2048);
        assertThat(authentication.getIssuerX500Principal().getName()).startsWith("CN=" + TestPki.LUXTRUST_ISSUING_NAME + ",");
        assertThat(authentication.getSubjectX500Principal()).isEqualTo(signature.getSubjectX500Principal());
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
        parameters.setRevocationEnabled(false);
        for (X509Certificate endEntity : List.of(authentication, signature)) {
            CertPathValidator.getInstance("PKIX").validate(
                    CertificateFactory.getInstance("X.509").generateCertPath(List.of(endEntity, issuing)), parameters);
        }
    }

    @Test
    void theLettersPinOnlyChangesThePin() throws Exception {
        insert("delivered");
        assertThat(deliveredPin).matches("[0-9]{6}");
        assertThat(deliveredPuk).matches("[0-9]{8}");
        send(SELECT_IAS);
        assertThat(send(verify(deliveredPin))).isEqualTo("6985");
        assertThat(send("00200011")).as("no try was spent").isEqualTo("6985");
        assertThat(sign(Luxembourg.AUTH_KEY)).isEqualTo("6982");

        assertThat(send("00240011 18" + block(deliveredPin) + block(NEW_PIN))).isEqualTo("9000");

        assertThat(verifies(certificate("B001"), sign(Luxembourg.AUTH_KEY))).isTrue();
        assertThat(send(verify(deliveredPin))).isEqualTo("63C2");
        assertThat(send(verify(NEW_PIN))).isEqualTo("9000");
    }

    @Test
    void theNewPinMustHaveSixToEightDigits() throws Exception {
        insert("delivered");
        send(SELECT_IAS);
        assertThat(send("00240011 18" + block(deliveredPin) + block("12345"))).isEqualTo("6A80");
        assertThat(send("00240011 18" + block(deliveredPin) + block("123456789"))).isEqualTo("6A80");
        assertThat(send("00240011 18" + block(deliveredPin) + block("123456"))).isEqualTo("9000");
    }

    @Test
    void bothKeysSignUnderTheOnePinAndTheSignatureKeyAsksForItEveryTime() throws Exception {
        insert("activated");
        send(SELECT_IAS);
        X509Certificate authentication = certificate("B001");
        X509Certificate signature = certificate("B002");
        assertThat(send("00200011")).as("status before VERIFY").isEqualTo("63C3");
        assertThat(send(verify(LuxembourgVirtualCard.TEST_PIN))).isEqualTo("9000");

        String authenticationSignature = sign(Luxembourg.AUTH_KEY);
        assertThat(authenticationSignature).hasSize((256 + 2) * 2);
        assertThat(verifies(authentication, authenticationSignature)).isTrue();
        assertThat(verifies(authentication, sign(Luxembourg.AUTH_KEY))).as("the authentication key signs again").isTrue();

        assertThat(verifies(signature, sign(Luxembourg.SIGN_KEY))).isTrue();
        assertThat(sign(Luxembourg.SIGN_KEY)).as("a second signature needs the PIN again").isEqualTo("6982");
        assertThat(send(verify(LuxembourgVirtualCard.TEST_PIN))).isEqualTo("9000");
        assertThat(verifies(signature, sign(Luxembourg.SIGN_KEY))).isTrue();
    }

    @Test
    void aBlockedPinIsUnblockedWithThePuk() throws Exception {
        insert("activated");
        send(SELECT_IAS);
        assertThat(send(verify("000000"))).isEqualTo("63C2");
        assertThat(send(verify("000000"))).isEqualTo("63C1");
        assertThat(send(verify("000000"))).isEqualTo("63C0");
        assertThat(send(verify(LuxembourgVirtualCard.TEST_PIN))).isEqualTo("6983");
        assertThat(sign(Luxembourg.AUTH_KEY)).isEqualTo("6982");

        assertThat(send("002C0011 18" + block("00000000") + block(NEW_PIN))).as("a wrong PUK").isEqualTo("63C2");
        assertThat(send("002C0011 18" + block(LuxembourgVirtualCard.TEST_PUK) + block(NEW_PIN))).isEqualTo("9000");
        assertThat(send(verify(NEW_PIN))).isEqualTo("9000");
        assertThat(send("00200012")).as("the PUK's tries are back too").isEqualTo("63C3");
    }

    @Test
    void itsFolderKeepsTheFirstUseStateAcrossPowerCycles() throws Exception {
        Path folder = new VirtualCards(home).folder("delivered");
        assertThat(Files.readString(folder.resolve("card.properties"))).contains("change-before-use=true");
        try (VirtualCards.OpenCard open = new VirtualCards(home).open("delivered")) {
            assertThat(open.profile()).isEqualTo("luxembourg");
            assertThat(open.card().pin(Luxembourg.PIN).awaitsChange()).isTrue();
        }
    }
}
