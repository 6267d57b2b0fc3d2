package io.github.eid4j.card.pki;

import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;

/**
 * A two-level test PKI shaped like DVV's citizen certificate PKI, which issues the certificates
 * of eid4j's virtual FINEID cards: a root CA, an issuing CA under it, and the citizen
 * authentication and qualified signature certificates the issuing CA signs. Everything is
 * visibly TEST: the CA names, the policy OIDs and their user notice.
 *
 * <p>The CAs have EC P-384 keys and sign with SHA384withECDSA, as DVV's v4 chain does, or
 * ({@link #createRsa}) RSA keys that sign with SHA256withRSA, as its v3 chain does. Their
 * certificates have basicConstraints CA (critical; the issuing CA with pathLen 0), keyUsage
 * keyCertSign and cRLSign (critical), and key identifiers; they are valid for about ten years
 * from yesterday, "yesterday" so that a card made now verifies at once even on a machine whose
 * clock is a little behind. Citizen certificates are valid for five years from yesterday, as
 * DVV's are, and never beyond the issuing CA. They name a CRL, the issuer's certificate and an
 * OCSP responder under {@link #LOCATIONS} (the reserved .test domain, RFC 6761), as DVV's name
 * theirs; nothing answers there yet: verify with revocation checking off.
 *
 * <p>The CA keys live only in this object, so a PKI is made anew for each test run or virtual
 * card set; nothing it issues is meant to be trusted anywhere else.
 */
public final class TestPki {
    /** The root CA's subject. */
    public static final String ROOT_NAME = "eid4j TEST Root CA";
    /** The issuing CA's subject. */
    public static final String ISSUING_NAME = "eid4j TEST Citizen Certificates CA";
    /** Where the citizen certificates say the issuing CA's CRL, certificate and OCSP responder are. */
    public static final IssuerLocations LOCATIONS = new IssuerLocations("http://crl.eid4j.test/citizen-ca.crl",
            "http://ca.eid4j.test/citizen-ca.crt", "http://ocsp.eid4j.test/citizen-ca");

    private static final Duration BACKDATING = Duration.ofDays(1);
    private static final Duration CA_VALIDITY = Duration.ofDays(3652);
    private static final Duration CITIZEN_VALIDITY = Duration.ofDays(1826);

    private final CertificateAuthority root;
    private final CertificateAuthority issuing;
    private final Clock clock;

    private TestPki(CertificateAuthority root, CertificateAuthority issuing, Clock clock) {
        this.root = root;
        this.issuing = issuing;
        this.clock = clock;
    }

    public static TestPki create(SecureRandom random) {
        return create(random, Clock.systemUTC());
    }

    /** A PKI whose certificates start the day before {@code clock}'s now. */
    public static TestPki create(SecureRandom random, Clock clock) {
        return create(random, clock, CaKey.EC_P384, CaKey.EC_P384);
    }

    /**
     * A PKI shaped like DVV's v3 chain: the issuing CA signs with an RSA-4096 key, as DVV's G3 CA
     * does (so a citizen certificate has the real one's size); the root's RSA-2048 key, whose size
     * shows in no card's certificate, keeps it quick to make.
     */
    public static TestPki createRsa(SecureRandom random) {
        return create(random, Clock.systemUTC(), CaKey.RSA_2048, CaKey.RSA_4096);
    }

    private static TestPki create(SecureRandom random, Clock clock, CaKey rootKey, CaKey issuingKey) {
        Objects.requireNonNull(random, "random");
        Instant notBefore = clock.instant().minus(BACKDATING);
        Instant notAfter = notBefore.plus(CA_VALIDITY);
        CertificateAuthority root = CertificateAuthority.root(CitizenSubject.authority(ROOT_NAME), rootKey, notBefore,
                notAfter, random);
        CertificateAuthority issuing = root.subordinate(CitizenSubject.authority(ISSUING_NAME), issuingKey, notBefore, notAfter);
        return new TestPki(root, issuing, clock);
    }

    public X509Certificate rootCertificate() {
        return root.certificate();
    }

    public X509Certificate issuingCertificate() {
        return issuing.certificate();
    }

    /** The CA certificates, issuing CA first and root last, as a card or TLS peer sends them. */
    public List<X509Certificate> chain() {
        return List.of(issuing.certificate(), root.certificate());
    }

    /** A citizen authentication certificate for an RSA or EC key. */
    public X509Certificate issueAuthentication(PublicKey key, Citizen citizen) {
        return issueCitizen(key, citizen, CitizenCertificateProfile.authentication(key, citizen, LOCATIONS));
    }

    /** A qualified signature certificate for an RSA or EC key. */
    public X509Certificate issueQualifiedSignature(PublicKey key, Citizen citizen) {
        return issueCitizen(key, citizen, CitizenCertificateProfile.qualifiedSignature(key, citizen, LOCATIONS));
    }

    private X509Certificate issueCitizen(PublicKey key, Citizen citizen, List<Extension> extensions) {
        Instant notBefore = clock.instant().minus(BACKDATING);
        Instant notAfter = notBefore.plus(CITIZEN_VALIDITY);
        if (notAfter.isAfter(issuing.notAfter())) {
            notAfter = issuing.notAfter();
        }
        X500Name subject = CitizenSubject.of(citizen);
        return issuing.issue(subject, key, notBefore, notAfter, extensions);
    }
}
