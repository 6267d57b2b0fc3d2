package io.github.eid4j.apdu.sm;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import org.bouncycastle.crypto.BlockCipher;
import org.bouncycastle.crypto.CipherParameters;
import org.bouncycastle.crypto.Mac;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.engines.DESEngine;
import org.bouncycastle.crypto.engines.DESedeEngine;
import org.bouncycastle.crypto.macs.CMac;
import org.bouncycastle.crypto.macs.ISO9797Alg3Mac;
import org.bouncycastle.crypto.modes.CBCBlockCipher;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/**
 * The block cipher of a secure channel and what ICAO Doc 9303-11 (§9.7, §9.8) builds on it: the
 * key derivation function, CBC encryption with the channel's IV, and the 8-byte MAC. PACE uses
 * the same cipher for its nonce and its authentication tokens, so both live here, once, for the
 * terminal and for the virtual card.
 */
public enum SmCipher {
    /** Two-key 3DES (BAC, and PACE with 3DES): zero IV, ISO/IEC 9797-1 MAC algorithm 3 ("retail MAC"). */
    TRIPLE_DES(8),
    /** AES (PACE): IV = E(K_enc, SSC), AES-CMAC truncated to 8 bytes. */
    AES(16);

    /** KDF counters (ICAO 9303-11 §9.7.1). */
    public static final int KDF_ENC = 1;
    public static final int KDF_MAC = 2;
    public static final int KDF_PASSWORD = 3;
    public static final int MAC_LENGTH = 8;

    private final int blockSize;

    SmCipher(int blockSize) {
        this.blockSize = blockSize;
    }

    public int blockSize() {
        return blockSize;
    }

    /**
     * KDF(K, c) of ICAO 9303-11 §9.7.1: SHA-1(K || c) for 3DES and AES-128, SHA-256(K || c) for
     * AES-192 and AES-256, cut to the key length (16 bytes for 3DES: Ka || Kb).
     */
    public byte[] deriveKey(byte[] secret, int counter, int keyLength) {
        boolean sha1 = this == TRIPLE_DES || keyLength == 16;
        if (this == TRIPLE_DES ? keyLength != 16 : keyLength != 16 && keyLength != 24 && keyLength != 32) {
            throw new IllegalArgumentException(this + " keys are not " + keyLength + " bytes long.");
        }
        try {
            MessageDigest digest = MessageDigest.getInstance(sha1 ? "SHA-1" : "SHA-256");
            digest.update(secret);
            digest.update(new byte[] {(byte) (counter >> 24), (byte) (counter >> 16), (byte) (counter >> 8), (byte) counter});
            byte[] hash = digest.digest();
            byte[] key = Arrays.copyOf(hash, keyLength);
            Arrays.fill(hash, (byte) 0);
            return key;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 and SHA-256 are part of every JDK.", e);
        }
    }

    /** CBC encryption of whole blocks under {@code key} with {@code iv}. */
    public byte[] encrypt(byte[] key, byte[] iv, byte[] blocks) {
        return cbc(true, key, iv, blocks);
    }

    /** CBC decryption of whole blocks under {@code key} with {@code iv}. */
    public byte[] decrypt(byte[] key, byte[] iv, byte[] blocks) {
        return cbc(false, key, iv, blocks);
    }

    /** The IV of a secure-messaging encryption with send sequence counter {@code ssc} (§9.8.6.1, §9.8.7.1). */
    public byte[] iv(byte[] encKey, byte[] ssc) {
        if (this == TRIPLE_DES) {
            return new byte[blockSize];
        }
        BlockCipher aes = AESEngine.newInstance();
        aes.init(true, new KeyParameter(encKey));
        byte[] iv = new byte[blockSize];
        aes.processBlock(ssc, 0, iv, 0);
        return iv;
    }

    /** The 8-byte MAC of data that is already padded (secure messaging pads SSC and data itself). */
    public byte[] macOfPadded(byte[] macKey, byte[] padded) {
        Mac mac = this == AES ? new CMac(AESEngine.newInstance(), MAC_LENGTH * 8) : new ISO9797Alg3Mac(new DESEngine());
        mac.init(new KeyParameter(macKey));
        mac.update(padded, 0, padded.length);
        byte[] out = new byte[mac.getMacSize()];
        mac.doFinal(out, 0);
        return Arrays.copyOf(out, MAC_LENGTH);
    }

    /** The 8-byte MAC of unpadded data, as PACE authenticates its tokens (ICAO 9303-11 §4.4.3.4, §9.8). */
    public byte[] mac(byte[] macKey, byte[] data) {
        return macOfPadded(macKey, this == AES ? data : Iso9797Padding.pad(data, blockSize));
    }

    private byte[] cbc(boolean encrypt, byte[] key, byte[] iv, byte[] blocks) {
        if (blocks.length % blockSize != 0) {
            throw new IllegalArgumentException("CBC takes whole blocks of " + blockSize + " bytes, not " + blocks.length + " bytes.");
        }
        BlockCipher cipher = CBCBlockCipher.newInstance(this == AES ? AESEngine.newInstance() : new DESedeEngine());
        CipherParameters params = new ParametersWithIV(new KeyParameter(key), iv);
        cipher.init(encrypt, params);
        byte[] out = new byte[blocks.length];
        for (int i = 0; i < blocks.length; i += blockSize) {
            cipher.processBlock(blocks, i, out, i);
        }
        return out;
    }
}
