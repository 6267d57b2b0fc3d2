package io.github.eid4j.card.iso;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.eid4j.apdu.HashAlgorithm;
import io.github.eid4j.apdu.Hex;
import io.github.eid4j.apdu.ResponseApdu;
import io.github.eid4j.apdu.transport.CardTransport;
import io.github.eid4j.apdu.transport.ReplayTransport;
import io.github.eid4j.apdu.transport.TransportException;
import io.github.eid4j.card.BlockedPinException;
import io.github.eid4j.card.EidException;
import io.github.eid4j.card.KeyEntry;
import io.github.eid4j.card.KeyPurpose;
import io.github.eid4j.card.PinInfo;
import io.github.eid4j.card.PinRequest;
import io.github.eid4j.card.PinStatus;
import io.github.eid4j.card.ScriptedPins;
import io.github.eid4j.card.SignatureScheme;
import io.github.eid4j.card.WrongPinException;
import io.github.eid4j.card.pki.Citizen;
import io.github.eid4j.card.pki.TestPki;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The ISO base's flows, hex in and hex out: each test scripts the exact APDUs an ISO 7816 card
 * expects and what it answers, and a profile that overrides nothing must send exactly those.
 * The second half shows what a profile changes by overriding one step.
 */
class IsoCardTest {
    private static final String PIN_BLOCK = "31 32 33 34 35 36 00 00 00 00 00 00"; // "123456"
    private static final String NEW_PIN_BLOCK = "36 35 34 33 32 31 00 00 00 00 00 00"; // "654321"
    private static final String PUK_BLOCK = "31 32 33 34 35 36 37 38 00 00 00 00"; // "12345678"
    private static final String DIGEST = "00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F 10 11 12 13 14 15 16 17 18 19 1A 1B 1C 1D 1E 1F";

    /** RSA authentication key (reference 01) and EC signature key (reference 02), both under the one PIN. */
    private static KeyEntry auth;
    private static KeyEntry sign;

    @BeforeAll
    static void keys() throws Exception {
        SecureRandom random = new SecureRandom();
        TestPki pki = TestPki.create(random);
        Citizen citizen = Citizen.test("Iso", "Card", random);
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        auth = new KeyEntry(new byte[] {1}, "authentication", KeyPurpose.AUTHENTICATION, 0x01, IasStyleCard.PIN,
                pki.issueAuthentication(rsa.generateKeyPair().getPublic(), citizen), EnumSet.of(SignatureScheme.RSA_PKCS1), true, false);
        sign = new KeyEntry(new byte[] {2}, "signature", KeyPurpose.SIGNATURE, 0x02, IasStyleCard.PIN,
                pki.issueQualifiedSignature(ec.generateKeyPair().getPublic(), citizen), EnumSet.of(SignatureScheme.ECDSA), false, true);
    }

    private static IasStyleCard card(ReplayTransport script) {
        return new IasStyleCard(Script.connection(script), List.of(auth, sign));
    }

    // ---- PINs

    @Test
    void verifyReadsTheTriesLeftWithAnEmptyVerifyThenSendsThePinBlock() throws Exception {
        ReplayTransport script = Script.of("> 00 20 00 11", "< 63 C3", "> 00 20 00 11 0C " + PIN_BLOCK, "< 90 00");
        ScriptedPins pins = ScriptedPins.answering("123456");
        card(script).verify(IasStyleCard.PIN, pins);
        script.assertPlayedToEnd();
        assertThat(pins.asked).extracting(PinRequest::triesLeft).containsExactly(3);
    }

    @Test
    void aWrongPinSaysHowManyTriesAreLeft() {
        ReplayTransport script = Script.of("> 00 20 00 11", "< 63 C3", "> 00 20 00 11 0C " + PIN_BLOCK, "< 63 C2");
        assertThatThrownBy(() -> card(script).verify(IasStyleCard.PIN, ScriptedPins.answering("123456")))
                .isInstanceOfSatisfying(WrongPinException.class, e -> assertThat(e.triesLeft()).isEqualTo(2));
    }

    @Test
    void aBlockedPinIsNeitherAskedNorSent() {
        ReplayTransport script = Script.of("> 00 20 00 11", "< 69 83");
        ScriptedPins pins = ScriptedPins.answering("123456");
        assertThatThrownBy(() -> card(script).verify(IasStyleCard.PIN, pins))
                .isInstanceOf(BlockedPinException.class).hasMessageContaining(IasStyleCard.BLOCKED);
        script.assertPlayedToEnd();
        assertThat(pins.asked).isEmpty();
    }

