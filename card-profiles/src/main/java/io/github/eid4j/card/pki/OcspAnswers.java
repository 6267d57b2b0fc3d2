package io.github.eid4j.card.pki;

import java.io.IOException;
import java.math.BigInteger;
import java.security.cert.CertificateEncodingException;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.Req;
import org.bouncycastle.cert.ocsp.RespID;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * The OCSP responder of a home's test CAs (RFC 6960): each issuing CA signs the answers for the
 * certificates it issued itself (no delegated responder certificate), names itself by name, and
 * echoes the request's nonce. A certificate it issued is good, or revoked with the reason
 * certificateHold while suspended, or revoked with its reason; a serial it never issued is
 * unknown. A request about a CA that is not here gets "unauthorized", a request that is not one
 * "malformedRequest".
 */
final class OcspAnswers {
    private final TestPkiHome pki;

    OcspAnswers(TestPkiHome pki) {
        this.pki = pki;
    }

    byte[] answer(byte[] request) {
        try {
            OCSPReq ocspRequest;
            try {
                ocspRequest = new OCSPReq(request);
            } catch (IOException | RuntimeException e) {
                return status(OCSPRespBuilder.MALFORMED_REQUEST);
            }
            Req[] asked = ocspRequest.getRequestList();
            if (asked.length == 0) {
                return status(OCSPRespBuilder.MALFORMED_REQUEST);
            }
            DigestCalculatorProvider digests = new JcaDigestCalculatorProviderBuilder().build();
            Optional<TestIssuer> issuer = Optional.empty();
            Optional<CertificateAuthority> authority = Optional.empty();
            for (TestIssuer candidate : TestIssuer.values()) {
                Optional<CertificateAuthority> ca = pki.issuingAuthority(candidate);
                if (ca.isPresent() && asked[0].getCertID().matchesIssuer(holder(ca.get()), digests)) {
                    issuer = Optional.of(candidate);
                    authority = ca;
                    break;
                }
            }
            if (authority.isEmpty()) {
                return status(OCSPRespBuilder.UNAUTHORIZED);
            }
            X509CertificateHolder ca = holder(authority.get());
            BasicOCSPRespBuilder response = new BasicOCSPRespBuilder(new RespID(ca.getSubject()));
            Map<BigInteger, CertificateState> states = pki.states(issuer.get());
            Date now = Date.from(pki.now());
            for (Req one : asked) {
                CertificateID id = one.getCertID();
                response.addResponse(id, one.getCertID().matchesIssuer(ca, digests)
                        ? statusOf(issuer.get(), id.getSerialNumber(), states) : new UnknownStatus(), now, (Date) null);
            }
            Extension nonce = ocspRequest.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
            if (nonce != null) {
                response.setResponseExtensions(new Extensions(nonce));
            }
            return new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL,
                    response.build(authority.get().signer(), new X509CertificateHolder[] {ca}, now)).getEncoded();
        } catch (OCSPException | OperatorCreationException | IOException e) {
            return status(OCSPRespBuilder.INTERNAL_ERROR);
        }
    }

    private CertificateStatus statusOf(TestIssuer issuer, BigInteger serial, Map<BigInteger, CertificateState> states) {
        if (pki.issued(issuer, serial).isEmpty()) {
            return new UnknownStatus();
        }
        CertificateState state = states.getOrDefault(serial, CertificateState.good());
        if (state.kind() == CertificateState.Kind.GOOD) {
            return CertificateStatus.GOOD;
        }
        return new RevokedStatus(Date.from(state.since()), state.reason().ordinal());
    }

    private static X509CertificateHolder holder(CertificateAuthority ca) {
        try {
            return new JcaX509CertificateHolder(ca.certificate());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("A test CA's certificate cannot be encoded.", e);
        }
    }

    private static byte[] status(int status) {
        try {
            OCSPResp response = new OCSPRespBuilder().build(status, null);
            return response.getEncoded();
        } catch (OCSPException | IOException e) {
            throw new IllegalStateException("An OCSP error response cannot be made: " + e.getMessage(), e);
        }
    }
}
