package io.github.eid4j.jca;

import io.github.eid4j.apdu.HashAlgorithm;
import io.github.eid4j.card.SignatureScheme;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.ProviderException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.IllegalBlockSizeException;
import javax.crypto.NoSuchPaddingException;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.util.PublicKeyFactory;

/**
 * Checks a card's signature with the public key of its key's certificate before Eid4j hands it
 * out. A faulty card's signature would otherwise fail far away (a TLS peer's alert, a JAR that
 * does not verify), and a faulty RSA-CRT signature gives the key's factors to whoever sees it.
 * The check works on what the card was sent (a digest, or a DigestInfo), so the message is not
 * hashed twice; it costs one public-key operation in software (tens of microseconds for RSA, a
 * few tenths of a millisecond for ECDSA), beside the hundred milliseconds or more a card takes to sign.
 * The software providers verify: Eid4j's engines take card keys only.
 */
final class SignatureCheck {
    /**
     * The certificates' EC keys in Bouncy Castle's form, as long as their certificates live:
     * its point keeps the tables Bouncy Castle computes for it on the first check (0.5 ms of a
     * 0.9 ms check on P-384).
     */
    private static final Map<PublicKey, ECPublicKeyParameters> EC_KEYS = Collections.synchronizedMap(new WeakHashMap<>());

    private SignatureCheck() {
    }

    /**
     * @param hash the hash of {@code input}, or null when {@code input} is the DigestInfo (or
     *     value) that RSA PKCS#1 v1.5 pads as it is
     * @param signature the card's signature, raw: r||s for ECDSA
     * @throws WrongSignatureException if it does not verify
     */
    static void verify(Eid4jPrivateKey key, SignatureScheme scheme, HashAlgorithm hash, byte[] input, byte[] signature) {
        PublicKey publicKey = key.certificate().getPublicKey();
        boolean valid;
        try {
            switch (scheme) {
                case ECDSA:
                    valid = ecdsa(publicKey, input, signature);
                    break;
                case RSA_PKCS1:
                    valid = verify("NONEwithRSA", publicKey, hash == null ? input : hash.digestInfo(input), signature);
                    break;
                case RSA_PSS:
                    valid = pss(hash, input, (RSAPublicKey) publicKey, signature);
                    break;
                default:
                    throw new ProviderException("Eid4j cannot check " + scheme + " signatures.");
            }
        } catch (NoSuchAlgorithmException | NoSuchPaddingException | InvalidKeyException e) {
            throw new ProviderException("This Java runtime cannot check the card's " + scheme + " signatures with its "
                    + publicKey.getAlgorithm() + " certificate key.", e);
        }
        if (!valid) {
            throw new WrongSignatureException("The card returned a signature that does not verify with the certificate of its "
                    + key.alias() + " key.");
        }
    }

    /**
     * ECDSA of a digest, r||s each of the field's length, with Bouncy Castle's arithmetic: the
     * JDK's (25) verification on P-384 takes 2.3 ms, seven times Bouncy Castle's, and nearly
     * twice its own signature, so a check with it cost a virtual card's signature three times the
     * JDK's signing with the same key (README, Benchmarks). The digest is taken as the JDK's
     * NONEwithECDSA takes it: cut to the order's bit length if longer.
     */
    private static boolean ecdsa(PublicKey publicKey, byte[] digest, byte[] signature) throws InvalidKeyException {
        ECPublicKeyParameters key = EC_KEYS.get(publicKey);
        if (key == null) {
            try {
                key = (ECPublicKeyParameters) PublicKeyFactory.createKey(publicKey.getEncoded());
            } catch (IOException | RuntimeException e) {
                throw new InvalidKeyException("Not an EC public key Bouncy Castle knows.", e);
            }
            EC_KEYS.put(publicKey, key);
        }
        int fieldBytes = (key.getParameters().getCurve().getFieldSize() + 7) / 8;
        if (signature.length != 2 * fieldBytes) {
            return false; // not even shaped as a signature
        }
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(signature, 0, fieldBytes));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, fieldBytes, signature.length));
        ECDSASigner verifier = new ECDSASigner();
        verifier.init(false, key);
        return verifier.verifySignature(digest, r, s);
    }

    private static boolean verify(String algorithm, PublicKey publicKey, byte[] input, byte[] signature)
            throws NoSuchAlgorithmException, InvalidKeyException {
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(publicKey);
        try {
            verifier.update(input);
            return verifier.verify(signature);
        } catch (SignatureException e) {
            return false; // not even shaped as a signature
        }
    }

    /**
     * EMSA-PSS-VERIFY (RFC 8017 section 9.1.2) of {@code mHash}, with the parameters the card
     * uses: MGF1 of the same hash and a salt as long as the digest.
     */
    private static boolean pss(HashAlgorithm hash, byte[] mHash, RSAPublicKey publicKey, byte[] signature)
            throws NoSuchAlgorithmException, NoSuchPaddingException, InvalidKeyException {
        byte[] em;
        try {
            Cipher rsa = Cipher.getInstance("RSA/ECB/NoPadding");
            rsa.init(Cipher.DECRYPT_MODE, publicKey);
            em = rsa.doFinal(signature);
        } catch (IllegalBlockSizeException | BadPaddingException e) {
            return false; // longer than the modulus, or not below it
        }
        int emBits = publicKey.getModulus().bitLength() - 1;
        int emLength = (emBits + 7) / 8;
        int hLength = hash.digestLength();
        int sLength = hLength;
        int offset = em.length - emLength; // the public operation gives as many bytes as the modulus
        if (emLength < hLength + sLength + 2 || offset < 0 || (offset > 0 && em[0] != 0) || em[em.length - 1] != (byte) 0xBC) {
            return false;
        }
        int dbLength = emLength - hLength - 1;
        byte[] h = Arrays.copyOfRange(em, offset + dbLength, offset + dbLength + hLength);
        int unused = 8 * emLength - emBits;
        if ((em[offset] & (0xFF << (8 - unused)) & 0xFF) != 0) {
            return false;
        }
        byte[] db = hash.mgf1(h, dbLength);
        for (int i = 0; i < dbLength; i++) {
            db[i] ^= em[offset + i];
        }
        db[0] &= (byte) (0xFF >>> unused);
        int separator = dbLength - sLength - 1;
        for (int i = 0; i < separator; i++) {
            if (db[i] != 0) {
                return false;
            }
        }
        if (db[separator] != 0x01) {
            return false;
        }
        MessageDigest md = hash.newDigest();
        md.update(new byte[8]);
        md.update(mHash);
        md.update(db, separator + 1, sLength);
        return MessageDigest.isEqual(md.digest(), h);
    }
}