    @Test
    void aPinOutsideItsRulesNeverReachesTheCard() {
        ReplayTransport script = Script.of("> 00 20 00 11", "< 63 C3");
        assertThatThrownBy(() -> card(script).verify(IasStyleCard.PIN, ScriptedPins.answering("12a4")))
                .hasMessage("PIN must be 6 to 8 digits.");
        script.assertPlayedToEnd();
    }

    @Test
    void changeReferenceDataSendsTheOldThenTheNewBlock() throws Exception {
        ReplayTransport script = Script.of("> 00 20 00 11", "< 63 C3",
                "> 00 24 00 11 18 " + PIN_BLOCK + " " + NEW_PIN_BLOCK, "< 90 00");
        card(script).changePin(IasStyleCard.PIN, ScriptedPins.answering("123456", "654321", "654321"));
        script.assertPlayedToEnd();
    }

    @Test
    void resetRetryCounterSendsThePukThenTheNewBlock() throws Exception {
        ReplayTransport script = Script.of("> 00 20 00 12", "< 63 C5",
                "> 00 2C 00 11 18 " + PUK_BLOCK + " " + NEW_PIN_BLOCK, "< 90 00");
        card(script).unblockPin(IasStyleCard.PIN, ScriptedPins.answering("12345678", "654321", "654321"));
        script.assertPlayedToEnd();
    }

    @Test
    void aWrongPukCountsAgainstThePuk() {
        ReplayTransport script = Script.of("> 00 20 00 12", "< 63 C5",
                "> 00 2C 00 11 18 " + PUK_BLOCK + " " + NEW_PIN_BLOCK, "< 63 C4");
        assertThatThrownBy(() -> card(script).unblockPin(IasStyleCard.PIN, ScriptedPins.answering("12345678", "654321", "654321")))
                .isInstanceOfSatisfying(WrongPinException.class, e -> {
                    assertThat(e.pin()).isEqualTo("PUK");
                    assertThat(e.triesLeft()).isEqualTo(4);
                });
    }

    @Test
    void thePinInfoTemplateGivesTheTriesLeftAndWhetherThePinIsTheIssuers() throws Exception {
        // The answer of a FINEID v3 card (docs/cards.md §1.5), tries 03, DF2F 00: never changed.
        ReplayTransport script = Script.of("> 00 CB 00 FF 05 A0 03 83 01 11 00",
                "< A0 23 83 01 11 8C 04 F0 00 00 00 9C 04 F0 00 00 00 DF 21 04 03 FF A5 03 DF 27 02 FF FF DF 28 01 0C DF 2F 01 00 90 00");
        PinStatus status = Script.connection(script).transact(card -> new PinInfoTemplate(0x00FF, 0xDF21, 0xDF2F, 5).read(card, IasStyleCard.PIN));
        assertThat(status.triesLeft()).isEqualTo(3);
        assertThat(status.isInitial()).isTrue();
        assertThat(status.describe()).isEqualTo("3 of 5 tries left, initial PIN (change it)");
    }

    /** On a card whose holder sets the PINs at activation (FINEID), a PIN never changed means the card is not activated. */
    @Test
    void aPinNeverChangedIsNotActivatedWhereTheHolderSetsThePins() throws Exception {
        ReplayTransport script = Script.of("> 00 CB 00 FF 05 A0 03 83 01 11 00",
                "< A0 23 83 01 11 8C 04 F0 00 00 00 9C 04 F0 00 00 00 DF 21 04 05 FF A5 03 DF 27 02 FF FF DF 28 01 0C DF 2F 01 00 90 00",
                "> 00 CB 00 FF 05 A0 03 83 01 11 00", "< 69 84");
        PinInfoTemplate query = new PinInfoTemplate(0x00FF, 0xDF21, 0xDF2F, 5).unchangedMeansNoValue();
        assertThat(Script.connection(script).transact(card -> query.read(card, IasStyleCard.PIN)).describe()).isEqualTo("not activated");
        assertThat(Script.connection(script).transact(card -> query.read(card, IasStyleCard.PIN)).describe())
                .as("the earlier virtual cards' answer").isEqualTo("not activated");
    }

    @Test
    void logoutResetsTheVerificationOfEachUserPin() throws Exception {
        ReplayTransport script = Script.of("> 00 20 FF 11", "< 90 00");
        card(script).logout();
        script.assertPlayedToEnd();
    }

    // ---- security operations

