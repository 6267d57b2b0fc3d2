package io.github.eid4j.apdu.emulator;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.agreement.ECDHBasicAgreement;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.util.BigIntegers;

/**
 * An EC key pair of a virtual card and its private-key operations, on BouncyCastle's lightweight
 * API: it knows the brainpool curves the JDK dropped, and it signs a number, where the JDK's
 * ECDSA would hash or truncate the bytes it is given by their length.
 */
final class EcKeyPair implements KeyPairMaterial {
    private final KeyType type;
    private final ECNamedDomainParameters domain;
    private final ECPrivateKeyParameters privateKey;
    private final ECPublicKeyParameters publicKey;
    private final PublicKey jcaPublicKey;

    private EcKeyPair(KeyType type, ECNamedDomainParameters domain, ECPrivateKeyParameters privateKey,
            ECPublicKeyParameters publicKey) {
        this.type = type;
        this.domain = domain;
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.jcaPublicKey = toJca(type, encodedPublicKey());
    }

    static EcKeyPair generate(KeyType type, SecureRandom random) {
        ECNamedDomainParameters domain = domain(type);
        ECKeyPairGenerator generator = new ECKeyPairGenerator();
        generator.init(new ECKeyGenerationParameters(domain, random));
        AsymmetricCipherKeyPair pair = generator.generateKeyPair();
        return new EcKeyPair(type, domain, (ECPrivateKeyParameters) pair.getPrivate(), (ECPublicKeyParameters) pair.getPublic());
    }

    static EcKeyPair restore(KeyType type, byte[] pkcs8PrivateKey, byte[] x509PublicKey) {
        ECNamedDomainParameters domain = domain(type);
        ECPrivateKeyParameters privateKey;
        ECPublicKeyParameters publicKey;
        // No causes below: a parser's message may quote the bytes it choked on.
        try {
            AsymmetricKeyParameter key = PrivateKeyFactory.createKey(pkcs8PrivateKey);
            if (!(key instanceof ECPrivateKeyParameters ec) || !sameCurve(ec.getParameters(), domain)) {
                throw new IllegalArgumentException();
            }
            // Re-attach the named curve, so the key is encoded with the curve's OID whatever the input used.
            privateKey = new ECPrivateKeyParameters(ec.getD(), domain);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("The private key bytes are not a PKCS#8 " + type.text() + " private key.");
        }
        try {
            AsymmetricKeyParameter key = PublicKeyFactory.createKey(x509PublicKey);
            if (!(key instanceof ECPublicKeyParameters ec) || !sameCurve(ec.getParameters(), domain)) {
                throw new IllegalArgumentException();
            }
            publicKey = new ECPublicKeyParameters(domain.getCurve().importPoint(ec.getQ()), domain);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("The public key bytes are not an X.509 " + type.text() + " public key.");
        }
        ECPoint expected = new FixedPointCombMultiplier().multiply(domain.getG(), privateKey.getD());
        if (!expected.equals(publicKey.getQ())) {
            throw new IllegalArgumentException("The public key does not belong to the private key.");
        }
        return new EcKeyPair(type, domain, privateKey, publicKey);
    }

    static ECNamedDomainParameters domain(KeyType type) {
        return ECNamedDomainParameters.lookup(ECNamedCurveTable.getOID(type.curveName()));
    }

    /** Compared by value: a key encoded with explicit parameters is on the named curve if these match. */
    private static boolean sameCurve(ECDomainParameters a, ECDomainParameters b) {
        return a.getCurve().equals(b.getCurve()) && a.getG().equals(b.getG()) && a.getN().equals(b.getN())
                && a.getH().equals(b.getH());
    }

    @Override
    public PublicKey publicKey() {
        return jcaPublicKey;
    }

    @Override
    public byte[] encodedPrivateKey() {
        try {
            return PrivateKeyInfoFactory.createPrivateKeyInfo(privateKey).getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException("BouncyCastle cannot encode an " + type.text() + " private key.", e);
        }
    }

    @Override
    public byte[] encodedPublicKey() {
        try {
            return SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(publicKey).getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException("BouncyCastle cannot encode an " + type.text() + " public key.", e);
        }
    }

