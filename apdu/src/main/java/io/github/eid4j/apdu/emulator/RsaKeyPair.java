package io.github.eid4j.apdu.emulator;

import io.github.eid4j.apdu.HashAlgorithm;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

/** An RSA key pair of a virtual card and its private-key operations, on the JDK's RSA. */
final class RsaKeyPair implements KeyPairMaterial {
    static final String INVALID_BLOCK = "The cryptogram does not decrypt to a valid PKCS#1 block.";

    private final KeyType type;
    private final RSAPrivateKey privateKey;
    private final RSAPublicKey publicKey;
    private final SecureRandom random; // PSS salts

    private RsaKeyPair(KeyType type, RSAPrivateKey privateKey, RSAPublicKey publicKey, SecureRandom random) {
        this.type = type;
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.random = random;
    }

    static RsaKeyPair generate(KeyType type, SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(new RSAKeyGenParameterSpec(type.sizeBits(), RSAKeyGenParameterSpec.F4), random);
            KeyPair pair = generator.generateKeyPair();
            return new RsaKeyPair(type, (RSAPrivateKey) pair.getPrivate(), (RSAPublicKey) pair.getPublic(), random);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("This Java runtime cannot generate " + type.text() + " keys.", e);
        }
    }

    static RsaKeyPair restore(KeyType type, byte[] pkcs8PrivateKey, byte[] x509PublicKey) {
        RSAPrivateKey privateKey;
        RSAPublicKey publicKey;
        // No causes below: a parser's message may quote the bytes it choked on.
        try {
            privateKey = (RSAPrivateKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8PrivateKey));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("The private key bytes are not a PKCS#8 RSA private key.");
        }
        try {
            publicKey = (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(x509PublicKey));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("The public key bytes are not an X.509 RSA public key.");
        }
        int bits = privateKey.getModulus().bitLength();
        if (bits != type.sizeBits()) {
            throw new IllegalArgumentException("The private key is a " + bits + "-bit RSA key, not " + type.text() + ".");
        }
        RsaKeyPair pair = new RsaKeyPair(type, privateKey, publicKey, new SecureRandom());
        if (!pair.belongTogether()) {
            throw new IllegalArgumentException("The public key does not belong to the private key.");
        }
        return pair;
    }

    /**
     * Same modulus, and a test value that the private operation and then the public exponent bring
     * back: this also catches a private key whose CRT values do not match its modulus.
     */
    private boolean belongTogether() {
        BigInteger n = publicKey.getModulus();
        if (!privateKey.getModulus().equals(n)) {
            return false;
        }
        BigInteger test = new BigInteger(1, "eid4j key pair check".getBytes(StandardCharsets.US_ASCII));
        try {
            BigInteger signed = new BigInteger(1, privateOperation(toModulusLength(test)));
            return signed.modPow(publicKey.getPublicExponent(), n).equals(test);
        } catch (IllegalStateException e) {
            return false; // the JDK refused a private key whose parts do not fit together
        }
    }

    @Override
    public PublicKey publicKey() {
        return publicKey;
    }

    @Override
    public byte[] encodedPrivateKey() {
        return privateKey.getEncoded();
    }

    @Override
    public byte[] encodedPublicKey() {
        return publicKey.getEncoded();
    }

    /** Signs {@code t} (a DigestInfo, or the data of INTERNAL AUTHENTICATE) with PKCS#1 v1.5 type 1 padding. */
    byte[] signPkcs1(byte[] t) throws CardKeyException {
        int k = modulusBytes();
        if (t.length > k - 11) {
            throw new CardKeyException("The data to sign is " + t.length + " bytes long, but an " + type.text()
                    + " key signs at most " + (k - 11) + " bytes.");
        }
        return privateOperation(RsaPadding.pkcs1Type1(t, k));
    }

    /** Signs a digest with RSASSA-PSS; the caller has checked the digest's length. */
    byte[] signPss(HashAlgorithm hash, byte[] digest) {
        return privateOperation(RsaPadding.pss(hash, digest, type.sizeBits(), random));
    }

    byte[] decryptPkcs1(byte[] cryptogram) throws CardKeyException {
        return decrypt("RSA/ECB/PKCS1Padding", null, cryptogram);
    }

    byte[] decryptOaep(HashAlgorithm hash, byte[] cryptogram) throws CardKeyException {
        OAEPParameterSpec oaep = new OAEPParameterSpec(hash.jcaName(), "MGF1", new MGF1ParameterSpec(hash.jcaName()),
                PSource.PSpecified.DEFAULT);
        return decrypt("RSA/ECB/OAEPPadding", oaep, cryptogram);
    }

    private byte[] decrypt(String transformation, OAEPParameterSpec oaep, byte[] cryptogram) throws CardKeyException {
        int k = modulusBytes();
        if (cryptogram.length != k) {
            throw new CardKeyException("A cryptogram for an " + type.text() + " key is " + k + " bytes long, not "
                    + cryptogram.length + ".");
        }
        if (new BigInteger(1, cryptogram).compareTo(publicKey.getModulus()) >= 0) {
            throw new CardKeyException("The cryptogram is not smaller than the key's modulus.");
        }
        try {
            Cipher cipher = Cipher.getInstance(transformation);
            cipher.init(Cipher.DECRYPT_MODE, privateKey, oaep);
            return cipher.doFinal(cryptogram);
        } catch (BadPaddingException e) {
            // One message for every padding fault, and no cause, so a trace is no padding oracle.
            throw new CardKeyException(INVALID_BLOCK);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("This Java runtime cannot decrypt with " + transformation + ".", e);
        }
    }

    /** The raw RSA private-key operation on an encoded block of the modulus length, below the modulus. */
    private byte[] privateOperation(byte[] block) {
        try {
            Cipher cipher = Cipher.getInstance("RSA/ECB/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, privateKey);
            return toModulusLength(new BigInteger(1, cipher.doFinal(block)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("This Java runtime cannot apply an RSA private key.", e);
        }
    }

    private byte[] toModulusLength(BigInteger value) {
        byte[] bytes = value.toByteArray(); // may have a leading sign byte, or be short
        int k = modulusBytes();
        byte[] out = new byte[k];
        int copy = Math.min(bytes.length, k);
        System.arraycopy(bytes, bytes.length - copy, out, k - copy, copy);
        return out;
    }

    private int modulusBytes() {
        return (publicKey.getModulus().bitLength() + 7) / 8;
    }
}
