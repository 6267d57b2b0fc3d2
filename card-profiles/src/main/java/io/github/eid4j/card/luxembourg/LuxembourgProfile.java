package io.github.eid4j.card.luxembourg;

import io.github.eid4j.apdu.ResponseApdu;
import io.github.eid4j.apdu.transport.CardTransport;
import io.github.eid4j.apdu.transport.TransportException;
import io.github.eid4j.card.CancelledPinEntryException;
import io.github.eid4j.card.CardAccessException;
import io.github.eid4j.card.CardConnection;
import io.github.eid4j.card.CardIdentity;
import io.github.eid4j.card.CardProfile;
import io.github.eid4j.card.EidCard;
import io.github.eid4j.card.EidException;
import io.github.eid4j.card.KeyEntry;
import io.github.eid4j.card.KeyPurpose;
import io.github.eid4j.card.PaceConnection;
import io.github.eid4j.card.PinCallback;
import io.github.eid4j.card.RememberedCans;
import io.github.eid4j.card.SignatureScheme;
import io.github.eid4j.card.iso.FileCache;
import io.github.eid4j.card.iso.IsoCommands;
import io.github.eid4j.card.iso.TransparentFiles;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * Finds the Luxembourg eID: one of its ATRs, or an ATR with Gemalto MultiApp's historical bytes
 * (shared with other cards), then the IAS application must answer its AID. The card has no PKCS#15
 * structure [I], so the certificates come from their fixed files, and the card's identity is the
 * authentication certificate's serial number: the card itself offers no serial before PACE, and
 * the certificate is issued for this card alone. Nothing of this is readable before PACE with the
 * CAN.
 */
public final class LuxembourgProfile implements CardProfile {
    /** eid4j's names for the keys (the card stores none). */
    static final String AUTH_KEY_LABEL = "authentication key";
    static final String SIGN_KEY_LABEL = "qualified signature key";
    static final String NAME = "Luxembourg eID";
    static final String VERSION = "IAS Classic";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean matchesAtr(byte[] atr) {
        return Arrays.equals(atr, Luxembourg.ATR_TYPE_A) || Arrays.equals(atr, Luxembourg.ATR_TYPE_B)
                || contains(atr, Luxembourg.HISTORICAL_PREFIX);
    }

    /** Without anyone to ask: the card opens only with a CAN remembered for its place. */
    @Override
    public Optional<EidCard> open(CardConnection connection) throws EidException {
        return open(connection, request -> {
            throw new CancelledPinEntryException();
        });
    }

    /**
     * PACE with the CAN first (the card answers nothing else before it), then every command
     * travels under secure messaging, and each read asks for at most what a protected answer
     * carries. A card without EF.CardAccess is not this profile's.
     */
    @Override
    public Optional<EidCard> open(CardConnection plain, PinCallback pins) throws EidException {
        Optional<PaceConnection> secured = PaceConnection.open(plain, pins, LuxembourgCard.CAN, RememberedCans.inUserConfig());
        if (secured.isEmpty()) {
            return Optional.empty();
        }
        try {
            Optional<EidCard> card = read(secured.get());
            if (card.isEmpty()) {
                secured.get().abandon();
            }
            return card;
        } catch (EidException | RuntimeException e) {
            secured.get().abandon(); // the caller closes the plain connection; the session keys go now
            throw e;
        }
    }

