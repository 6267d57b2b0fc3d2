package io.github.eid4j.jca;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A detached CMS signature made by BouncyCastle's CMS API with the card's signature key through
 * Eid4j, verified by OpenSSL (a separate process) against the card's root CA.
 */
class CmsSignatureTest {
    private static final byte[] DOCUMENT = "Sopimus: osapuolet sopivat seuraavasta.\n".repeat(100).getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path folder;
    private String card;

    @AfterEach
    void deleteCard() {
        if (card != null) {
            TestCards.delete(card);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {TestCards.V3, TestCards.V4, TestCards.LUXEMBOURG})
    void openSslVerifiesTheDetachedSignature(String profile) throws Exception {
        card = TestCards.copy(profile);
        Eid4jProvider provider = (Eid4jProvider) new Eid4jProvider().configure("--virtual=" + card);
        ScriptedHandler user = ScriptedHandler.knowingPins();
        provider.setCallbackHandler(user);
        KeyStore ks = KeyStore.getInstance("EID", provider);
        ks.load(null, null);
        PrivateKey key = (PrivateKey) ks.getKey("signature", null);
        Certificate[] chain = ks.getCertificateChain("signature");

        ContentSigner signer = new JcaContentSignerBuilder(key.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA").setProvider(provider).build(key);
        CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
        generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().build())
                .build(signer, (X509Certificate) chain[0]));
        generator.addCertificates(new JcaCertStore(List.of(chain[0], chain[1])));
        CMSSignedData signed = generator.generate(new CMSProcessableByteArray(DOCUMENT), false);
        assertThat(user.prompts).containsExactly(TestCards.firstPrompt(profile, io.github.eid4j.card.KeyPurpose.SIGNATURE));

        Path signature = Files.write(folder.resolve("document.p7s"), signed.getEncoded("DER"));
        Path content = Files.write(folder.resolve("document.txt"), DOCUMENT);
        Path root = Files.writeString(folder.resolve("root.pem"), pem((X509Certificate) chain[2]));
        Tools.Result verified = openSslVerify(signature, content, root);
        assertThat(verified.exit()).as(verified.output()).isZero();
        assertThat(verified.output()).contains("Verification successful");

        Path tampered = Files.write(folder.resolve("tampered.txt"), "Sopimus: toisin.\n".getBytes(StandardCharsets.UTF_8));
        assertThat(openSslVerify(signature, tampered, root).exit()).as("a changed document does not verify").isNotZero();
    }

    private static Tools.Result openSslVerify(Path signature, Path content, Path root) throws Exception {
        return Tools.run(Map.of(), null, List.of(Tools.openssl(), "cms", "-verify", "-binary", "-inform", "DER", "-in", signature.toString(),
                "-content", content.toString(), "-CAfile", root.toString(), "-purpose", "any", "-out", "/dev/null"));
    }

    private static String pem(X509Certificate certificate) throws Exception {
        return "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
    }
}
