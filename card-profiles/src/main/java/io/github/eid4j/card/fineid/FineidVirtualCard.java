package io.github.eid4j.card.fineid;

import io.github.eid4j.apdu.emulator.AccessCondition;
import io.github.eid4j.apdu.AlgorithmReference.Operation;
import io.github.eid4j.apdu.emulator.CardImage;
import io.github.eid4j.apdu.emulator.CardKey;
import io.github.eid4j.apdu.emulator.CardSettings;
import io.github.eid4j.apdu.emulator.DedicatedFile;
import io.github.eid4j.apdu.emulator.ElementaryFile;
import io.github.eid4j.apdu.emulator.KeyType;
import io.github.eid4j.apdu.emulator.Personalisation;
import io.github.eid4j.apdu.emulator.PinFormat;
import io.github.eid4j.apdu.emulator.KeyObject;
import io.github.eid4j.apdu.emulator.ReferenceData;
import io.github.eid4j.apdu.emulator.VirtualCardProfile;
import io.github.eid4j.card.KeyPurpose;
import io.github.eid4j.card.pki.Citizen;
import io.github.eid4j.card.pki.TestIssuer;
import io.github.eid4j.card.pki.TestPki;
import io.github.eid4j.card.pki.TestPkiHome;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * A virtual FINEID card of one generation: the real ATR and T=0 behaviour, the AID, the recorded
 * file layout and FCPs, PIN references and rules, the PIN-info template, key references and
 * algorithm bytes, certificates from a test PKI (the home's, which answers for them, when the card
 * is made in an eid4j home; else one made for the card), and a PKCS#15 structure
 * (docs/fineid.md). A new card is "not activated" and comes with its activation code, as DVV's
 * letter does; an {@code activated} card has PIN1 1234, PIN2 123456 and PUK 12345678, for tests.
 */
public abstract class FineidVirtualCard implements VirtualCardProfile {
    public static final String TEST_PIN1 = "1234";
    public static final String TEST_PIN2 = "123456";
    public static final String TEST_PUK = "12345678";

    /** File IDs of the PKCS#15 directory files and CA certificates eid4j chose [I]. */
    static final int AODF = 0x4401;
    static final int PRKDF = 0x4402;
    static final int CDF = 0x4403;
    static final int TRUSTED_CDF = 0x4404;
    static final int ISSUING_CA = 0x4340;
    static final int ROOT_CA = 0x4341;
    static final int AUTH_CERT = fid(Fineid.AUTH_CERT_PATH);

    private final FineidVersion version;

    protected FineidVirtualCard(FineidVersion version) {
        this.version = version;
    }

    /** {@code eid virtual create --profile fineid-v3}. */
    public static final class V3 extends FineidVirtualCard {
        public V3() {
            super(FineidVersion.V3_1);
        }
    }

    /** {@code eid virtual create --profile fineid-v4}. */
    public static final class V4 extends FineidVirtualCard {
        public V4() {
            super(FineidVersion.V4_0);
        }
    }

    @Override
    public String name() {
        return version.isV4() ? "fineid-v4" : "fineid-v3";
    }

    @Override
    public String description() {
        return "Finnish citizen certificate card " + version.label() + (version.isV4()
                ? ": EC P-384 authentication and signature keys"
                : ": RSA-2048 authentication key, EC P-256 signature key");
    }

    @Override
    public void attach(CardImage image) {
        image.addDataObject(Fineid.PIN_INFO_P1P2, new FineidPinInfo());
    }

    @Override
    public Personalisation personalise(boolean activated, SecureRandom random) {
        // The CA signs as DVV's chain of the generation does: ECDSA with SHA-384 (v4), RSA with SHA-256 (v3).
        TestPki pki = version.isV4() ? TestPki.create(random) : TestPki.createRsa(random);
        return personalise(activated, random, pki, (purpose, certificate) -> { });
    }

    @Override
    public Personalisation personalise(String name, Path home, boolean activated, SecureRandom random) {
        TestPkiHome kept = TestPkiHome.of(home);
        TestIssuer issuer = version.isV4() ? TestIssuer.FINEID_V4 : TestIssuer.FINEID_V3;
        return personalise(activated, random, kept.pki(issuer, random),
                (purpose, certificate) -> kept.recordIssued(issuer, name, purpose, certificate));
    }

