package io.github.eid4j.apdu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Map;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.DigestInfo;
import org.bouncycastle.asn1.x509.X509ObjectIdentifiers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class HashAlgorithmTest {
    private static final Map<HashAlgorithm, ASN1ObjectIdentifier> OIDS = Map.of(
            HashAlgorithm.SHA1, X509ObjectIdentifiers.id_SHA1,
            HashAlgorithm.SHA224, NISTObjectIdentifiers.id_sha224,
            HashAlgorithm.SHA256, NISTObjectIdentifiers.id_sha256,
            HashAlgorithm.SHA384, NISTObjectIdentifiers.id_sha384,
            HashAlgorithm.SHA512, NISTObjectIdentifiers.id_sha512);

    /** The hand-written prefixes against a DigestInfo that BouncyCastle's ASN.1 encoder builds. */
    @ParameterizedTest
    @EnumSource(HashAlgorithm.class)
    void digestInfoIsTheDerEncoding(HashAlgorithm hash) throws Exception {
        byte[] digest = new byte[hash.digestLength()];
        Arrays.fill(digest, (byte) 0x5A);
        byte[] der = new DigestInfo(new AlgorithmIdentifier(OIDS.get(hash), DERNull.INSTANCE), digest)
                .getEncoded(ASN1Encoding.DER);

        assertThat(hash.digestInfo(digest)).isEqualTo(der);
        assertThat(hash.digestInfoPrefix()).isEqualTo(Arrays.copyOf(der, der.length - digest.length));
    }

    @ParameterizedTest
    @EnumSource(HashAlgorithm.class)
    void lengthAndNameAreTheJdksDigests(HashAlgorithm hash) throws Exception {
        assertThat(MessageDigest.getInstance(hash.jcaName()).getDigestLength()).isEqualTo(hash.digestLength());
        assertThat(HashAlgorithm.byDigestLength(hash.digestLength())).contains(hash);
    }

    @Test
    void noHashHasOtherLengths() {
        assertThat(HashAlgorithm.byDigestLength(16)).isEmpty();
        assertThat(HashAlgorithm.byDigestLength(0)).isEmpty();
    }

    @Test
    void digestInfoWantsADigestOfTheHashsLength() {
        assertThatThrownBy(() -> HashAlgorithm.SHA256.digestInfo(new byte[31])).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("A SHA-256 digest is 32 bytes long, not 31.");
    }

    @Test
    void thePrefixIsACopy() {
        HashAlgorithm.SHA256.digestInfoPrefix()[0] = 0;
        assertThat(HashAlgorithm.SHA256.digestInfoPrefix()[0]).isEqualTo((byte) 0x30);
    }
}
