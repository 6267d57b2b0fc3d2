package io.github.eid4j.card.fineid;

import io.github.eid4j.apdu.Hex;
import io.github.eid4j.apdu.ResponseApdu;
import io.github.eid4j.apdu.transport.CardTransport;
import io.github.eid4j.apdu.transport.TransportException;
import io.github.eid4j.card.CardAccessException;
import io.github.eid4j.card.CardConnection;
import io.github.eid4j.card.CardIdentity;
import io.github.eid4j.card.CardProfile;
import io.github.eid4j.card.EidCard;
import io.github.eid4j.card.EidException;
import io.github.eid4j.card.KeyEntry;
import io.github.eid4j.card.KeyPurpose;
import io.github.eid4j.card.SignatureScheme;
import io.github.eid4j.card.pkcs15.CertificateObject;
import io.github.eid4j.card.pkcs15.DirectoryKind;
import io.github.eid4j.card.pkcs15.Odf;
import io.github.eid4j.card.pkcs15.Path;
import io.github.eid4j.card.pkcs15.Pkcs15FormatException;
import java.io.ByteArrayInputStream;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import io.github.eid4j.card.PinInfo;
import io.github.eid4j.card.iso.FileCache;
import io.github.eid4j.card.iso.IsoCommands;
import io.github.eid4j.card.iso.TransparentFiles;

/** Finds FINEID v3 and v4 cards: an ATR of the family, then the PKCS#15 application must answer its AID. */
public final class FineidProfile implements CardProfile {
    static final byte[] AUTH_ID = {0x45};
    static final byte[] SIGN_ID = {0x46};

    @Override
    public String name() {
        return "FINEID";
    }

    @Override
    public boolean matchesAtr(byte[] atr) {
        return FineidVersion.fromAtr(atr) != null;
    }

    /**
     * Opens the card with what every FINEID card has and nothing more: the application, then the
     * certificates at their recorded paths (docs/cards.md §1.2), whose key references and PINs are
     * the generation's. The card is named by its authentication certificate's serial number (one
     * certificate per card), so no optional file (EF.TokenInfo, the PKCS#15 directories) is read to
     * open it. The signature certificate and the CA certificates are read when first wanted; a
     * signature certificate the card does not give leaves the card with its authentication key.
     */
    @Override
    public Optional<EidCard> open(CardConnection connection) throws EidException {
        FineidVersion version = FineidVersion.fromAtr(connection.atr());
        if (version == null) {
            return Optional.empty();
        }
        int maxRead = connection.maxResponseData();
        String kind = name() + " " + version.label();
        Optional<Opened> opened = connection.transact(card -> {
            ResponseApdu selected = card.transmit(IsoCommands.selectApplication(Fineid.AID));
            if (!selected.isSuccess()) {
                return Optional.empty(); // same chip family, other application: not ours
            }
            // The certificate's first READ BINARY names the card; with it, the rest may come from the cache.
            Optional<TransparentFiles.FileStart> start = TransparentFiles.start(card, Fineid.AUTH_CERT_PATH, maxRead);
            if (start.isEmpty()) {
                throw noCertificate("authentication", Fineid.AUTH_CERT_PATH);
            }
            FileCache files = connection.cachesFiles() ? FileCache.forCard(kind, start.get()) : FileCache.none();
            byte[] der = files.rest(card, Fineid.AUTH_CERT_PATH, start.get(), maxRead);
            return Optional.of(new Opened(files, certificate(Optional.of(der), Fineid.AUTH_CERT_PATH, "authentication")));
        });
        if (opened.isEmpty()) {
            return Optional.empty();
        }
        FileCache files = opened.get().files();
        X509Certificate auth = opened.get().authentication();
        KeyEntry authKey = keyEntry(AUTH_ID, Fineid.AUTH_KEY_LABEL, KeyPurpose.AUTHENTICATION, Fineid.AUTH_KEY, FineidCard.PIN1, auth);
        CardIdentity identity = new CardIdentity(auth.getSerialNumber().toString(), name(),
                version.label(), connection.location());
        byte[] signPath = version.signCertificatePath();
        return Optional.of(new FineidCard(connection, version, identity, List.of(authKey),
                card -> List.of(keyEntry(SIGN_ID, Fineid.SIGN_KEY_LABEL, KeyPurpose.SIGNATURE, version.signKey(), FineidCard.PIN2,
                        certificate(files.read(card, signPath, maxRead), signPath, "signature"))),
                card -> caCertificates(card, maxRead, files)));
    }