    /**
     * The authentication certificate names the card (its first READ BINARY holds its serial
     * number and issuer), so with it the rest, and every later file, may come from the file
     * cache; the signature key and the CA certificates are read when first wanted, as FINEID's.
     */
    private static Optional<EidCard> read(CardConnection connection) throws EidException {
        int maxRead = connection.maxResponseData();
        byte[] authPath = path(Luxembourg.AUTH_CERT_FID);
        Optional<Opened> opened = connection.transact(card -> {
            ResponseApdu selected = card.transmit(IsoCommands.selectApplication(Luxembourg.AID));
            if (!selected.isSuccess()) {
                return Optional.empty(); // a MultiApp card with another application: not ours
            }
            Optional<TransparentFiles.FileStart> start = TransparentFiles.start(card, authPath, maxRead);
            if (start.isEmpty()) {
                throw missing("authentication", Luxembourg.AUTH_CERT_FID);
            }
            FileCache files = connection.cachesFiles() ? FileCache.forCard(NAME + " " + VERSION, start.get()) : FileCache.none();
            byte[] der = files.rest(card, authPath, start.get(), maxRead);
            return Optional.of(new Opened(files, certificate(der, "authentication")));
        });
        if (opened.isEmpty()) {
            return Optional.empty();
        }
        FileCache files = opened.get().files();
        X509Certificate auth = opened.get().authentication();
        CardIdentity identity = new CardIdentity(serial(auth), NAME, VERSION, connection.location());
        return Optional.of(new LuxembourgCard(connection, identity,
                List.of(keyEntry(Luxembourg.AUTH_KEY, AUTH_KEY_LABEL, KeyPurpose.AUTHENTICATION, auth)),
                card -> List.of(keyEntry(Luxembourg.SIGN_KEY, SIGN_KEY_LABEL, KeyPurpose.SIGNATURE,
                        certificate(card, maxRead, files, Luxembourg.SIGN_CERT_FID, "signature")
                                .orElseThrow(() -> missing("signature", Luxembourg.SIGN_CERT_FID)))),
                card -> {
                    List<X509Certificate> cas = new ArrayList<>();
                    for (int fid : new int[] {Luxembourg.ISSUING_CA_FID, Luxembourg.ROOT_CA_FID}) {
                        certificate(card, maxRead, files, fid, "CA").ifPresent(cas::add);
                    }
                    return cas;
                }));
    }

    /** What opening a card read: its file cache, and the authentication certificate. */
    private record Opened(FileCache files, X509Certificate authentication) {
    }

    /**
     * Both keys are RSA [I: the 2017 specimen's]; each signs with PKCS#1 v1.5 or PSS, and the
     * authentication key also decrypts (its certificate allows keyEncipherment).
     */
    private static KeyEntry keyEntry(int reference, String label, KeyPurpose purpose, X509Certificate cert) throws CardAccessException {
        if (!(cert.getPublicKey() instanceof RSAPublicKey) || !"RSA".equals(cert.getPublicKey().getAlgorithm())) {
            throw new CardAccessException(CardAccessException.Reason.CARD_ERROR, "The " + label.replace(" key", "")
                    + " certificate on the card holds a " + cert.getPublicKey().getAlgorithm()
                    + " key; eid4j knows Luxembourg cards with RSA keys only.");
        }
        return new KeyEntry(new byte[] {(byte) reference}, label, purpose, reference, LuxembourgCard.PIN, cert,
                EnumSet.of(SignatureScheme.RSA_PKCS1, SignatureScheme.RSA_PSS), purpose == KeyPurpose.AUTHENTICATION, false);
    }

    private static Optional<X509Certificate> certificate(CardTransport card, int maxRead, FileCache files, int fid, String which)
            throws TransportException, EidException {
        Optional<byte[]> der = files.read(card, path(fid), maxRead);
        return der.isEmpty() ? Optional.empty() : Optional.of(certificate(der.get(), which));
    }

    private static X509Certificate certificate(byte[] der, String which) throws CardAccessException {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException | ClassCastException e) {
            throw new CardAccessException(CardAccessException.Reason.CARD_ERROR,
                    "The " + which + " certificate on the card is not a valid X.509 certificate.", e);
        }
    }

    private static byte[] path(int fid) {
        return new byte[] {(byte) (fid >> 8), (byte) fid};
    }

    /** The certificate's serial number in hex, as certificate viewers show it. */
    private static String serial(X509Certificate certificate) {
        return certificate.getSerialNumber().toString(16).toUpperCase(Locale.ROOT);
    }

    private static CardAccessException missing(String which, int fid) {
        return new CardAccessException(CardAccessException.Reason.CARD_ERROR,
                "The card has no " + which + " certificate (file " + String.format("%04X", fid) + ").");
    }

    private static boolean contains(byte[] atr, byte[] part) {
        return IntStream.rangeClosed(0, atr.length - part.length).anyMatch(i -> Arrays.equals(atr, i, i + part.length, part, 0, part.length));
    }
}