    @Test
    void aSignatureIsMseSetOfTheDstThenComputeDigitalSignatureWithTheDigest() throws Exception {
        // The signature key: its PIN right before, then 44 = ECDSA with SHA-256 in the Gemalto table.
        ReplayTransport script = Script.of("> 00 20 00 11", "< 63 C3", "> 00 20 00 11 0C " + PIN_BLOCK, "< 90 00",
                "> 00 22 41 B6 06 80 01 44 84 01 02", "< 90 00",
                "> 00 2A 9E 9A 20 " + DIGEST + " 00", "< CA FE 90 00");
        byte[] signature = card(script).sign(sign, SignatureScheme.ECDSA, HashAlgorithm.SHA256, Hex.decode(DIGEST), ScriptedPins.answering("123456"));
        script.assertPlayedToEnd();
        assertThat(signature).isEqualTo(Hex.decode("CA FE"));
    }

    /**
     * The authentication key's PIN is verified before its first use on a connection (no MSE, CDS
     * and 6982 spent to find out), then remembered as the card remembers it; when the card forgot
     * it all the same (another program reset it), its 6982 brings the PIN back.
     */
    @Test
    void theAuthenticationKeysPinIsVerifiedBeforeItsFirstUseThenOnlyWhenTheCardSaysSo() throws Exception {
        String mse = "> 00 22 41 B6 06 80 01 42 84 01 01";
        String cds = "> 00 2A 9E 9A 20 " + DIGEST + " 00";
        ReplayTransport script = Script.of("> 00 20 00 11", "< 63 C3", "> 00 20 00 11 0C " + PIN_BLOCK, "< 90 00", mse, "< 90 00", cds, "< CA FE 90 00",
                mse, "< 90 00", cds, "< CA FE 90 00",
                mse, "< 90 00", cds, "< 69 82",
                "> 00 20 00 11", "< 63 C3", "> 00 20 00 11 0C " + PIN_BLOCK, "< 90 00", mse, "< 90 00", cds, "< CA FE 90 00");
        ScriptedPins pins = ScriptedPins.answering("123456", "123456");
        IasStyleCard card = card(script);
        for (int i = 0; i < 3; i++) {
            card.sign(auth, SignatureScheme.RSA_PKCS1, HashAlgorithm.SHA256, Hex.decode(DIGEST), pins);
        }
        script.assertPlayedToEnd();
        assertThat(pins.asked).hasSize(2);
    }

    @Test
    void decipherIsMseSetOfTheCtThenPsoDecipherWithPaddingIndicator00() throws Exception {
        ReplayTransport script = Script.of("> 00 20 00 11", "< 63 C3", "> 00 20 00 11 0C " + PIN_BLOCK, "< 90 00", "> 00 22 41 B8 06 80 01 1A 84 01 01", "< 90 00",
                "> 00 2A 80 86 05 00 C1 C2 C3 C4 00", "< 53 45 43 52 45 54 90 00");
        assertThat(card(script).decrypt(auth, Hex.decode("C1 C2 C3 C4"), ScriptedPins.answering("123456"))).isEqualTo("SECRET".getBytes());
        script.assertPlayedToEnd();
    }

    @Test
    void ecdhIsMseSetOfTheCtWithTheKeyAloneThenPsoDecipherWithThePoint() throws Exception {
        ReplayTransport script = Script.of("> 00 20 00 11", "< 63 C3", "> 00 20 00 11 0C " + PIN_BLOCK, "< 90 00",
                "> 00 22 41 B8 03 84 01 02", "< 90 00",
                "> 00 2A 80 86 04 00 04 AA BB 00", "< 5E 90 00");
        assertThat(card(script).deriveEcdh(sign, Hex.decode("04 AA BB"), ScriptedPins.answering("123456"))).isEqualTo(new byte[] {0x5E});
        script.assertPlayedToEnd();
    }

    @Test
    void aRefusedSecurityEnvironmentEndsTheOperationInOneSentence() {
        ReplayTransport script = Script.of("> 00 20 00 11", "< 63 C3", "> 00 20 00 11 0C " + PIN_BLOCK, "< 90 00", "> 00 22 41 B8 06 80 01 1A 84 01 01", "< 6A 88");
        assertThatThrownBy(() -> card(script).decrypt(auth, Hex.decode("C1"), ScriptedPins.answering("123456")))
                .isInstanceOf(EidException.class)
                .hasMessage("The card could not prepare the decryption (6A88 (referenced data or reference data not found)).");
    }

    @Test
    void mseRestoreNamesTheStoredEnvironment() throws Exception {
        ReplayTransport script = Script.of("> 00 22 F3 01", "< 90 00");
        Script.connection(script).transact(card -> {
            SecurityEnvironment.restore(card, 0x01, "restore the environment");
            return null;
        });
        script.assertPlayedToEnd();
    }

    // ---- what a profile overrides