    /** What opening a card read: its cache, and the authentication certificate. */
    private record Opened(FileCache files, X509Certificate authentication) {
    }

    /**
     * What a key can do follows from its certificate's key type: an RSA key (v3 authentication)
     * signs with PKCS#1 or PSS and decrypts; an EC key signs with ECDSA, and the authentication
     * key also agrees keys (ECDH). FINEID keys are one or the other; a certificate with any other
     * key (DSA, EdDSA, an RSA key restricted to PSS...) cannot describe a key of this card.
     */
    static KeyEntry keyEntry(byte[] id, String label, KeyPurpose purpose, int reference, PinInfo pin,
            X509Certificate cert) throws CardAccessException {
        PublicKey key = cert.getPublicKey();
        boolean rsa = key instanceof RSAPublicKey && "RSA".equals(key.getAlgorithm());
        if (!rsa && !(key instanceof ECPublicKey)) {
            throw new CardAccessException(CardAccessException.Reason.CARD_ERROR, "The " + purpose.name().toLowerCase(Locale.ROOT)
                    + " certificate on the card holds a " + key.getAlgorithm() + " key, which is not a key of a FINEID card.");
        }
        boolean authentication = purpose == KeyPurpose.AUTHENTICATION;
        return new KeyEntry(id, label, purpose, reference, pin, cert,
                rsa ? EnumSet.of(SignatureScheme.RSA_PKCS1, SignatureScheme.RSA_PSS) : EnumSet.of(SignatureScheme.ECDSA),
                rsa && authentication, !rsa && authentication);
    }

    /** The CA certificates the PKCS#15 structure lists as trusted (ODF entry [5]), if the card has one. */
    private static List<X509Certificate> caCertificates(CardTransport card, int maxRead, FileCache files)
            throws TransportException, EidException {
        List<X509Certificate> out = new ArrayList<>();
        try {
            Optional<byte[]> odf = files.read(card, Fineid.ODF_PATH, maxRead);
            if (odf.isEmpty()) {
                return out;
            }
            for (Path directory : Odf.decode(odf.get()).paths(DirectoryKind.TRUSTED_CERTIFICATES)) {
                Optional<byte[]> cdf = files.read(card, fromMf(directory), maxRead);
                if (cdf.isPresent()) {
                    for (CertificateObject object : CertificateObject.decodeAll(cdf.get())) {
                        byte[] path = fromMf(object.path());
                        out.add(certificate(files.read(card, path, maxRead), path, "CA"));
                    }
                }
            }
        } catch (Pkcs15FormatException e) {
            throw malformed(e);
        }
        return out;
    }

    private static CardAccessException malformed(Pkcs15FormatException e) {
        return new CardAccessException(CardAccessException.Reason.CARD_ERROR, "The card's PKCS#15 structure is malformed: " + e.getMessage(), e);
    }

    /** A PKCS#15 path as SELECT P1=08 wants it: from the MF, without the MF's own 3F00. */
    private static byte[] fromMf(Path path) {
        byte[] p = path.efidOrPath();
        return p.length >= 2 && p[0] == 0x3F && p[1] == 0x00 ? java.util.Arrays.copyOfRange(p, 2, p.length) : p;
    }

    private static CardAccessException noCertificate(String which, byte[] path) {
        return new CardAccessException(CardAccessException.Reason.CARD_ERROR, "The card has no " + which + " certificate (file "
                + Hex.plain(path) + ").");
    }

    /** The certificate in a file the card gave (or the cache kept), if it gave one. */
    private static X509Certificate certificate(Optional<byte[]> der, byte[] path, String which) throws EidException {
        if (der.isEmpty()) {
            throw noCertificate(which, path);
        }
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der.get()));
        } catch (CertificateException e) {
            throw new CardAccessException(CardAccessException.Reason.CARD_ERROR, "The " + which + " certificate on the card is not a valid X.509 certificate.", e);
        }
    }

}
