package io.github.eid4j.documents;

import eu.europa.esig.dss.enumerations.Indication;
import eu.europa.esig.dss.enumerations.SubIndication;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.List;

/**
 * What DSS's validator concluded about a document's signature (ETSI EN 319 102-1): its indication
 * (TOTAL_PASSED, TOTAL_FAILED or INDETERMINATE), the sub-indication that says why when it did not
 * pass, the format and level found, who signed and when.
 *
 * @param indication the overall result
 * @param subIndication why it did not pass; null when it passed
 * @param format the format and level, as ETSI names it (e.g. {@code PAdES-BASELINE-B})
 * @param signer the signing certificate; null if the signature does not carry it
 * @param claimedSigningTime the time the signer's computer put in the signature; null if none
 * @param timeStamp the earliest time-stamp's time, proof the signature existed then; null if none
 * @param signatures how many signatures the document holds (the verdict is the first one's)
 * @param errors the validator's own words on what failed, in the order of its checks
 */
public record SignatureVerdict(Indication indication, SubIndication subIndication, String format, X509Certificate signer,
        Date claimedSigningTime, Date timeStamp, int signatures, List<String> errors) {

    /** Whether the signature passed: the document is as signed, by a certificate that led to a trusted one and was valid then. */
    public boolean passed() {
        return indication == Indication.TOTAL_PASSED || indication == Indication.PASSED;
    }

    /** One sentence on the result, in plain words, with the ETSI indication in brackets. */
    public String sentence() {
        String etsi = subIndication == null ? indication.name() : indication.name() + ", " + subIndication.name();
        if (passed()) {
            return "The signature is valid (" + etsi + ").";
        }
        String why = subIndication == null ? "" : ": " + reason(subIndication, errors);
        if (indication == Indication.TOTAL_FAILED || indication == Indication.FAILED) {
            return "The signature is not valid (" + etsi + ")" + why + ".";
        }
        return "The signature could not be confirmed (" + etsi + ")" + why + ".";
    }

    /** The sub-indications a user of eid meets, in plain words; the others by their ETSI name alone. */
    private static String reason(SubIndication why, List<String> errors) {
        return switch (why) {
            case CERTIFICATE_CHAIN_GENERAL_FAILURE -> "its certificate could not be validated"
                    + (errors.isEmpty() ? "" : " (" + plain(errors.get(errors.size() - 1)) + ")");
            case HASH_FAILURE -> "the document was changed after it was signed, or it is another document";
            case SIG_CRYPTO_FAILURE -> "the signature value does not match the signing certificate";
            case FORMAT_FAILURE -> "the signature is not built as its format requires";
            case NO_CERTIFICATE_CHAIN_FOUND -> "its certificate does not lead to a certificate authority you trust (give one with --trust)";
            case NO_SIGNING_CERTIFICATE_FOUND -> "the signature does not carry its signing certificate";
            case REVOKED, REVOKED_NO_POE, REVOKED_CA_NO_POE -> "the signing certificate was revoked";
            case OUT_OF_BOUNDS_NO_POE, OUT_OF_BOUNDS_NOT_REVOKED -> "the signing certificate was not valid at the signing time";
            case EXPIRED -> "the signing certificate has expired";
            case NOT_YET_VALID -> "the signing certificate was not yet valid";
            case TRY_LATER -> "the signing certificate is suspended, or no OCSP answer or CRL recent enough was found; try again later";
            case SIGNED_DATA_NOT_FOUND -> "the signed document was not found (give the original file with a detached signature)";
            case CRYPTO_CONSTRAINTS_FAILURE, CRYPTO_CONSTRAINTS_FAILURE_NO_POE -> "an algorithm or key size is not considered secure";
            default -> errors.isEmpty() ? "see the ETSI sub-indication" : plain(errors.get(errors.size() - 1));
        };
    }

    /** DSS's message as part of a sentence: "No revocation data found for the certificate!" reads "no revocation data found for the certificate". */
    private static String plain(String message) {
        String m = message.strip().replaceAll("[!.]+$", "");
        return m.isEmpty() ? m : Character.toLowerCase(m.charAt(0)) + m.substring(1);
    }
}
