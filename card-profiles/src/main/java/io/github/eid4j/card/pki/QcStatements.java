package io.github.eid4j.card.pki;

import java.io.IOException;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.qualified.ETSIQCObjectIdentifiers;
import org.bouncycastle.asn1.x509.qualified.QCStatement;

/**
 * The qcStatements extension (id-pe-qcStatements, 1.3.6.1.5.5.7.1.3, RFC 3739) that marks a
 * certificate as an EU qualified certificate for electronic signatures, per ETSI EN 319 412-5:
 * <ul>
 *   <li>QcCompliance (0.4.0.1862.1.1): issued as a qualified certificate;</li>
 *   <li>QcSSCD (0.4.0.1862.1.4): the private key is in a qualified signature creation device,
 *       the card;</li>
 *   <li>QcType (0.4.0.1862.1.6) esign (0.4.0.1862.1.6.1): for signatures of a natural person,
 *       not seals or web sites.</li>
 *   <li>QcPDS (0.4.0.1862.1.5), where the issuer names its PKI disclosure statement: a URL and
 *       its language (LuxTrust: an https URL, "EN").</li>
 * </ul>
 * Not critical, as in DVV's and LuxTrust's certificates and as EN 319 412-5 requires. LuxTrust's
 * authentication certificate carries QcSSCD alone: not qualified, but its key is on the QSCD.
 */
final class QcStatements {
    private QcStatements() {
    }

    static Extension forQualifiedSignature() {
        return encode(new QCStatement(ETSIQCObjectIdentifiers.id_etsi_qcs_QcCompliance),
                new QCStatement(ETSIQCObjectIdentifiers.id_etsi_qcs_QcSSCD),
                esign());
    }

    /** Qualified signature with a PKI disclosure statement, in LuxTrust's order: Compliance, SSCD, PDS, Type. */
    static Extension forQualifiedSignature(String pdsUrl, String pdsLanguage) {
        ASN1Encodable location = new DERSequence(new ASN1Encodable[] {
            new DERIA5String(pdsUrl), new DERPrintableString(pdsLanguage)});
        return encode(new QCStatement(ETSIQCObjectIdentifiers.id_etsi_qcs_QcCompliance),
                new QCStatement(ETSIQCObjectIdentifiers.id_etsi_qcs_QcSSCD),
                new QCStatement(ETSIQCObjectIdentifiers.id_etsi_qcs_QcPds, new DERSequence(location)),
                esign());
    }

    /** The key is on a QSCD, nothing more: LuxTrust's authentication certificate. */
    static Extension forKeyOnSignatureDevice() {
        return encode(new QCStatement(ETSIQCObjectIdentifiers.id_etsi_qcs_QcSSCD));
    }

    private static QCStatement esign() {
        return new QCStatement(ETSIQCObjectIdentifiers.id_etsi_qcs_QcType,
                new DERSequence(ETSIQCObjectIdentifiers.id_etsi_qct_esign));
    }

    private static Extension encode(QCStatement... statements) {
        try {
            return new Extension(Extension.qCStatements, false, new DERSequence(statements).getEncoded());
        } catch (IOException e) {
            throw new IllegalStateException("The QC statements could not be encoded: " + e.getMessage(), e);
        }
    }
}
