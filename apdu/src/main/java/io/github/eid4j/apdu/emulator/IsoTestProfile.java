package io.github.eid4j.apdu.emulator;

import io.github.eid4j.apdu.AlgorithmReference;
import io.github.eid4j.apdu.Hex;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.EnumSet;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A small generic card that exercises the engine before any national profile exists: one
 * application with a PIN, its PUK, one EC P-256 key and a certificate file.
 *
 * <pre>
 *   3F00 MF
 *     2F00   EF.DIR (read always)
 *     5000   DF, AID F0 65 69 64 34 6A 54 45 53 54 ("F0" + "eid4jTEST")
 *       4301 certificate of key 01 (DER, read always)
 *       5001 user data, 64 bytes (read always, update after PIN)
 *   PIN 81: 4-8 digits, ASCII padded with FF to 8 bytes, 3 tries, unblocked by PUK 82
 *   PUK 82: 8 digits, 5 tries
 *   key 01: EC P-256, ECDSA and ECDH, after PIN 81
 * </pre>
 */
public final class IsoTestProfile implements VirtualCardProfile {
    public static final byte[] AID = Hex.decode("F0 65 69 64 34 6A 54 45 53 54");
    public static final byte[] ATR = Hex.decode("3B 8A 80 01 80 65 69 64 34 6A 54 45 53 54 4C");
    public static final int PIN = 0x81;
    public static final int PUK = 0x82;
    public static final int KEY = 0x01;
    /** The values a pre-activated test card has; an issued card gets random ones. */
    public static final String TEST_PIN = "1234";
    public static final String TEST_PUK = "12345678";

    @Override
    public String name() {
        return "iso-test";
    }

    @Override
    public String description() {
        return "generic ISO 7816 test card: one application, a PIN, a PUK, an EC P-256 key and its certificate";
    }

    @Override
    public Personalisation personalise(boolean activated, SecureRandom random) {
        CardSettings settings = CardSettings.builder(ATR).build();
        DedicatedFile mf = DedicatedFile.masterFile();
        byte[] dirRecord = Hex.decode("61 0F 4F 0A F0 65 69 64 34 6A 54 45 53 54 50 01 54");
        mf.add(ElementaryFile.readOnly(0x2F00, dirRecord));
        DedicatedFile app = mf.add(new DedicatedFile(0x5000, AID));
        CardImage image = new CardImage(settings, mf);
        AlgorithmReference.gemaltoStyle().forEach(image::addAlgorithm);

        ReferenceData puk = image.addPin(new ReferenceData(PUK, "PUK", PinFormat.asciiPadded(8, 0xFF), 8, 8, 5, -1, false));
        ReferenceData pin = image.addPin(new ReferenceData(PIN, "PIN", PinFormat.asciiPadded(8, 0xFF), 4, 8, 3, PUK, false));
        char[] pukValue = activated ? TEST_PUK.toCharArray() : Personalisation.randomDigits(random, 8);
        puk.personalise(pukValue, false);
        if (activated) {
            pin.personalise(TEST_PIN.toCharArray(), false);
        }
        CardKey key = CardKey.generate(KEY, KeyType.EC_P256, random);
        image.addKey(new KeyObject(key, AccessCondition.pin(PIN),
                EnumSet.of(AlgorithmReference.Operation.SIGN_ECDSA, AlgorithmReference.Operation.DERIVE_ECDH)));
        app.add(ElementaryFile.readOnly(0x4301, certificate(key, random)));
        app.add(new ElementaryFile(0x5001, 1, new byte[64], AccessCondition.ALWAYS, AccessCondition.pin(PIN)));

        Personalisation result = new Personalisation(image).withSecret("PUK", pukValue);
        if (activated) {
            result.withSecret("PIN", TEST_PIN.toCharArray());
        }
        java.util.Arrays.fill(pukValue, '\0');
        return result;
    }

    /** A certificate for the card key, issued by a throwaway TEST issuer whose key is discarded. */
    private static byte[] certificate(CardKey key, SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            KeyPair issuer = generator.generateKeyPair();
            Instant now = Instant.now();
            X509v3CertificateBuilder builder = new X509v3CertificateBuilder(
                    new X500Name("CN=eid4j iso-test issuer (TEST),O=eid4j"), new BigInteger(64, random).add(BigInteger.ONE),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(3650))),
                    new X500Name("CN=eid4j iso-test card (TEST),O=eid4j"),
                    SubjectPublicKeyInfo.getInstance(key.encodedPublicKey()));
            return builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.getPrivate())).getEncoded();
        } catch (GeneralSecurityException | OperatorCreationException | java.io.IOException e) {
            throw new IllegalStateException("The test certificate could not be made: " + e.getMessage(), e);
        }
    }
}
