package io.github.eid4j.jca;

import java.math.BigInteger;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.ECParameterSpec;
import java.util.Arrays;
import javax.crypto.KeyAgreementSpi;
import javax.crypto.SecretKey;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * ECDH with a card's EC key (EidCard.deriveEcdh): the peer's public key goes to the card as an
 * uncompressed point; the card answers the shared secret's x coordinate.
 */
final class CardEcdhKeyAgreement extends KeyAgreementSpi {
    private Eid4jEcPrivateKey key;
    private byte[] secret;

    @Override
    protected void engineInit(Key key, SecureRandom random) throws InvalidKeyException {
        Eid4jPrivateKey k = CardSignature.cardKey(key, "ECDH");
        if (!(k instanceof Eid4jEcPrivateKey ec) || !k.entry().canDerive()) {
            throw new InvalidKeyException("The " + k.describe() + " of this card cannot do ECDH.");
        }
        this.key = ec;
        forget();
    }

    @Override
    protected void engineInit(Key key, AlgorithmParameterSpec params, SecureRandom random)
            throws InvalidKeyException, InvalidAlgorithmParameterException {
        if (params != null) {
            throw new InvalidAlgorithmParameterException("ECDH takes no parameters.");
        }
        engineInit(key, random);
    }

    @Override
    protected Key engineDoPhase(Key peer, boolean lastPhase) throws InvalidKeyException {
        if (key == null) {
            throw new IllegalStateException("Call init with a card key first.");
        }
        if (!lastPhase) {
            throw new IllegalStateException("ECDH has one phase only.");
        }
        if (!(peer instanceof ECPublicKey peerKey)) {
            throw new InvalidKeyException("ECDH needs the peer's ECPublicKey.");
        }
        ECParameterSpec ours = key.getParams();
        ECParameterSpec theirs = peerKey.getParams();
        if (!ours.getCurve().equals(theirs.getCurve()) || !ours.getOrder().equals(theirs.getOrder())) {
            throw new InvalidKeyException("The peer's key is on another curve than the card's key.");
        }
        forget();
        secret = key.deriveEcdh(uncompressed(peerKey, (ours.getCurve().getField().getFieldSize() + 7) / 8));
        return null;
    }

    /** 04 || X || Y, each coordinate left-padded to the field size. */
    private static byte[] uncompressed(ECPublicKey peer, int size) {
        byte[] point = new byte[1 + 2 * size];
        point[0] = 0x04;
        put(peer.getW().getAffineX(), point, 1, size);
        put(peer.getW().getAffineY(), point, 1 + size, size);
        return point;
    }

    private static void put(BigInteger value, byte[] out, int offset, int size) {
        byte[] bytes = value.toByteArray();
        int length = Math.min(bytes.length, size); // toByteArray may add a sign byte
        System.arraycopy(bytes, bytes.length - length, out, offset + size - length, length);
    }

    private byte[] takeSecret() {
        if (secret == null) {
            throw new IllegalStateException("Call doPhase with the peer's public key first.");
        }
        byte[] out = secret;
        secret = null;
        return out;
    }

    @Override
    protected byte[] engineGenerateSecret() {
        return takeSecret();
    }

    @Override
    protected int engineGenerateSecret(byte[] sharedSecret, int offset) throws ShortBufferException {
        if (secret != null && sharedSecret.length - offset < secret.length) {
            throw new ShortBufferException("The shared secret needs " + secret.length + " bytes.");
        }
        byte[] s = takeSecret();
        System.arraycopy(s, 0, sharedSecret, offset, s.length);
        Arrays.fill(s, (byte) 0);
        return s.length;
    }

    @Override
    protected SecretKey engineGenerateSecret(String algorithm) {
        byte[] s = takeSecret();
        try {
            return new SecretKeySpec(s, algorithm);
        } finally {
            Arrays.fill(s, (byte) 0);
        }
    }

    private void forget() {
        if (secret != null) {
            Arrays.fill(secret, (byte) 0);
            secret = null;
        }
    }
}