    /**
     * What an IAS profile is expected to change (docs/architecture.md, "The ISO 7816 base"): the
     * Gemalto padding indicator 81 before a cryptogram, and a signature prepared under another
     * template. Only those APDUs differ from the base's.
     */
    @Test
    void aProfileOverridesOneStepAndKeepsTheRest() throws Exception {
        ReplayTransport script = Script.of("> 00 20 00 11", "< 63 C3", "> 00 20 00 11 0C " + PIN_BLOCK, "< 90 00", "> 00 22 41 B8 06 80 01 1A 84 01 01", "< 90 00",
                "> 00 2A 80 86 02 81 C1 00", "< 5E 90 00",
                "> 00 22 41 A4 06 80 01 42 84 01 01", "< 90 00",
                "> 00 2A 9E 9A 20 " + DIGEST + " 00", "< CA FE 90 00");
        IasStyleCard card = new IasStyleCard(Script.connection(script), List.of(auth, sign)) {
            @Override
            protected int decipherPaddingIndicator() {
                return 0x81;
            }

            @Override
            protected void prepareSignature(CardTransport transport, KeyEntry key, int algorithm) throws TransportException, EidException {
                SecurityEnvironment.set(transport, SecurityEnvironment.AT, SecurityEnvironment.algorithmAndKey(algorithm, key.reference()),
                        "prepare the signature");
            }
        };
        card.decrypt(auth, Hex.decode("C1"), ScriptedPins.answering("123456"));
        card.sign(auth, SignatureScheme.RSA_PKCS1, HashAlgorithm.SHA256, Hex.decode(DIGEST), ScriptedPins.answering());
        script.assertPlayedToEnd();
    }

    /**
     * The Gemalto form of a signature, as the IAS Classic trace in docs/cards.md §2.4 has it: the
     * hash in a template by PSO HASH (the card answers 61 20, which the transport fetches), then
     * COMPUTE DIGITAL SIGNATURE without data.
     */
    @Test
    void aGemaltoCardTakesTheHashByPsoHashThenSigns() throws Exception {
        ReplayTransport script = Script.of("> 00 20 00 11", "< 63 C3", "> 00 20 00 11 0C " + PIN_BLOCK, "< 90 00", "> 00 22 41 B6 06 80 01 42 84 01 01", "< 90 00",
                "> 00 2A 90 A0 22 90 20 " + DIGEST, "< 61 20", "> 00 C0 00 00 20", "< " + DIGEST + " 90 00",
                "> 00 2A 9E 9A 00", "< CA FE 90 00");
        IasStyleCard card = new IasStyleCard(Script.connection(script), List.of(auth, sign)) {
            @Override
            protected ResponseApdu computeSignature(CardTransport transport, KeyEntry key, int algorithm, byte[] input)
                    throws TransportException, EidException {
                return hashThenComputeSignature(transport, key, algorithm, input);
            }
        };
        assertThat(card.sign(auth, SignatureScheme.RSA_PKCS1, HashAlgorithm.SHA256, Hex.decode(DIGEST), ScriptedPins.answering("123456")))
                .isEqualTo(Hex.decode("CA FE"));
        script.assertPlayedToEnd();
    }

    /** A card whose PIN must be changed before first use refuses it before the user types it. */
    @Test
    void aProfileCanRequireTheIssuersPinToBeChangedFirst() {
        ReplayTransport script = Script.of("> 00 20 00 11", "< 63 C3");
        PinStatusQuery issuersPin = (transport, pin) -> {
            ResponseApdu r = transport.transmit(IsoCommands.verificationState(pin.reference()));
            return new PinStatus(r.statusWord().triesLeft().orElse(-1), 3, true, true);
        };
        PinFlows changeFirst = new PinFlows(issuersPin, PinBlockFormat.asciiPadded(12, 0x00), pin -> IasStyleCard.BLOCKED) {
            @Override
            protected void refuseUnusable(PinInfo pin, PinStatus status) throws EidException {
                super.refuseUnusable(pin, status);
                if (status.isInitial()) {
                    throw new EidException("You must change the PIN from your letter before you can use the card.");
                }
            }
        };
        ScriptedPins pins = ScriptedPins.answering("123456");
        IasStyleCard card = new IasStyleCard(Script.connection(script), List.of(auth, sign), changeFirst);
        assertThatThrownBy(() -> card.sign(sign, SignatureScheme.ECDSA, HashAlgorithm.SHA256, Hex.decode(DIGEST), pins))
                .hasMessage("You must change the PIN from your letter before you can use the card.");
        script.assertPlayedToEnd();
        assertThat(pins.asked).isEmpty();
    }
}
