package io.github.eid4j.card.fineid;

import io.github.eid4j.apdu.CommandApdu;
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
import io.github.eid4j.card.pkcs15.CertificateObject;
import io.github.eid4j.card.pkcs15.DirectoryKind;
import io.github.eid4j.card.pkcs15.Odf;
import io.github.eid4j.card.pkcs15.Path;
import io.github.eid4j.card.pkcs15.Pkcs15FormatException;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

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
        return connection.transact(card -> {
            ResponseApdu selected = card.transmit(new CommandApdu(0x00, 0xA4, 0x04, 0x0C, Fineid.AID));
            if (!selected.isSuccess()) {
                return Optional.empty(); // same chip family, other application: not ours
            }
            String serial = serial(card);
            X509Certificate auth = certificate(card, Fineid.AUTH_CERT_PATH, "authentication");
            X509Certificate sign = certificate(card, version.signCertificatePath(), "signature");
            List<KeyEntry> keys = new ArrayList<>();
            keys.add(authenticationKey(auth));
            keys.add(new KeyEntry(SIGN_ID, "allekirjoitusavain (signature key)", KeyPurpose.SIGNATURE, version.signKey(),
                    FineidCard.PIN2, sign, EnumSet.of(SignatureScheme.ECDSA), false, false));
            CardIdentity identity = new CardIdentity(serial, name(), version.label(), connection.location());
            return Optional.of((EidCard) new FineidCard(connection, version, identity, keys, caCertificates(card)));
        });
    }

    /** v3: RSA-2048 that signs with PKCS#1 or PSS and decrypts; v4: EC P-384 that signs and agrees keys. */
    private static KeyEntry authenticationKey(X509Certificate cert) {
        boolean rsa = "RSA".equals(cert.getPublicKey().getAlgorithm());
        return new KeyEntry(AUTH_ID, "todentamis- ja salausavain (authentication key)", KeyPurpose.AUTHENTICATION, Fineid.AUTH_KEY,
                FineidCard.PIN1, cert,
                rsa ? EnumSet.of(SignatureScheme.RSA_PKCS1, SignatureScheme.RSA_PSS) : EnumSet.of(SignatureScheme.ECDSA),
                rsa, !rsa);
    }

    /** The card serial from EF.TokenInfo: the OCTET STRING after the version, as OpenSC reads it. */
    private static String serial(CardTransport card) throws TransportException, EidException {
        Optional<byte[]> tokenInfo = io.github.eid4j.card.TransparentFiles.read(card, Fineid.TOKEN_INFO_PATH);
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
        throw new CardAccessException(CardAccessException.Reason.CARD_ERROR, "The card has no readable serial number (EF.TokenInfo 5032).");
    }

    /**
     * The CA certificates the PKCS#15 structure lists as trusted (ODF entry [5]); none if the card
     * has no ODF or no such directory, as the user certificates' known paths suffice to work.
     */
    private static List<X509Certificate> caCertificates(CardTransport card) throws TransportException, EidException {
        Optional<byte[]> odfBytes = io.github.eid4j.card.TransparentFiles.read(card, Fineid.ODF_PATH);
        if (odfBytes.isEmpty()) {
            return List.of();
        }
        List<X509Certificate> out = new ArrayList<>();
        try {
            Odf odf = Odf.decode(odfBytes.get());
            for (Path directory : odf.paths(DirectoryKind.TRUSTED_CERTIFICATES)) {
                Optional<byte[]> cdf = io.github.eid4j.card.TransparentFiles.read(card, fromMf(directory));
                if (cdf.isEmpty()) {
                    continue;
                }
                for (CertificateObject object : CertificateObject.decodeAll(cdf.get())) {
                    out.add(certificate(card, fromMf(object.path()), "CA"));
                }
            }
        } catch (Pkcs15FormatException e) {
            throw new CardAccessException(CardAccessException.Reason.CARD_ERROR,
                    "The card's PKCS#15 directory is malformed: " + e.getMessage(), e);
        }
        return out;
    }

    /** A PKCS#15 path as SELECT P1=08 wants it: from the MF, without the MF's own 3F00. */
    private static byte[] fromMf(Path path) {
        byte[] p = path.efidOrPath();
        return p.length >= 2 && p[0] == 0x3F && p[1] == 0x00 ? java.util.Arrays.copyOfRange(p, 2, p.length) : p;
    }

    private static X509Certificate certificate(CardTransport card, byte[] path, String which) throws TransportException, EidException {
        Optional<byte[]> der = io.github.eid4j.card.TransparentFiles.read(card, path);
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