    /**
     * ECDSA over a digest the host computed, answered as r || s, each of the field's length.
     *
     * <p>A digest longer than the field (SHA-512 on P-384, SHA-384 or SHA-512 on P-256) is cut to
     * its leftmost bits, as many as the order has (FIPS 186-4 §6.4, SEC 1 §4.1.3 step 5): what
     * every verifier computes. Zero bytes in front of the field's length are padding, not digest
     * (a host may pad a short hash beyond the field; a real digest that long starting with as
     * many zero bytes has a chance of 2^-128 at most). What is left, up to the field's length, is
     * read as a number, so that a digest left-padded with zeros (OpenSC pads a SHA-256 hash to 48
     * bytes for a P-384 key) signs the same number as the bare one; that number is cut to the
     * order's bit length only if it is longer. For P-521, whose 66-byte field is 7 bits wider than
     * its order, a 66-byte input that fits in 521 bits is therefore a padded digest and is taken
     * as it is.
     */
    byte[] signEcdsa(byte[] digest) throws CardKeyException {
        int fieldBytes = type.fieldBytes();
        if (digest.length == 0) {
            throw new CardKeyException("The digest to sign is empty.");
        }
        int orderBits = domain.getN().bitLength();
        int beyond = Math.max(0, digest.length - fieldBytes);
        boolean padded = true;
        for (int i = 0; i < beyond; i++) {
            padded &= digest[i] == 0;
        }
        BigInteger e;
        if (!padded) {
            e = new BigInteger(1, Arrays.copyOf(digest, fieldBytes)).shiftRight(8 * fieldBytes - orderBits);
        } else {
            byte[] value = Arrays.copyOfRange(digest, beyond, digest.length);
            e = new BigInteger(1, value);
            if (e.bitLength() > orderBits) {
                e = e.shiftRight(8 * value.length - orderBits);
            }
        }

        // BouncyCastle truncates the message bytes by their length, and derives the nonce from
        // them; hand it e in the one encoding it turns back into e exactly (shifted left by the
        // bits it will drop). The nonce is then a function of the key and e alone (RFC 6979's
        // construction, with HMAC-SHA-256): the card needs no random source, and two different
        // numbers never share a nonce, which would give the private key away.
        int messageLength = (orderBits + 7) / 8;
        byte[] message = BigIntegers.asUnsignedByteArray(messageLength, e.shiftLeft(8 * messageLength - orderBits));
        ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
        signer.init(true, privateKey);
        BigInteger[] rs = signer.generateSignature(message);

        byte[] signature = new byte[2 * fieldBytes];
        BigIntegers.asUnsignedByteArray(rs[0], signature, 0, fieldBytes);
        BigIntegers.asUnsignedByteArray(rs[1], signature, fieldBytes, fieldBytes);
        return signature;
    }

    /**
     * ECDH with the host's uncompressed point; answers the shared point's X coordinate. The point
     * must lie on this key's curve: multiplying a point of another curve by the private key would
     * leak the key bit by bit (invalid-curve attack). The curves here have cofactor 1, so a point
     * on the curve that is not the point at infinity is in the group of the base point.
     */
    byte[] deriveEcdh(byte[] peerPoint) throws CardKeyException {
        int fieldBytes = type.fieldBytes();
        if (peerPoint.length != 1 + 2 * fieldBytes || peerPoint[0] != 0x04) {
            throw new CardKeyException("The peer point must be an uncompressed " + type.text() + " point of "
                    + (1 + 2 * fieldBytes) + " bytes (04, X, Y).");
        }
        ECPublicKeyParameters peer;
        try {
            // decodePoint checks the coordinates are field elements and the point is on the curve;
            // ECPublicKeyParameters checks it again, and that it is not the point at infinity.
            peer = new ECPublicKeyParameters(domain.getCurve().decodePoint(peerPoint), domain);
        } catch (IllegalArgumentException e) {
            throw new CardKeyException("The peer point is not on the curve of an " + type.text() + " key.");
        }
        ECDHBasicAgreement agreement = new ECDHBasicAgreement();
        agreement.init(privateKey);
        try {
            return BigIntegers.asUnsignedByteArray(fieldBytes, agreement.calculateAgreement(peer));
        } catch (IllegalStateException e) {
            throw new CardKeyException("The peer point gives no shared secret.");
        }
    }

    /**
     * The public key as the JDK expects it: the JDK's own key for NIST curves, BouncyCastle's for
     * brainpool, whose keys only BouncyCastle can verify with once they leave the card.
     */
    private static PublicKey toJca(KeyType type, byte[] spki) {
        try {
            KeyFactory factory = type.curveName().startsWith("brainpool")
                    ? KeyFactory.getInstance("EC", Bc.PROVIDER)
                    : KeyFactory.getInstance("EC");
            return factory.generatePublic(new X509EncodedKeySpec(spki));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("No provider can decode an " + type.text() + " public key.", e);
        }
    }

    /** BouncyCastle's provider, made on first use and never registered with Security.addProvider. */
    private static final class Bc {
        static final Provider PROVIDER = new BouncyCastleProvider();
    }
}
