package io.github.eid4j.jca;

import java.io.ByteArrayOutputStream;
import java.security.AlgorithmParameters;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Locale;
import javax.crypto.Cipher;
import javax.crypto.CipherSpi;
import javax.crypto.IllegalBlockSizeException;
import javax.crypto.NoSuchPaddingException;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * RSA/ECB/PKCS1Padding decryption and unwrapping with a card's RSA key (EidCard.decrypt).
 * Encryption needs only the public key, so it is left to any other provider. A cryptogram is at
 * most one modulus long; it is collected and sent to the card at doFinal. A cryptogram whose
 * padding is wrong is the card's refusal, reported as {@link Eid4jException} with the card's
 * answer (the card does not tell padding errors apart in a way a BadPaddingException could carry).
 */
final class CardRsaCipher extends CipherSpi {
    private final ByteArrayOutputStream cryptogram = new ByteArrayOutputStream(256);
    private Eid4jRsaPrivateKey key;
    private int mode;

    @Override
    protected void engineSetMode(String mode) throws NoSuchAlgorithmException {
        String m = mode.toUpperCase(Locale.ROOT);
        if (!m.equals("ECB") && !m.equals("NONE")) {
            throw new NoSuchAlgorithmException("RSA with a card key has no mode " + mode + "; use ECB.");
        }
    }

    @Override
    protected void engineSetPadding(String padding) throws NoSuchPaddingException {
        if (!padding.equalsIgnoreCase("PKCS1Padding")) {
            throw new NoSuchPaddingException("The card decrypts RSA with PKCS1Padding only, not " + padding + ".");
        }
    }

    @Override
    protected void engineInit(int opmode, Key key, SecureRandom random) throws InvalidKeyException {
        Eid4jPrivateKey k = CardSignature.cardKey(key, "RSA/ECB/PKCS1Padding");
        if (opmode != Cipher.DECRYPT_MODE && opmode != Cipher.UNWRAP_MODE) {
            throw new InvalidKeyException("Eid4j decrypts and unwraps with card keys; encrypt and wrap with the public key and any provider.");
        }
        if (!(k instanceof Eid4jRsaPrivateKey rsa) || !k.entry().canDecrypt()) {
            throw new InvalidKeyException("The " + k.describe() + " of this card cannot decrypt RSA.");
        }
        this.key = rsa;
        this.mode = opmode;
        cryptogram.reset();
    }

    @Override
    protected void engineInit(int opmode, Key key, AlgorithmParameterSpec params, SecureRandom random)
            throws InvalidKeyException, InvalidAlgorithmParameterException {
        if (params != null) {
            throw new InvalidAlgorithmParameterException("RSA/ECB/PKCS1Padding takes no parameters.");
        }
        engineInit(opmode, key, random);
    }

    @Override
    protected void engineInit(int opmode, Key key, AlgorithmParameters params, SecureRandom random)
            throws InvalidKeyException, InvalidAlgorithmParameterException {
        if (params != null) {
            throw new InvalidAlgorithmParameterException("RSA/ECB/PKCS1Padding takes no parameters.");
        }
        engineInit(opmode, key, random);
    }

    private int modulusBytes() {
        return (key.getModulus().bitLength() + 7) / 8;
    }

    @Override
    protected byte[] engineUpdate(byte[] input, int offset, int length) {
        cryptogram.write(input, offset, length);
        return new byte[0];
    }

    @Override
    protected int engineUpdate(byte[] input, int offset, int length, byte[] output, int outputOffset) {
        cryptogram.write(input, offset, length);
        return 0;
    }

    @Override
    protected byte[] engineDoFinal(byte[] input, int offset, int length) throws IllegalBlockSizeException {
        if (input != null) {
            cryptogram.write(input, offset, length);
        }
        return decrypt();
    }

    @Override
    protected int engineDoFinal(byte[] input, int offset, int length, byte[] output, int outputOffset)
            throws ShortBufferException, IllegalBlockSizeException {
        byte[] plain = engineDoFinal(input, offset, length);
        try {
            if (output.length - outputOffset < plain.length) {
                throw new ShortBufferException("The output needs " + plain.length + " bytes.");
            }
            System.arraycopy(plain, 0, output, outputOffset, plain.length);
            return plain.length;
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    private byte[] decrypt() throws IllegalBlockSizeException {
        if (key == null) {
            throw new IllegalStateException("Call init with a card key first.");
        }
        byte[] data = cryptogram.toByteArray();
        cryptogram.reset();
        if (data.length > modulusBytes()) {
            throw new IllegalBlockSizeException("An RSA cryptogram for this key has at most " + modulusBytes() + " bytes, not " + data.length + ".");
        }
        return key.decrypt(data);
    }

    @Override
    protected Key engineUnwrap(byte[] wrappedKey, String wrappedKeyAlgorithm, int wrappedKeyType)
            throws InvalidKeyException, NoSuchAlgorithmException {
        if (mode != Cipher.UNWRAP_MODE) {
            throw new IllegalStateException("Initialise the cipher with UNWRAP_MODE to unwrap.");
        }
        cryptogram.reset();
        byte[] encoded;
        try {
            cryptogram.write(wrappedKey, 0, wrappedKey.length);
            encoded = decrypt();
        } catch (IllegalBlockSizeException e) {
            throw new InvalidKeyException(e.getMessage(), e);
        }
        try {
            switch (wrappedKeyType) {
                case Cipher.SECRET_KEY:
                    return new SecretKeySpec(encoded, wrappedKeyAlgorithm);
                case Cipher.PRIVATE_KEY:
                    return KeyFactory.getInstance(wrappedKeyAlgorithm).generatePrivate(new PKCS8EncodedKeySpec(encoded));
                case Cipher.PUBLIC_KEY:
                    return KeyFactory.getInstance(wrappedKeyAlgorithm).generatePublic(new X509EncodedKeySpec(encoded));
                default:
                    throw new InvalidKeyException("Unknown key type " + wrappedKeyType + ".");
            }
        } catch (InvalidKeySpecException e) {
            throw new InvalidKeyException("The unwrapped bytes are not a " + wrappedKeyAlgorithm + " key.", e);
        } finally {
            Arrays.fill(encoded, (byte) 0);
        }
    }

    @Override
    protected byte[] engineWrap(Key key) throws IllegalBlockSizeException, InvalidKeyException {
        throw new InvalidKeyException("Eid4j decrypts and unwraps with card keys; wrap with the public key and any provider.");
    }

    @Override
    protected int engineGetBlockSize() {
        return 0;
    }

    @Override
    protected int engineGetOutputSize(int inputLen) {
        return key == null ? 0 : modulusBytes() - 11;
    }

    @Override
    protected byte[] engineGetIV() {
        return null;
    }

    @Override
    protected AlgorithmParameters engineGetParameters() {
        return null;
    }

    @Override
    protected int engineGetKeySize(Key key) throws InvalidKeyException {
        if (key instanceof Eid4jRsaPrivateKey rsa) {
            return rsa.getModulus().bitLength();
        }
        throw new InvalidKeyException("Not a card RSA key.");
    }
}
