package io.github.eid4j.apdu.emulator;

import io.github.eid4j.apdu.AlgorithmReference;
import io.github.eid4j.apdu.Hex;
import java.security.SecureRandom;
import java.util.EnumSet;

/** Card images for the engine's tests; keys are generated once per JVM because RSA is slow. */
final class TestCards {
    static final byte[] AID = Hex.decode("A0 00 00 00 63 50 4B 43 53 2D 31 35");
    static final byte[] AID2 = Hex.decode("A0 00 00 00 63 50 4B 43 53 2D 31 36");
    static final int PIN1 = 0x11;
    static final int PIN2 = 0x82;
    static final int PUK = 0x83;
    static final int EC_KEY = 0x01;
    static final int RSA_KEY = 0x02;
    static final int SIGN_KEY = 0x03;
    static final String PIN1_VALUE = "1234";
    static final String PIN2_VALUE = "123456";
    static final String PUK_VALUE = "87654321";
    static final byte[] CERT = new byte[1087];

    private static final SecureRandom RANDOM = new SecureRandom();
    private static CardKey ecKey;
    private static CardKey rsaKey;
    private static CardKey signKey;

    static {
        for (int i = 0; i < CERT.length; i++) {
            CERT[i] = (byte) (i * 7);
        }
    }

    private TestCards() {
    }

    static synchronized CardKey ecKey() {
        if (ecKey == null) {
            ecKey = CardKey.generate(EC_KEY, KeyType.EC_P384, RANDOM);
        }
        return ecKey;
    }

    static synchronized CardKey rsaKey() {
        if (rsaKey == null) {
            rsaKey = CardKey.generate(RSA_KEY, KeyType.RSA_2048, RANDOM);
        }
        return rsaKey;
    }

    static synchronized CardKey signKey() {
        if (signKey == null) {
            signKey = CardKey.generate(SIGN_KEY, KeyType.EC_P256, RANDOM);
        }
        return signKey;
    }

    /** FINEID-like: AID, certificate EFs, PIN1/PIN2/PUK, an EC, an RSA and a non-repudiation key. */
    static CardImage image(CardSettings settings, boolean activated) {
        DedicatedFile mf = DedicatedFile.masterFile();
        mf.add(ElementaryFile.readOnly(0x2F00, Hex.decode("61 10 4F 0C A0 00 00 00 63 50 4B 43 53 2D 31 35")));
        DedicatedFile app = mf.add(new DedicatedFile(0x5000, AID));
        app.add(ElementaryFile.readOnly(0x4331, CERT));
        app.add(new ElementaryFile(0x5032, 2, Hex.decode("30 03 02 01 00"), AccessCondition.ALWAYS, AccessCondition.NEVER));
        app.add(new ElementaryFile(0x4400, 3, new byte[16], AccessCondition.pin(PIN1), AccessCondition.pin(PIN1)));
        app.add(new ElementaryFile(0x4401, 0, new byte[4], AccessCondition.NEVER, AccessCondition.NEVER));
        DedicatedFile sign = app.add(new DedicatedFile(0x5016, null));
        sign.add(ElementaryFile.readOnly(0x4332, Hex.decode("01 02 03")));
        mf.add(new DedicatedFile(0x6000, AID2));

        CardImage image = new CardImage(settings, mf);
        AlgorithmReference.gemaltoStyle().forEach(image::addAlgorithm);
        PinFormat ascii12 = PinFormat.asciiPadded(12, 0x00);
        ReferenceData puk = image.addPin(new ReferenceData(PUK, "PUK", ascii12, 8, 8, 5, -1, false));
        ReferenceData pin1 = image.addPin(new ReferenceData(PIN1, "PIN1", ascii12, 4, 8, 5, PUK, false));
        ReferenceData pin2 = image.addPin(new ReferenceData(PIN2, "PIN2", ascii12, 6, 8, 5, PUK, true));
        puk.personalise(PUK_VALUE.toCharArray(), false);
        if (activated) {
            pin1.personalise(PIN1_VALUE.toCharArray(), false);
            pin2.personalise(PIN2_VALUE.toCharArray(), true);
        }
        image.addKey(new KeyObject(ecKey(), AccessCondition.pin(PIN1),
                EnumSet.of(AlgorithmReference.Operation.SIGN_ECDSA, AlgorithmReference.Operation.DERIVE_ECDH)));
        image.addKey(new KeyObject(rsaKey(), AccessCondition.pin(PIN1),
                EnumSet.of(AlgorithmReference.Operation.SIGN_PKCS1, AlgorithmReference.Operation.SIGN_PSS,
                        AlgorithmReference.Operation.DECIPHER_PKCS1, AlgorithmReference.Operation.DECIPHER_OAEP,
                        AlgorithmReference.Operation.AUTHENTICATE_PKCS1)));
        image.addKey(new KeyObject(signKey(), AccessCondition.pinEachUse(PIN2),
                EnumSet.of(AlgorithmReference.Operation.SIGN_ECDSA)));
        return image;
    }

    static CardSettings t1() {
        return CardSettings.builder(Hex.decode("3B 8F 80 01 80 31 B8 65 B0 85 05 00 11 12 24 60 82 90 00 07"))
                .fcpSizeTag(0x81).maxReadChunk(0xB5).build();
    }

    static CardSettings t0() {
        return CardSettings.builder(Hex.decode("3B 7F 96 00 00 80 31 B8 65 B0 85 05 00 11 12 24 60 82 90 00"))
                .t0(true).fcpSizeTag(0x81).maxReadChunk(0xB5).build();
    }

    /** The 12-byte, 00-padded ASCII block FINEID uses. */
    static String block(String digits) {
        byte[] b = new byte[12];
        for (int i = 0; i < digits.length(); i++) {
            b[i] = (byte) digits.charAt(i);
        }
        return Hex.plain(b);
    }
}
