package io.github.eid4j.card.fineid;

import io.github.eid4j.apdu.Hex;
import io.github.eid4j.apdu.ResponseApdu;
import io.github.eid4j.apdu.tlv.BerTlv;
import io.github.eid4j.apdu.tlv.Tlv;
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
import io.github.eid4j.card.pkcs15.AuthenticationObject;
import io.github.eid4j.card.pkcs15.CertificateObject;
import io.github.eid4j.card.pkcs15.Identifier;
import io.github.eid4j.card.pkcs15.KeyUsageFlag;
import io.github.eid4j.card.pkcs15.PrivateKeyObject;
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

    @Override
    public Optional<EidCard> open(CardConnection connection) throws EidException {
        FineidVersion version = FineidVersion.fromAtr(connection.atr());
        if (version == null) {
            return Optional.empty();
        }
        int maxRead = connection.maxResponseData();
        return connection.transact(card -> {
            ResponseApdu selected = card.transmit(IsoCommands.selectApplication(Fineid.AID));
            if (!selected.isSuccess()) {
                return Optional.empty(); // same chip family, other application: not ours
            }
            String serial = serial(card, maxRead);
            Optional<Odf> odf = odf(card, maxRead);
            List<KeyEntry> keys = odf.isPresent() ? keysFromPkcs15(card, maxRead, odf.get()) : List.of();
            if (keys.isEmpty()) {
                keys = keysAtKnownPaths(card, maxRead, version);
            }
            CardIdentity identity = new CardIdentity(serial, name(), version.label(), connection.location());
            List<X509Certificate> cas = odf.isPresent() ? caCertificates(card, maxRead, odf.get()) : List.of();
            return Optional.of((EidCard) new FineidCard(connection, version, identity, keys, cas));
        });
    }

    /** The card serial from EF.TokenInfo: the OCTET STRING after the version, as OpenSC reads it. */
    private static String serial(CardTransport card, int maxRead) throws TransportException, EidException {
        Optional<byte[]> tokenInfo = TransparentFiles.read(card, Fineid.TOKEN_INFO_PATH, maxRead);
        if (tokenInfo.isPresent()) {
            try {
                Optional<Tlv> serial = BerTlv.parse(tokenInfo.get()).find(0x04);
                if (serial.isPresent()) {
                    byte[] v = serial.get().value();
                    boolean printable = v.length > 0;
                    for (byte b : v) {
                        printable &= b >= 0x20 && b < 0x7F;
                    }
                    return printable ? new String(v, java.nio.charset.StandardCharsets.US_ASCII) : Hex.plain(v);
                }
            } catch (IllegalArgumentException e) {
                // fall through to the error below
            }
        }
        throw new CardAccessException(CardAccessException.Reason.CARD_ERROR, "The card has no readable serial number (EF.TokenInfo " + Hex.plain(Fineid.TOKEN_INFO_PATH) + ").");
    }

    /** EF.OD, if the card has a PKCS#15 structure there. */
    private static Optional<Odf> odf(CardTransport card, int maxRead) throws TransportException, EidException {
        Optional<byte[]> bytes = TransparentFiles.read(card, Fineid.ODF_PATH, maxRead);
        try {
            return bytes.map(Odf::decode);
        } catch (Pkcs15FormatException e) {
            throw malformed(e);
        }
    }

    /**
     * The keys as the PKCS#15 structure describes them (ISO/IEC 7816-15): each private key object
     * gives the key reference, its iD and the authId of its PIN; the certificate with the same iD
     * is the key's; the AODF maps the authId to a PIN reference. A non-repudiation key is the
     * signature key. Empty if the structure lists no usable key, so the known paths take over.
     */
    private static List<KeyEntry> keysFromPkcs15(CardTransport card, int maxRead, Odf odf) throws TransportException, EidException {
        try {
            List<PrivateKeyObject> privateKeys = new ArrayList<>();
            for (Path p : odf.paths(DirectoryKind.PRIVATE_KEYS)) {
                Optional<byte[]> bytes = TransparentFiles.read(card, fromMf(p), maxRead);
                if (bytes.isPresent()) {
                    privateKeys.addAll(PrivateKeyObject.decodeAll(bytes.get()));
                }
            }
            List<CertificateObject> certificates = new ArrayList<>();
            for (Path p : odf.paths(DirectoryKind.CERTIFICATES)) {
                Optional<byte[]> bytes = TransparentFiles.read(card, fromMf(p), maxRead);
                if (bytes.isPresent()) {
                    certificates.addAll(CertificateObject.decodeAll(bytes.get()));
                }
            }
            java.util.Map<Identifier, Integer> pinReferences = new java.util.HashMap<>();
            for (Path p : odf.paths(DirectoryKind.AUTH_OBJECTS)) {
                Optional<byte[]> bytes = TransparentFiles.read(card, fromMf(p), maxRead);
                if (bytes.isPresent()) {
                    for (AuthenticationObject a : AuthenticationObject.decodeAll(bytes.get())) {
                        pinReferences.put(a.authId(), a.pin().reference());
                    }
                }
            }
            List<KeyEntry> keys = new ArrayList<>();
            for (PrivateKeyObject key : privateKeys) {
                Optional<CertificateObject> cert = certificates.stream().filter(c -> c.id().equals(key.key().id())).findFirst();
                Integer pinReference = key.common().authId().map(pinReferences::get).orElse(null);
                if (cert.isEmpty() || key.key().keyReference().isEmpty() || pinReference == null) {
                    continue;
                }
                boolean signature = key.key().usage().contains(KeyUsageFlag.NON_REPUDIATION);
                PinInfo pin = pinReference == Fineid.PIN2 ? FineidCard.PIN2 : FineidCard.PIN1;
                X509Certificate x509 = certificate(card, maxRead, fromMf(cert.get().path()), signature ? "signature" : "authentication");
                String label = key.common().label().orElse(signature ? "signature key" : "authentication key");
                keys.add(keyEntry(key.key().id().value(), label, signature ? KeyPurpose.SIGNATURE : KeyPurpose.AUTHENTICATION,
                        key.key().keyReference().getAsInt(), pin, x509));
            }
            return keys;
        } catch (Pkcs15FormatException e) {
            throw malformed(e);
        }
    }

    /** The recorded paths (docs/cards.md §1.2), for a card whose PKCS#15 structure eid4j cannot use. */
    private static List<KeyEntry> keysAtKnownPaths(CardTransport card, int maxRead, FineidVersion version) throws TransportException, EidException {
        X509Certificate auth = certificate(card, maxRead, Fineid.AUTH_CERT_PATH, "authentication");
        X509Certificate sign = certificate(card, maxRead, version.signCertificatePath(), "signature");
        return List.of(keyEntry(AUTH_ID, Fineid.AUTH_KEY_LABEL, KeyPurpose.AUTHENTICATION, Fineid.AUTH_KEY, FineidCard.PIN1, auth),
                keyEntry(SIGN_ID, Fineid.SIGN_KEY_LABEL, KeyPurpose.SIGNATURE, version.signKey(), FineidCard.PIN2, sign));
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

    /** The CA certificates the PKCS#15 structure lists as trusted (ODF entry [5]). */
    private static List<X509Certificate> caCertificates(CardTransport card, int maxRead, Odf odf) throws TransportException, EidException {
        List<X509Certificate> out = new ArrayList<>();
        try {
            for (Path directory : odf.paths(DirectoryKind.TRUSTED_CERTIFICATES)) {
                Optional<byte[]> cdf = TransparentFiles.read(card, fromMf(directory), maxRead);
                if (cdf.isPresent()) {
                    for (CertificateObject object : CertificateObject.decodeAll(cdf.get())) {
                        out.add(certificate(card, maxRead, fromMf(object.path()), "CA"));
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

    private static X509Certificate certificate(CardTransport card, int maxRead, byte[] path, String which) throws TransportException, EidException {
        Optional<byte[]> der = TransparentFiles.read(card, path, maxRead);
        if (der.isEmpty()) {
            throw new CardAccessException(CardAccessException.Reason.CARD_ERROR, "The card has no " + which + " certificate (file "
                    + Hex.plain(path) + ").");
        }
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der.get()));
        } catch (CertificateException e) {
            throw new CardAccessException(CardAccessException.Reason.CARD_ERROR, "The " + which + " certificate on the card is not a valid X.509 certificate.", e);
        }
    }

}
