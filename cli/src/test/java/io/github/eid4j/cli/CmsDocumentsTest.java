package io.github.eid4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Security;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CMS signature is checked against the signer's certificate before it is handed back, whatever
 * provider made it: here the JDK's, with a key that is not the certificate's.
 */
class CmsDocumentsTest {
    @TempDir
    Path temp;

    private static KeyPair ecKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        return generator.generateKeyPair();
    }

    private static X509Certificate certificateFor(KeyPair key) throws Exception {
        X500Name name = new X500Name("CN=Maija Meikäläinen");
        Instant now = Instant.now();
        return new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(name, BigInteger.ONE,
                Date.from(now), Date.from(now.plus(1, ChronoUnit.DAYS)), name, key.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate())));
    }

    @Test
    void aSignatureThatDoesNotVerifyWithTheCertificateIsRefused() throws Exception {
        Path document = Files.writeString(temp.resolve("contract.txt"), "Sopimus\n");
        KeyPair certified = ecKey();
        X509Certificate certificate = certificateFor(certified);

        byte[] good = CmsDocuments.sign(document, certified.getPrivate(), List.of(certificate), Security.getProvider("SunEC"));
        assertThat(CmsDocuments.verify(document, good)).isEqualTo(certificate);

        assertThatThrownBy(() -> CmsDocuments.sign(document, ecKey().getPrivate(), List.of(certificate), Security.getProvider("SunEC")))
                .hasMessage("The card returned a signature that does not verify with its certificate; nothing was written.");
    }
}
