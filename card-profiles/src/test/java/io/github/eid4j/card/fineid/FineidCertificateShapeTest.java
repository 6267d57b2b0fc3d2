package io.github.eid4j.card.fineid;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.eid4j.apdu.CommandApdu;
import io.github.eid4j.apdu.emulator.NonVolatileMemory;
import io.github.eid4j.apdu.emulator.VirtualCard;
import io.github.eid4j.card.CardConnection;
import io.github.eid4j.card.InProcessConnection;
import io.github.eid4j.card.iso.TransparentFiles;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The virtual cards' certificates have the shape of DVV's: each is compared with the
 * certificate the same slot holds on DVV's specimen card of its generation, read from
 * libelectronic-id's recordings (docs/recordings.md). Same extensions in the same order with
 * the same criticality, the same subject attributes in the same order, a SATU of eight digits
 * and a check character, the issuer's signature AlgorithmIdentifier byte for byte (v4:
 * ecdsa-with-SHA384 written with NULL parameters; v3: sha256WithRSAEncryption, an RSA CA), and a
 * size within a tenth of the real one, so that a host reads as many chunks as from a real card.
 */
class FineidCertificateShapeTest {
    private static final Map<RecordedFineidCardsTest.Recorded, byte[]> VIRTUAL = new EnumMap<>(RecordedFineidCardsTest.Recorded.class);

    private static byte[] read(CardConnection connection, byte[] path) throws Exception {
        return connection.transact(card -> {
            assertThat(card.transmit(new CommandApdu(0x00, 0xA4, 0x04, 0x0C, Fineid.AID)).isSuccess()).isTrue();
            return TransparentFiles.read(card, path).orElseThrow();
        });
    }

    private static byte[] path(RecordedFineidCardsTest.Recorded r) {
        return r.authentication() ? Fineid.AUTH_CERT_PATH : r.version.signCertificatePath();
    }

    private static synchronized byte[] virtualCertificate(RecordedFineidCardsTest.Recorded r) throws Exception {
        if (!VIRTUAL.containsKey(r)) {
            FineidVirtualCard profile = r.version.isV4() ? new FineidVirtualCard.V4() : new FineidVirtualCard.V3();
            VirtualCard card = new VirtualCard(profile.personalise(true, new SecureRandom()).image(), NonVolatileMemory.NONE);
            InProcessConnection connection = new InProcessConnection(card, true, "virtual " + profile.name(), () -> { });
            for (RecordedFineidCardsTest.Recorded same : RecordedFineidCardsTest.Recorded.values()) {
                if (same.version == r.version) {
                    VIRTUAL.put(same, read(connection, path(same)));
                }
            }
        }
        return VIRTUAL.get(r);
    }

    private static List<String> extensionOrder(Certificate certificate) {
        Extensions extensions = certificate.getTBSCertificate().getExtensions();
        return Stream.of(extensions.getExtensionOIDs()).map(oid -> {
            Extension e = extensions.getExtension(oid);
            return oid.getId() + (e.isCritical() ? " critical" : "");
        }).toList();
    }

    private static List<ASN1ObjectIdentifier> subjectOrder(Certificate certificate) {
        return Stream.of(certificate.getSubject().getRDNs()).map(rdn -> rdn.getFirst().getType()).toList();
    }

    private static String satu(Certificate certificate) {
        return IETFUtils.valueToString(certificate.getSubject().getRDNs(BCStyle.SERIALNUMBER)[0].getFirst().getValue());
    }

    @ParameterizedTest
    @EnumSource(RecordedFineidCardsTest.Recorded.class)
    void theVirtualCertificateHasTheShapeOfDvvs(RecordedFineidCardsTest.Recorded r) throws Exception {
        byte[] realDer = read(RecordedFineidCardsTest.Recorded.connection(r.replay()), path(r));
        byte[] oursDer = virtualCertificate(r);
        Certificate real = Certificate.getInstance(realDer);
        Certificate ours = Certificate.getInstance(oursDer);

        assertThat(extensionOrder(ours)).isEqualTo(extensionOrder(real));
        assertThat(subjectOrder(ours)).isEqualTo(subjectOrder(real));
        assertThat(satu(real)).matches("[0-9]{8}[0-9A-Y]");
        assertThat(satu(ours)).matches("999[0-9]{5}[0-9A-Y]");
        assertThat(ours.getSignatureAlgorithm().getEncoded()).isEqualTo(real.getSignatureAlgorithm().getEncoded());
        assertThat(ours.getTBSCertificate().getSignature().getEncoded()).isEqualTo(real.getTBSCertificate().getSignature().getEncoded());
        assertThat(ours.getSubjectPublicKeyInfo().getAlgorithm().getAlgorithm())
                .isEqualTo(real.getSubjectPublicKeyInfo().getAlgorithm().getAlgorithm());
        assertThat((double) oursDer.length).as("size of ours (%d bytes) against DVV's (%d bytes)", oursDer.length, realDer.length)
                .isBetween(realDer.length * 0.9, realDer.length * 1.1);
        assertThat(Arrays.equals(oursDer, realDer)).isFalse();
    }
}
