package io.github.eid4j.apdu;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * The hash functions whose digests a card signs. The card never hashes: the host sends the
 * digest, and the card needs the hash only to check the digest's length, to build the PKCS#1
 * v1.5 DigestInfo, and to parametrise PSS and OAEP.
 */
public enum HashAlgorithm {
    // The DigestInfo prefixes are the DER encodings listed in RFC 8017 section 9.2, note 1:
    // SEQUENCE { SEQUENCE { OID, NULL }, OCTET STRING of the digest length }.
    SHA1(20, "SHA-1", "30 21 30 09 06 05 2B 0E 03 02 1A 05 00 04 14"),
    SHA224(28, "SHA-224", "30 2D 30 0D 06 09 60 86 48 01 65 03 04 02 04 05 00 04 1C"),
    SHA256(32, "SHA-256", "30 31 30 0D 06 09 60 86 48 01 65 03 04 02 01 05 00 04 20"),
    SHA384(48, "SHA-384", "30 41 30 0D 06 09 60 86 48 01 65 03 04 02 02 05 00 04 30"),
    SHA512(64, "SHA-512", "30 51 30 0D 06 09 60 86 48 01 65 03 04 02 03 05 00 04 40");

    private final int digestLength;
    private final String jcaName;
    private final byte[] digestInfoPrefix;

    HashAlgorithm(int digestLength, String jcaName, String digestInfoPrefix) {
        this.digestLength = digestLength;
        this.jcaName = jcaName;
        this.digestInfoPrefix = Hex.decode(digestInfoPrefix);
    }

    /** The digest length in bytes. */
    public int digestLength() {
        return digestLength;
    }

    /** The standard JCA name, for example {@code SHA-256}, as MessageDigest and MGF1ParameterSpec take it. */
    public String jcaName() {
        return jcaName;
    }

    /** The DER bytes that precede the digest in a PKCS#1 v1.5 DigestInfo (a fresh copy). */
    public byte[] digestInfoPrefix() {
        return digestInfoPrefix.clone();
    }

    /**
     * The DER DigestInfo of {@code digest}, the value PKCS#1 v1.5 pads and signs.
     *
     * @throws IllegalArgumentException if the digest does not have this hash's length
     */
    public byte[] digestInfo(byte[] digest) {
        if (digest.length != digestLength) {
            throw new IllegalArgumentException(lengthMismatch(digest.length));
        }
        byte[] info = new byte[digestInfoPrefix.length + digestLength];
        System.arraycopy(digestInfoPrefix, 0, info, 0, digestInfoPrefix.length);
        System.arraycopy(digest, 0, info, digestInfoPrefix.length, digestLength);
        return info;
    }

    /**
     * The hash whose digests have {@code length} bytes; every supported hash has its own length,
     * so a card that is sent only a digest can still tell which hash made it.
     */
    public static Optional<HashAlgorithm> byDigestLength(int length) {
        for (HashAlgorithm hash : values()) {
            if (hash.digestLength == length) {
                return Optional.of(hash);
            }
        }
        return Optional.empty();
    }

    /** A new MessageDigest of this hash. */
    public MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance(jcaName);
        } catch (NoSuchAlgorithmException e) {
            // Every Java SE platform must provide SHA-1 and the SHA-2 family.
            throw new IllegalStateException(jcaName + " is missing from this Java runtime.", e);
        }
    }

    /**
     * MGF1 with this hash (RFC 8017 appendix B.2.1): hash(seed || counter) blocks, cut to
     * {@code length} bytes. PSS masks with it, on the card that signs and on the host that checks.
     */
    public byte[] mgf1(byte[] seed, int length) {
        MessageDigest md = newDigest();
        byte[] mask = new byte[length];
        byte[] counter = new byte[4];
        for (int done = 0, c = 0; done < length; c++) {
            counter[0] = (byte) (c >>> 24);
            counter[1] = (byte) (c >>> 16);
            counter[2] = (byte) (c >>> 8);
            counter[3] = (byte) c;
            md.update(seed);
            md.update(counter);
            byte[] block = md.digest();
            int n = Math.min(block.length, length - done);
            System.arraycopy(block, 0, mask, done, n);
            done += n;
        }
        return mask;
    }

    /** The one-sentence complaint about a digest of the wrong length. */
    public String lengthMismatch(int actualLength) {
        return "A " + jcaName + " digest is " + digestLength + " bytes long, not " + actualLength + ".";
    }
}
