package io.github.eid4j.pkcs11;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** PKCS#11's output convention (§5.2), and what it means for an operation under way, as applications rely on it. */
class OutputTest {
    private static final byte[] SIGNATURE = {1, 2, 3, 4};

    @Test
    void aLengthQueryGetsTheLengthAndTheCardIsNotAsked() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment length = arena.allocate(JAVA_LONG);
            AtomicInteger made = new AtomicInteger();
            assertThat(Output.to(MemorySegment.NULL, length).exactly(4, () -> {
                made.incrementAndGet();
                return SIGNATURE;
            })).isEqualTo(Ck.CKR_OK);
            assertThat(length.get(JAVA_LONG, 0)).isEqualTo(4);
            assertThat(made).hasValue(0);
        }
    }

    @Test
    void aShortBufferGetsTheLengthNeeded() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment length = arena.allocate(JAVA_LONG);
            length.set(JAVA_LONG, 0, 3);
            assertThat(Output.to(arena.allocate(3), length).exactly(4, () -> SIGNATURE)).isEqualTo(Ck.CKR_BUFFER_TOO_SMALL);
            assertThat(length.get(JAVA_LONG, 0)).isEqualTo(4);
            length.set(JAVA_LONG, 0, 1);
            assertThat(Output.to(arena.allocate(1), length).atMost(10, () -> new byte[] {7, 7})).isEqualTo(Ck.CKR_BUFFER_TOO_SMALL);
            assertThat(length.get(JAVA_LONG, 0)).as("the plaintext's own length, not the longest").isEqualTo(2);
        }
    }

    @Test
    void aBufferLongEnoughGetsTheValue() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment length = arena.allocate(JAVA_LONG);
            MemorySegment buffer = arena.allocate(16);
            length.set(JAVA_LONG, 0, 16);
            assertThat(Output.to(buffer, length).exactly(4, () -> SIGNATURE)).isEqualTo(Ck.CKR_OK);
            assertThat(length.get(JAVA_LONG, 0)).isEqualTo(4);
            assertThat(buffer.asSlice(0, 4).toArray(JAVA_BYTE)).isEqualTo(SIGNATURE);
        }
    }

    @Test
    void anOperationGoesOnAfterALengthAnswerAndEndsOtherwise() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment length = arena.allocate(JAVA_LONG);
            AtomicInteger ended = new AtomicInteger();
            Output.ofOperation(MemorySegment.NULL, length, ended::incrementAndGet, out -> out.exactly(4, () -> SIGNATURE));
            length.set(JAVA_LONG, 0, 1);
            Output.ofOperation(arena.allocate(1), length, ended::incrementAndGet, out -> out.exactly(4, () -> SIGNATURE));
            assertThat(ended).as("after a length query and a short buffer").hasValue(0);
            length.set(JAVA_LONG, 0, 4);
            Output.ofOperation(arena.allocate(4), length, ended::incrementAndGet, out -> out.exactly(4, () -> SIGNATURE));
            assertThat(ended).as("after the signature").hasValue(1);
            assertThatThrownBy(() -> Output.ofOperation(MemorySegment.NULL, MemorySegment.NULL, ended::incrementAndGet,
                    out -> out.exactly(4, () -> SIGNATURE))).isInstanceOf(CkrException.class)
                    .extracting(e -> ((CkrException) e).rv()).isEqualTo(Ck.CKR_ARGUMENTS_BAD);
            assertThat(ended).as("after an error").hasValue(2);
        }
    }
}
