package io.github.eid4j.card.luxembourg;

import io.github.eid4j.apdu.emulator.AccessCondition;
import io.github.eid4j.apdu.AlgorithmReference.Operation;
import io.github.eid4j.apdu.emulator.CardImage;
import io.github.eid4j.apdu.emulator.CardKey;
import io.github.eid4j.apdu.emulator.CardSettings;
import io.github.eid4j.apdu.emulator.DedicatedFile;
import io.github.eid4j.apdu.emulator.ElementaryFile;
import io.github.eid4j.apdu.emulator.KeyObject;
import io.github.eid4j.apdu.emulator.KeyType;
import io.github.eid4j.apdu.emulator.Personalisation;
import io.github.eid4j.apdu.emulator.PaceSettings;
import io.github.eid4j.apdu.emulator.PinFormat;
import io.github.eid4j.apdu.emulator.ReferenceData;
import io.github.eid4j.apdu.emulator.VirtualCardProfile;
import io.github.eid4j.apdu.pace.CardAccess;
import io.github.eid4j.card.KeyPurpose;
import io.github.eid4j.card.pki.Citizen;
import io.github.eid4j.card.pki.TestIssuer;
import io.github.eid4j.card.pki.TestPki;
import io.github.eid4j.card.pki.TestPkiHome;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.function.BiConsumer;

/**
 * A virtual Luxembourg eID (docs/luxembourg.md): the contactless Type A ATR over T=1, the IAS
 * Classic application as the MF, EF.CardAccess, the authentication and qualified signature
 * certificates from a LuxTrust-shaped test PKI with its two CA certificates (the home's, which
 * answers for them, when the card is made in an eid4j home), two RSA-2048 keys,
 * and one PIN for both: the signature key needs it verified again for every signature.
 *
 * <p>A new card is as CTIE delivers it: its PIN is the one of the letter, which only changes the
 * PIN (VERIFY answers {@link Luxembourg#PIN_NOT_YET_CHANGED}); the letter also carries the PUK,
 * which unblocks it. An {@code activated} card has PIN {@value #TEST_PIN}, already changed, and
 * PUK {@value #TEST_PUK}, for tests.
 */
public final class LuxembourgVirtualCard implements VirtualCardProfile {
    public static final String TEST_PIN = "123456";
    public static final String TEST_PUK = "12345678";
    /** The CAN printed on an {@code activated} test card; a delivered card gets a random one. */
    public static final String TEST_CAN = "271828";
    /** The labels of the letter's lines. */
    public static final String LETTER_PIN = "PIN";
    public static final String LETTER_PUK = "PUK";
    /** Not in the letter: printed on the front of the card. Shown once with the letter's secrets. */
    public static final String PRINTED_CAN = "CAN (printed on the card)";
    /** [I] Where the virtual card keeps the CAN: any free reference, since PACE names it by type (CAN), not by reference. */
    private static final int CAN_REFERENCE = 0x8A;

    @Override
    public String name() {
        return "luxembourg";
    }

    @Override
    public String description() {
        return "Luxembourg eID (IAS Classic, contactless): RSA-2048 authentication and qualified signature keys under one PIN";
    }

    @Override
    public Personalisation personalise(boolean activated, SecureRandom random) {
        return personalise(activated, random, TestPki.createLuxTrustShaped(random), (purpose, certificate) -> { });
    }

    @Override
    public Personalisation personalise(String name, Path home, boolean activated, SecureRandom random) {
        TestPkiHome kept = TestPkiHome.of(home);
        return personalise(activated, random, kept.pki(TestIssuer.LUXEMBOURG, random),
                (purpose, certificate) -> kept.recordIssued(TestIssuer.LUXEMBOURG, name, purpose, certificate));
    }