    private Personalisation personalise(boolean activated, SecureRandom random, TestPki pki,
            BiConsumer<KeyPurpose, X509Certificate> issued) {
        CardSettings settings = CardSettings.builder(version.atr())
                .t0(true).fcpSizeTag(Fineid.FCP_SIZE_TAG).efFcpSizeOnly(true).maxReadChunk(Fineid.READ_CHUNK).build();
        // The MF carries the PKCS#15 AID, so that the AID selection and the recorded paths from the MF both work [I].
        DedicatedFile mf = new DedicatedFile(DedicatedFile.MF_FID, Fineid.AID);
        CardImage image = new CardImage(settings, mf);
        Fineid.ALGORITHMS.forEach(image::addAlgorithm);
        attach(image);

        PinFormat block = PinFormat.asciiPadded(Fineid.PIN_BLOCK, Fineid.PIN_PAD);
        ReferenceData puk = image.addPin(new ReferenceData(Fineid.PUK, "PUK", block, Fineid.PUK_LENGTH, Fineid.PUK_LENGTH,
                Fineid.MAX_TRIES, -1, false));
        ReferenceData pin1 = image.addPin(new ReferenceData(Fineid.PIN1, "PIN1", block, Fineid.PIN1_MIN, Fineid.PIN1_MAX,
                Fineid.MAX_TRIES, Fineid.PUK, false));
        ReferenceData pin2 = image.addPin(new ReferenceData(Fineid.PIN2, "PIN2", block, Fineid.PIN2_MIN, Fineid.PIN2_MAX,
                Fineid.MAX_TRIES, Fineid.PUK, false));
        char[] code = activated ? TEST_PUK.toCharArray() : Personalisation.randomDigits(random, Fineid.PUK_LENGTH);
        puk.personalise(code, false);
        if (activated) {
            pin1.personalise(TEST_PIN1.toCharArray(), false);
            pin2.personalise(TEST_PIN2.toCharArray(), false);
        }

        CardKey auth = CardKey.generate(Fineid.AUTH_KEY, version.isV4() ? KeyType.EC_P384 : KeyType.RSA_2048, random);
        CardKey sign = CardKey.generate(version.signKey(), version.isV4() ? KeyType.EC_P384 : KeyType.EC_P256, random);
        Set<Operation> authOperations = version.isV4() ? EnumSet.of(Operation.SIGN_ECDSA, Operation.DERIVE_ECDH)
                : EnumSet.of(Operation.SIGN_PKCS1, Operation.SIGN_PSS, Operation.DECIPHER_PKCS1, Operation.DECIPHER_OAEP);
        image.addKey(new KeyObject(auth, AccessCondition.pin(Fineid.PIN1), authOperations));
        image.addKey(new KeyObject(sign, AccessCondition.pinEachUse(Fineid.PIN2), EnumSet.of(Operation.SIGN_ECDSA)));

        Citizen citizen = Citizen.test("Maija", "Meikäläinen", random).withEmail("maija.meikalainen@testi.eid4j.test");
        X509Certificate authCert = pki.issueAuthentication(auth.publicKey(), citizen);
        X509Certificate signCert = pki.issueQualifiedSignature(sign.publicKey(), citizen);
        issued.accept(KeyPurpose.AUTHENTICATION, authCert);
        issued.accept(KeyPurpose.SIGNATURE, signCert);
        String serial = String.valueOf(Personalisation.randomDigits(random, 9));

        int signCertFid = fid(version.signCertificatePath());
        FineidPkcs15 pkcs15 = new FineidPkcs15(version, serial, signCertFid);
        mf.add(ElementaryFile.readOnly(0x2F00, pkcs15.efDir()));
        mf.add(ElementaryFile.readOnly(fid(Fineid.ODF_PATH), pkcs15.odf()));
        mf.add(ElementaryFile.readOnly(fid(Fineid.TOKEN_INFO_PATH), pkcs15.tokenInfo()));
        mf.add(ElementaryFile.readOnly(AODF, pkcs15.aodf()));
        mf.add(ElementaryFile.readOnly(PRKDF, pkcs15.prkdf(auth.type(), sign.type())));
        mf.add(ElementaryFile.readOnly(CDF, pkcs15.cdf()));
        mf.add(ElementaryFile.readOnly(TRUSTED_CDF, pkcs15.trustedCdf()));
        mf.add(ElementaryFile.readOnly(AUTH_CERT, TestPki.der(authCert)));
        mf.add(ElementaryFile.readOnly(ISSUING_CA, TestPki.der(pki.issuingCertificate())));
        mf.add(ElementaryFile.readOnly(ROOT_CA, TestPki.der(pki.rootCertificate())));
        DedicatedFile signDf = mf.add(new DedicatedFile(Fineid.SIGN_DF, null));
        signDf.add(ElementaryFile.readOnly(signCertFid, TestPki.der(signCert)));

        Personalisation result = new Personalisation(image);
        if (activated) {
            result.withSecret("PIN1", TEST_PIN1.toCharArray()).withSecret("PIN2", TEST_PIN2.toCharArray());
        }
        result.withSecret(activated ? "PUK" : "Activation code", code);
        java.util.Arrays.fill(code, '\0');
        return result;
    }

    /** The file ID a path from the MF ends with. */
    private static int fid(byte[] path) {
        return ((path[path.length - 2] & 0xFF) << 8) | (path[path.length - 1] & 0xFF);
    }
}
