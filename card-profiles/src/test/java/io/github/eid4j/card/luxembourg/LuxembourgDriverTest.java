package io.github.eid4j.card.luxembourg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.eid4j.apdu.HashAlgorithm;
import io.github.eid4j.apdu.emulator.CardFolder;
import io.github.eid4j.apdu.emulator.NonVolatileMemory;
import io.github.eid4j.apdu.emulator.Personalisation;
import io.github.eid4j.apdu.emulator.VirtualCard;
import io.github.eid4j.apdu.emulator.VirtualCards;
import io.github.eid4j.card.ApduTrace;
import io.github.eid4j.card.BlockedPinException;
import io.github.eid4j.card.CanException;
import io.github.eid4j.card.EidCard;
import io.github.eid4j.card.EidCards;
import io.github.eid4j.card.InProcessConnection;
import io.github.eid4j.card.KeyEntry;
import io.github.eid4j.card.KeyPurpose;
import io.github.eid4j.card.PinChangeRequiredException;
import io.github.eid4j.card.PinInfo;
import io.github.eid4j.card.PinRequest;
import io.github.eid4j.card.PinStatus;
import io.github.eid4j.card.ScriptedPins;
import io.github.eid4j.card.SignatureScheme;
import io.github.eid4j.card.WrongPinException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import javax.crypto.Cipher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Luxembourg driver against the virtual Luxembourg eID, in-process through the T=1 stack:
 * found by {@link EidCards#open} among the profiles, certificates from their fixed files, one
 * PIN for both keys, the signature key asking for it every time, the letter's PIN that only
 * changes the PIN, and the PUK. Each test gets the card as its folder holds it.
 */
class LuxembourgDriverTest {
    private static final byte[] DOCUMENT = "Dokument fir z'ënnerschreiwen".getBytes(StandardCharsets.UTF_8);
    private static final String NEW_PIN = "97531864";

    @TempDir
    static Path home;
    private static String letterPin;
    private static String letterPuk;
    private static String printedCan;

    @RegisterExtension
    final ApduTrace trace = new ApduTrace();
    private EidCard card;

    @BeforeAll
    static void createCards() throws Exception {
        VirtualCards cards = new VirtualCards(home);
        Personalisation delivered = cards.create("delivered", "luxembourg", false);
        letterPin = new String(delivered.letter().get(LuxembourgVirtualCard.LETTER_PIN));
        letterPuk = new String(delivered.letter().get(LuxembourgVirtualCard.LETTER_PUK));
        printedCan = new String(delivered.letter().get(LuxembourgVirtualCard.PRINTED_CAN));
        delivered.wipe();
        cards.create("activated", "luxembourg", true).wipe();
    }

    @AfterEach
    void close() {
        if (card != null) {
            card.close();
        }
    }

    /** The card opened by PACE with the CAN printed on it, which the user gives when asked. */
    private EidCard open(String name) throws Exception {
        String can = name.equals("delivered") ? printedCan : LuxembourgVirtualCard.TEST_CAN;
        card = EidCards.open(connection(name), request -> {
            assertThat(request.step()).isEqualTo(PinRequest.Step.CAN);
            return can.toCharArray();
        });
        return card;
    }

    private static InProcessConnection connection(String name) throws Exception {
        VirtualCard virtual;
        try (CardFolder folder = CardFolder.open(new VirtualCards(home).folder(name))) {
            virtual = new VirtualCard(folder.image(), NonVolatileMemory.NONE);
        }
        return new InProcessConnection(virtual, false, "test card", () -> { });
    }

    private static byte[] sha256() throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(DOCUMENT);
    }

    private static boolean verifies(KeyEntry key, byte[] signature) throws Exception {
        Signature v = Signature.getInstance("SHA256withRSA");
        v.initVerify(key.publicKey()); // the qualified certificate allows nonRepudiation only, which the JDK refuses for initVerify(Certificate)
        v.update(DOCUMENT);
        return v.verify(signature);
    }

    private byte[] sign(KeyPurpose purpose, ScriptedPins pins) throws Exception {
        return card.sign(card.key(purpose).orElseThrow(), SignatureScheme.RSA_PKCS1, HashAlgorithm.SHA256, sha256(), pins);
    }

    private PinInfo pin() {
        return card.pins().get(0);
    }

    @Test
    void opensWithPaceAndSendsEveryCommandUnderSecureMessaging() throws Exception {
        open("activated");
        assertThat(trace.text()).contains("> 10 86 00 00").contains("> 00 86 00 00")
                .as("the AID selection travels protected").contains("> 0C A4 04 0C");
    }

    @Test
    void aWrongCanIsOneSentenceAskedOnceAndSpendsNoPinTry() throws Exception {
        int[] asked = {0};
        assertThatThrownBy(() -> EidCards.open(connection("activated"), request -> {
            asked[0]++;
            return "000000".toCharArray();
        })).isInstanceOf(CanException.class).hasMessage("Wrong CAN: check the 6-digit number printed on the front of your card.");
        assertThat(asked[0]).as("one answer, one attempt").isEqualTo(1);
        open("activated");
        assertThat(card.status(pin()).triesLeft()).isEqualTo(Luxembourg.PIN_TRIES);
    }

    @Test
    void withoutAnyoneToAskForTheCanTheCardSaysWhatIsMissing() throws Exception {
        assertThatThrownBy(() -> EidCards.open(connection("activated")))
                .isInstanceOf(CanException.class).extracting(e -> ((CanException) e).reason()).isEqualTo(CanException.Reason.MISSING);
        assertThatThrownBy(() -> EidCards.open(connection("activated"))).hasMessageContaining("opens only with its CAN, the 6-digit number printed on the front of the card");
    }

    @Test
    void isFoundByItsProfileWithBothCertificatesAndTheCaChain() throws Exception {
        open("activated");
        assertThat(card.identity().profile()).isEqualTo("Luxembourg eID");
        KeyEntry auth = card.key(KeyPurpose.AUTHENTICATION).orElseThrow();
        KeyEntry sign = card.key(KeyPurpose.SIGNATURE).orElseThrow();
        assertThat(card.identity().serial()).as("the authentication certificate's serial number")
                .isEqualTo(auth.certificate().getSerialNumber().toString(16).toUpperCase(java.util.Locale.ROOT)).matches("[0-9A-F]+");
        assertThat(auth.certificate().getKeyUsage()[2]).as("keyEncipherment").isTrue();
        assertThat(sign.certificate().getKeyUsage()[1]).as("nonRepudiation").isTrue();
        assertThat(auth.pin()).isSameAs(sign.pin()).isSameAs(pin());
        assertThat(card.pins()).extracting(PinInfo::label).containsExactly("PIN", "PUK");
        assertThat(card.caCertificates()).hasSize(2);
        assertThat(trace.text()).contains("> 00 A4 04 0C 0C A0 00 00 00 18 40 00 00 01 63 42 00")
                .contains("> 00 A4 08 04 02 B0 01").contains("> 00 A4 08 04 02 B0 02");
        assertThat(card.needsActivation()).isFalse();
    }

    @Test
    void theSignatureKeyAsksForThePinForEverySignatureAndTheCardSignsTheIasWay() throws Exception {
        open("activated");
        ScriptedPins pins = ScriptedPins.answering(LuxembourgVirtualCard.TEST_PIN, LuxembourgVirtualCard.TEST_PIN);
        KeyEntry sign = card.key(KeyPurpose.SIGNATURE).orElseThrow();
        assertThat(verifies(sign, sign(KeyPurpose.SIGNATURE, pins))).isTrue();
        assertThat(verifies(sign, sign(KeyPurpose.SIGNATURE, pins))).isTrue();
        assertThat(pins.asked).hasSize(2);
        assertThat(pins.asked.get(0).prompt()).isEqualTo("PIN (authentication and signature), 3 tries left");
        assertThat(trace.text())
                .contains("> 00 22 41 B6 06 80 01 42 84 01 02")
                .contains("> 00 20 00 11 0C [12 bytes redacted]")
                .contains("> 00 2A 90 A0 22 90 20")
                .contains("> 00 2A 9E 9A 00");
    }

    @Test
    void theAuthenticationKeyAsksOncePerSessionAndSignsWithPss() throws Exception {
        open("activated");
        ScriptedPins pins = ScriptedPins.answering(LuxembourgVirtualCard.TEST_PIN);
        KeyEntry auth = card.key(KeyPurpose.AUTHENTICATION).orElseThrow();
        assertThat(verifies(auth, sign(KeyPurpose.AUTHENTICATION, pins))).isTrue();
        byte[] pss = card.sign(auth, SignatureScheme.RSA_PSS, HashAlgorithm.SHA256, sha256(), pins);
        Signature v = Signature.getInstance("RSASSA-PSS");
        v.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
        v.initVerify(auth.publicKey());
        v.update(DOCUMENT);
        assertThat(v.verify(pss)).isTrue();
        assertThat(pins.asked).hasSize(1);
    }

    @Test
    void theAuthenticationKeyDecryptsWithGemaltosPaddingIndicator() throws Exception {
        open("activated");
        KeyEntry auth = card.key(KeyPurpose.AUTHENTICATION).orElseThrow();
        Cipher rsa = Cipher.getInstance("RSA/ECB/PKCS1Padding");
        rsa.init(Cipher.ENCRYPT_MODE, auth.certificate().getPublicKey());
        byte[] cryptogram = rsa.doFinal("session key".getBytes(StandardCharsets.US_ASCII));
        assertThat(card.decrypt(auth, cryptogram, ScriptedPins.answering(LuxembourgVirtualCard.TEST_PIN)))
                .isEqualTo("session key".getBytes(StandardCharsets.US_ASCII));
        assertThat(trace.text()).contains("> 00 22 41 B8 06 80 01 1A 84 01 01").contains("# protected > 00 2A 80 86 00 01 01 81")
                .as("257 bytes, chained inside secure messaging").contains("> 1C 2A 80 86");
    }

    @Test
    void theLettersPinMustBeChangedBeforeAnythingElseAndCostsNoTry() throws Exception {
        open("delivered");
        PinStatus status = card.status(pin());
        assertThat(status.isChangeRequired()).isTrue();
        assertThat(status.describe()).isEqualTo("the PIN from your letter, to be changed before first use");
        assertThat(card.needsActivation()).isFalse();

        ScriptedPins pins = ScriptedPins.answering(letterPin, letterPin);
        assertThatThrownBy(() -> sign(KeyPurpose.SIGNATURE, pins)).isInstanceOf(PinChangeRequiredException.class)
                .hasMessage("You must change the PIN from your letter before you can use the card.");
        assertThatThrownBy(() -> sign(KeyPurpose.AUTHENTICATION, pins)).isInstanceOf(PinChangeRequiredException.class);
        assertThat(pins.asked).as("nobody types a PIN the card cannot take").isEmpty();

        card.changePin(pin(), ScriptedPins.answering(letterPin, NEW_PIN, NEW_PIN));
        assertThat(card.status(pin()).isChangeRequired()).isFalse();
        assertThat(verifies(card.key(KeyPurpose.SIGNATURE).orElseThrow(), sign(KeyPurpose.SIGNATURE, ScriptedPins.answering(NEW_PIN))))
                .isTrue();
    }

    @Test
    void aBlockedPinIsUnblockedWithThePukAndANewPin() throws Exception {
        open("activated");
        for (int left = 2; left >= 1; left--) {
            int expected = left;
            assertThatThrownBy(() -> card.verify(pin(), ScriptedPins.answering("000000"))).isInstanceOf(WrongPinException.class)
                    .hasMessageContaining(expected + (expected == 1 ? " try" : " tries"));
        }
        assertThatThrownBy(() -> card.verify(pin(), ScriptedPins.answering("000000"))).isInstanceOf(BlockedPinException.class)
                .hasMessageContaining("unblock it with 'eid unblock' and the PUK from your letter.");
        assertThat(card.status(pin()).isBlocked()).isTrue();

        ScriptedPins unblock = ScriptedPins.answering(LuxembourgVirtualCard.TEST_PUK, NEW_PIN, NEW_PIN);
        card.unblockPin(pin(), unblock);
        assertThat(unblock.asked).extracting(PinRequest::step)
                .containsExactly(PinRequest.Step.PUK, PinRequest.Step.NEW, PinRequest.Step.NEW_AGAIN);
        assertThat(trace.text()).contains("> 00 2C 00 11 18 [24 bytes redacted]");
        assertThat(card.status(pin()).triesLeft()).isIn(-1, 3);
        assertThat(verifies(card.key(KeyPurpose.SIGNATURE).orElseThrow(), sign(KeyPurpose.SIGNATURE, ScriptedPins.answering(NEW_PIN))))
                .isTrue();
    }

    @Test
    void theLettersPukUnblocksTheDeliveredCard() throws Exception {
        open("delivered");
        card.unblockPin(pin(), ScriptedPins.answering(letterPuk, NEW_PIN, NEW_PIN));
        assertThat(verifies(card.key(KeyPurpose.SIGNATURE).orElseThrow(), sign(KeyPurpose.SIGNATURE, ScriptedPins.answering(NEW_PIN))))
                .isTrue();
    }
}
