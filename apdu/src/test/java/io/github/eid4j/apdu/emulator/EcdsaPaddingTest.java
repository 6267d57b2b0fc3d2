package io.github.eid4j.apdu.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.util.PublicKeyFactory;

/** Zero padding in front of a digest never changes what an EC card key signs. */
class EcdsaPaddingTest {
    private static final CardKey P384 = CardKey.generate(1, KeyType.EC_P384, new SecureRandom());

    @Property(tries = 200)
    void paddingIsInvisible(@ForAll @Size(min = 1, max = 48) byte[] digest, @ForAll @IntRange(max = 20) int zeros)
            throws Exception {
        byte[] padded = new byte[digest.length + zeros];
        System.arraycopy(digest, 0, padded, zeros, digest.length);
        byte[] signature = P384.signEcdsa(padded);

        assertThat(signature).isEqualTo(P384.signEcdsa(digest));
        // And it is a valid signature of the bare digest, as a host that never padded sees it.
        ECDSASigner verifier = new ECDSASigner();
        verifier.init(false, (ECPublicKeyParameters) PublicKeyFactory.createKey(P384.encodedPublicKey()));
        assertThat(verifier.verifySignature(digest, new BigInteger(1, Arrays.copyOf(signature, 48)),
                new BigInteger(1, Arrays.copyOfRange(signature, 48, 96)))).isTrue();
    }
}
