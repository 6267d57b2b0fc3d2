package io.github.eid4j.cli.login;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A local service's own TLS key and self-signed certificate, made for one run: EC P-256, for
 * "localhost" and 127.0.0.1, valid for a day. Clients trust it by that certificate.
 */
final class ServerIdentity {
    private final KeyPair key;
    private final X509Certificate certificate;

    private ServerIdentity(KeyPair key, X509Certificate certificate) {
        this.key = key;
        this.certificate = certificate;
    }

    static ServerIdentity create(String organisation, SecureRandom random) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), random);
        KeyPair key = generator.generateKeyPair();
        Instant now = Instant.now();
        X500Name name = new X500Name("CN=localhost,O=" + organisation);
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, new BigInteger(64, random),
                Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(Duration.ofDays(1))), name, key.getPublic());
        try {
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
            return new ServerIdentity(key, new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate()))));
        } catch (CertIOException | OperatorCreationException e) {
            throw new GeneralSecurityException("The service's TLS certificate could not be made: " + e.getMessage(), e);
        }
    }

    X509Certificate certificate() {
        return certificate;
    }

    /** Key managers that offer this key and certificate to TLS clients. */
    KeyManagerFactory keyManagers() throws GeneralSecurityException {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", key.getPrivate(), new char[0], new Certificate[] {certificate});
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, new char[0]);
            return factory;
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException("The service's TLS key could not be stored: " + e.getMessage(), e);
        }
    }
}
