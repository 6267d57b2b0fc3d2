package io.github.eid4j.apdu.pace;

import io.github.eid4j.apdu.sm.SmCipher;
import java.math.BigInteger;
import java.security.SecureRandom;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;

/**
 * The elliptic-curve arithmetic of PACE with the Generic Mapping (ICAO Doc 9303-11 §4.4.3.3.1),
 * the same for the terminal and the card: G' = s·G + H with H = sk_map·PK_map of the other side,
 * then an ECDH on G' whose x-coordinate is the shared secret, and the authentication tokens over
 * the other side's ephemeral key (§4.4.3.4). Public keys travel as uncompressed points.
 */
public final class GenericMapping {
    private final PaceProtocol protocol;
    private final PaceDomain domain;
    private final X9ECParameters curve;

    public GenericMapping(PaceProtocol protocol, PaceDomain domain) {
        this.protocol = protocol;
        this.domain = domain;
        this.curve = domain.parameters();
    }

    public PaceProtocol protocol() {
        return protocol;
    }

    public PaceDomain domain() {
        return domain;
    }

    /** A private key in [1, n-1]. */
    public BigInteger newPrivateKey(SecureRandom random) {
        return BigIntegers.createRandomInRange(BigInteger.ONE, curve.getN().subtract(BigInteger.ONE), random);
    }

    /** The uncompressed public key sk·G (the domain's generator, for the mapping step). */
    public byte[] mappingPublicKey(BigInteger privateKey) {
        return curve.getG().multiply(privateKey).normalize().getEncoded(false);
    }

    /**
     * The mapped generator G' = s·G + sk·PK, from the nonce s and the other side's mapping key.
     *
     * @throws PaceException if the other side's key is not a point of the curve, or G' is the point at infinity
     */
    public ECPoint mappedGenerator(byte[] nonce, BigInteger privateKey, byte[] otherMappingKey) throws PaceException {
        ECPoint h = point(otherMappingKey).multiply(privateKey);
        ECPoint mapped = curve.getG().multiply(new BigInteger(1, nonce)).add(h).normalize();
        if (mapped.isInfinity()) {
            throw new PaceException("The card's mapping data gives no generator; PACE was abandoned.");
        }
        return mapped;
    }

    /** The uncompressed ephemeral public key sk·G'. */
    public byte[] ephemeralPublicKey(ECPoint generator, BigInteger privateKey) {
        return generator.multiply(privateKey).normalize().getEncoded(false);
    }

    /**
     * The shared secret K: the x-coordinate of sk·PK, as many bytes as a field element.
     *
     * @throws PaceException if the other side's key is not a point of the curve
     */
    public byte[] sharedSecret(BigInteger privateKey, byte[] otherEphemeralKey) throws PaceException {
        ECPoint shared = point(otherEphemeralKey).multiply(privateKey).normalize();
        if (shared.isInfinity()) {
            throw new PaceException("The card's ephemeral key gives no shared secret; PACE was abandoned.");
        }
        return BigIntegers.asUnsignedByteArray(domain.fieldSize(), shared.getAffineXCoord().toBigInteger());
    }

    /** The authentication token MAC(K_mac, 7F49 {06 OID, 86 PK}) over the other side's ephemeral key. */
    public byte[] authenticationToken(byte[] macKey, byte[] otherEphemeralKey) {
        byte[] oid = protocol.oid();
        byte[] input = new io.github.eid4j.apdu.tlv.TlvWriter()
                .constructed(0x7F49, t -> t.primitive(0x06, oid).primitive(0x86, otherEphemeralKey))
                .toByteArray();
        return protocol.cipher().mac(macKey, input);
    }

    /** K_π = KDF(K, 3), the key of the encrypted nonce. */
    public byte[] passwordKey(byte[] k) {
        return protocol.cipher().deriveKey(k, SmCipher.KDF_PASSWORD, protocol.keyLength());
    }

    private ECPoint point(byte[] encoded) throws PaceException {
        try {
            ECPoint p = curve.getCurve().decodePoint(encoded);
            if (p.isInfinity() || !p.isValid()) {
                throw new IllegalArgumentException("not a valid point");
            }
            return p;
        } catch (RuntimeException e) {
            throw new PaceException("The public key from the other side is not a point of " + domain.curveName() + "; PACE was abandoned.");
        }
    }
}
