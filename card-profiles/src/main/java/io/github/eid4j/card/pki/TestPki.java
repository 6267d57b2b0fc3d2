package io.github.eid4j.card.pki;

import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;

/**
 * A two-level test PKI shaped like a real issuer's, which issues the certificates of eid4j's
 * virtual cards: a root CA, an issuing CA under it, and the citizen authentication and qualified
 * signature certificates the issuing CA signs. {@link #create} imitates DVV (FINEID cards),
 * {@link #createLuxTrustShaped} LuxTrust (Luxembourg eID). Everything is visibly TEST: the CA
 * names, the policy OIDs and their user notice.
 *
 * <p>DVV-shaped CAs have EC P-384 keys and sign with SHA384withECDSA, as DVV's v4 chain does, or
 * ({@link #createRsa}) RSA keys that sign with SHA256withRSA, as its v3 chain does; LuxTrust-shaped
 * ones have RSA keys and sign with SHA256withRSA ({@link CaKey} says which keys and why). Their
 * certificates have basicConstraints CA (critical; the issuing CA with pathLen 0), keyUsage
 * keyCertSign and cRLSign (critical), and key identifiers; they are valid for about ten years
 * from yesterday, "yesterday" so that a card made now verifies at once even on a machine whose
 * clock is a little behind. Citizen certificates are valid from yesterday for as long as the
 * issuer's are (DVV five years, LuxTrust five years and a month), and never beyond the issuing
 * CA. A PKI of an eid4j home ({@link TestPkiHome}) is kept there and answers for what it issued:
 * its certificates name its CRL, CA certificate and OCSP responder on 127.0.0.1, where
 * {@link StatusResponder} serves them. A PKI made here ({@link #create}) lives only in this
 * object; its DVV-shaped certificates name those addresses under {@link #LOCATIONS} (the reserved
 * .test domain, RFC 6761), where nothing answers: verify them with revocation checking off.
 * Nothing either issues is meant to be trusted anywhere else.
 */
public final class TestPki {
    /** The root CA's subject. */
    public static final String ROOT_NAME = "eid4j TEST Root CA";
    /** The issuing CA's subject. */
    public static final String ISSUING_NAME = "eid4j TEST Citizen Certificates CA";
    /** Where the DVV-shaped citizen certificates say the issuing CA's CRL, certificate and OCSP responder are. */
    public static final IssuerLocations LOCATIONS = new IssuerLocations("http://crl.eid4j.test/citizen-ca.crl",
            "http://ca.eid4j.test/citizen-ca.crt", "http://ocsp.eid4j.test/citizen-ca");
    /** The LuxTrust-shaped root CA's subject CN (LuxTrust's: "LuxTrust Global Root 2"). */
    public static final String LUXTRUST_ROOT_NAME = "eid4j TEST Global Root 2";
    /** The LuxTrust-shaped issuing CA's subject CN (LuxTrust's: "LuxTrust Global Qualified CA 3"). */
    public static final String LUXTRUST_ISSUING_NAME = "eid4j TEST Global Qualified CA 3";

    private static final Duration BACKDATING = Duration.ofDays(1);
    private static final Duration CA_VALIDITY = Duration.ofDays(3652);

    private final IssuerShape shape;
    private final CertificateAuthority root;
    private final CertificateAuthority issuing;
    private final Optional<IssuerLocations> locations;
    private final Clock clock;
    private final SecureRandom random;

    private TestPki(IssuerShape shape, CertificateAuthority root, CertificateAuthority issuing,
            Optional<IssuerLocations> locations, Clock clock, SecureRandom random) {
        this.shape = shape;
        this.root = root;
        this.issuing = issuing;
        this.locations = locations;
        this.clock = clock;
        this.random = random;
    }

    /** A PKI whose CAs are kept in a folder and answer at {@code locations} ({@link TestPkiHome}). */
    static TestPki served(IssuerShape shape, CertificateAuthority root, CertificateAuthority issuing,
            IssuerLocations locations, SecureRandom random) {
        return new TestPki(shape, root, issuing, Optional.of(locations), Clock.systemUTC(), random);
    }

    /** A new root and issuing CA of {@code shape}, valid from yesterday for ten years. */
    static CertificateAuthority[] newAuthorities(IssuerShape shape, SecureRandom random, Clock clock) {
        Instant notBefore = clock.instant().minus(BACKDATING);
        Instant notAfter = notBefore.plus(CA_VALIDITY);
        CertificateAuthority root = CertificateAuthority.root(shape.rootName(), shape.rootKey(), notBefore, notAfter,
                random);
        return new CertificateAuthority[] {root, root.subordinate(shape.issuingName(), shape.issuingKey(), notBefore, notAfter)};
    }

    CertificateAuthority issuing() {
        return issuing;
    }

    /** Where this PKI's citizen certificates say their status is; empty for a LuxTrust-shaped PKI that nothing serves. */
    public Optional<IssuerLocations> locations() {
        return locations;
    }

    public static TestPki create(SecureRandom random) {
        return create(random, Clock.systemUTC());
    }

    /** A DVV-shaped PKI whose certificates start the day before {@code clock}'s now. */
    public static TestPki create(SecureRandom random, Clock clock) {
        return create(DvvShape.v4Chain(), random, clock);
    }

    /** A PKI shaped like DVV's v3 chain (RSA CAs), for FINEID v3 cards. Its RSA CA keys take a few seconds to make. */
    public static TestPki createRsa(SecureRandom random) {
        return create(DvvShape.v3Chain(), random, Clock.systemUTC());
    }

    /** A LuxTrust-shaped PKI, for Luxembourg eID cards. Its RSA CA keys take a second or so to make. */
    public static TestPki createLuxTrustShaped(SecureRandom random) {
        return createLuxTrustShaped(random, Clock.systemUTC());
    }

    public static TestPki createLuxTrustShaped(SecureRandom random, Clock clock) {
        return create(new LuxTrustShape(), random, clock);
    }

    private static TestPki create(IssuerShape shape, SecureRandom random, Clock clock) {
        Objects.requireNonNull(random, "random");
        CertificateAuthority[] authorities = newAuthorities(shape, random, clock);
        return new TestPki(shape, authorities[0], authorities[1], shape.unservedLocations(), clock, random);
    }

    /**
     * A made-up citizen for this PKI's certificates, with a fresh serial number of the issuer's
     * form starting with {@value Citizen#TEST_SERIAL_PREFIX} (DVV: 8 digits and a check character,
     * LuxTrust: 20 digits).
     */
    public Citizen testCitizen(String givenName, String surname) {
        return shape.testCitizen(givenName, surname, random);
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
        return issueCitizen(key, citizen, shape.authentication(key, citizen, locations));
    }

    /** A qualified signature certificate for an RSA or EC key. */
    public X509Certificate issueQualifiedSignature(PublicKey key, Citizen citizen) {
        return issueCitizen(key, citizen, shape.qualifiedSignature(key, citizen, locations));
    }

    /** The DER encoding of a certificate this PKI made, as a card's file holds it. */
    public static byte[] der(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("A certificate the test PKI made cannot be encoded.", e);
        }
    }

    private X509Certificate issueCitizen(PublicKey key, Citizen citizen, List<Extension> extensions) {
        Instant notBefore = clock.instant().minus(BACKDATING);
        Instant notAfter = notBefore.atOffset(ZoneOffset.UTC).plus(shape.citizenValidity()).toInstant();
        if (notAfter.isAfter(issuing.notAfter())) {
            notAfter = issuing.notAfter();
        }
        X500Name subject = shape.subject(citizen);
        return issuing.issue(subject, key, notBefore, notAfter, extensions);
    }
}
