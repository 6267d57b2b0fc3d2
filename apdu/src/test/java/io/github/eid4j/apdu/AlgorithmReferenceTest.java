package io.github.eid4j.apdu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.eid4j.apdu.AlgorithmReference.Operation;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Gemalto/Thales algorithm-reference table that a driver looks up and the virtual card
 * interprets: the bytes the recorded FINEID sessions and OpenSC's drivers send (docs/cards.md
 * §1.4, §1.5, §2.4).
 */
class AlgorithmReferenceTest {
    private static final List<AlgorithmReference> TABLE = AlgorithmReference.gemaltoStyle();

    private static int value(Operation operation, HashAlgorithm hash) {
        return AlgorithmReference.find(TABLE, operation, hash).orElseThrow().value();
    }

    @Test
    void theRecordedBytesAreTheTables() {
        assertThat(value(Operation.SIGN_ECDSA, HashAlgorithm.SHA384)).isEqualTo(0x54); // FINEID v4, recorded
        assertThat(value(Operation.SIGN_PSS, HashAlgorithm.SHA256)).isEqualTo(0x45); // FINEID v3 authentication, recorded
        assertThat(value(Operation.SIGN_ECDSA, HashAlgorithm.SHA256)).isEqualTo(0x44); // FINEID v3 signature, recorded
        assertThat(value(Operation.SIGN_PKCS1, HashAlgorithm.SHA256)).isEqualTo(0x42); // IAS Classic, FirmaUY trace
        assertThat(value(Operation.DECIPHER_PKCS1, null)).isEqualTo(0x1A);
        assertThat(value(Operation.DECIPHER_OAEP, HashAlgorithm.SHA256)).isEqualTo(0x4D);
        assertThat(value(Operation.SIGN_PKCS1, null)).as("a DigestInfo the host built").isEqualTo(0x02);
    }

    @Test
    void everyByteMeansOneThing() {
        assertThat(TABLE).extracting(AlgorithmReference::value).doesNotHaveDuplicates();
    }

    @Test
    void anOperationWithoutAByteIsAbsentNotGuessed() {
        assertThat(AlgorithmReference.find(TABLE, Operation.DERIVE_ECDH, null)).isEmpty();
        assertThatThrownBy(() -> AlgorithmReference.gemaltoStyle(Operation.DECIPHER_OAEP, null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