    private Personalisation personalise(boolean activated, SecureRandom random, TestPki pki,
            BiConsumer<KeyPurpose, X509Certificate> issued) {
        CardSettings settings = CardSettings.builder(Luxembourg.ATR_TYPE_A).build();
        DedicatedFile mf = new DedicatedFile(DedicatedFile.MF_FID, Luxembourg.AID);
        CardImage image = new CardImage(settings, mf);
        Luxembourg.ALGORITHMS.forEach(image::addAlgorithm);

        PinFormat block = PinFormat.asciiPadded(Luxembourg.PIN_BLOCK, Luxembourg.PIN_PAD);
        ReferenceData can = image.addPin(new ReferenceData(CAN_REFERENCE, "CAN", block, Luxembourg.CAN_LENGTH,
                Luxembourg.CAN_LENGTH, 1, -1, false));
        ReferenceData puk = image.addPin(new ReferenceData(Luxembourg.PUK, "PUK", block, Luxembourg.PUK_LENGTH,
                Luxembourg.PUK_LENGTH, Luxembourg.PUK_TRIES, -1, false));
        ReferenceData pin = image.addPin(new ReferenceData(Luxembourg.PIN, "PIN", block, Luxembourg.PIN_MIN,
                Luxembourg.PIN_MAX, Luxembourg.PIN_TRIES, Luxembourg.PUK, false));
        pin.requireChangeBeforeUse();
        // The real card answers nothing before PACE; the CAN alone opens it [I: T1C-js also sends the PIN].
        PaceSettings pace = new PaceSettings(CardAccess.parse(Luxembourg.CARD_ACCESS).get(0), CAN_REFERENCE, -1, -1, true);
        image.enablePace(pace);
        char[] canValue = activated ? TEST_CAN.toCharArray() : Personalisation.randomDigits(random, Luxembourg.CAN_LENGTH);
        can.personalise(canValue, false);
        char[] pukValue = activated ? TEST_PUK.toCharArray() : Personalisation.randomDigits(random, Luxembourg.PUK_LENGTH);
        char[] pinValue = activated ? TEST_PIN.toCharArray() : Personalisation.randomDigits(random, Luxembourg.PIN_MIN);
        puk.personalise(pukValue, false);
        pin.personalise(pinValue, !activated);

        CardKey auth = CardKey.generate(Luxembourg.AUTH_KEY, KeyType.RSA_2048, random);
        CardKey sign = CardKey.generate(Luxembourg.SIGN_KEY, KeyType.RSA_2048, random);
        image.addKey(new KeyObject(auth, AccessCondition.pin(Luxembourg.PIN),
                EnumSet.of(Operation.SIGN_PKCS1, Operation.SIGN_PSS, Operation.DECIPHER_PKCS1)));
        image.addKey(new KeyObject(sign, AccessCondition.pinEachUse(Luxembourg.PIN),
                EnumSet.of(Operation.SIGN_PKCS1, Operation.SIGN_PSS)));

        Citizen citizen = pki.testCitizen("Marie", "Schmit");
        mf.add(new ElementaryFile(Luxembourg.CARD_ACCESS_FID, Luxembourg.CARD_ACCESS_SFI, Luxembourg.CARD_ACCESS,
                AccessCondition.ALWAYS, AccessCondition.NEVER));
        X509Certificate authCert = pki.issueAuthentication(auth.publicKey(), citizen);
        X509Certificate signCert = pki.issueQualifiedSignature(sign.publicKey(), citizen);
        issued.accept(KeyPurpose.AUTHENTICATION, authCert);
        issued.accept(KeyPurpose.SIGNATURE, signCert);
        mf.add(ElementaryFile.readOnly(Luxembourg.AUTH_CERT_FID, TestPki.der(authCert)));
        mf.add(ElementaryFile.readOnly(Luxembourg.SIGN_CERT_FID, TestPki.der(signCert)));
        mf.add(ElementaryFile.readOnly(Luxembourg.ISSUING_CA_FID, TestPki.der(pki.issuingCertificate())));
        mf.add(ElementaryFile.readOnly(Luxembourg.ROOT_CA_FID, TestPki.der(pki.rootCertificate())));

        Personalisation result = new Personalisation(image)
                .withSecret(LETTER_PIN, pinValue)
                .withSecret(LETTER_PUK, pukValue)
                .withSecret(PRINTED_CAN, canValue);
        Arrays.fill(canValue, '\0');
        Arrays.fill(pinValue, '\0');
        Arrays.fill(pukValue, '\0');
        return result;
    }
}
