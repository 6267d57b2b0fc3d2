package io.github.eid4j.pkcs11;

import static io.github.eid4j.testing.Pcscd.PORT_0;
import static io.github.eid4j.testing.Pcscd.PORT_1;
import static io.github.eid4j.testing.Pcscd.READER_0;
import static io.github.eid4j.testing.Pcscd.READER_1;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.eid4j.apdu.emulator.VirtualCards;
import io.github.eid4j.apdu.vpcd.VpcdBridge;
import io.github.eid4j.card.fineid.FineidVirtualCard;
import io.github.eid4j.testing.Pcscd;
import io.github.eid4j.testing.PcscdTest;
import io.github.eid4j.testing.SilentCard;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A card that stops answering in reader "Virtual PCD 00 00" (it keeps its vpcd connection, so
 * pcscd waits for it) while another card in "Virtual PCD 00 01" works: a C_Sign on the silent
 * card fails with CKR_DEVICE_ERROR within the configured time limit (card.timeout) while the
 * other card signs, and C_Finalize returns at once although
 * a thread still waits in C_Sign, and C_Initialize works after it. The module (copies of the .so
 * with their configs: limits of 2 s and 30 s) joins this JVM and is called through FFM.
 * (conformance-tests' SilentCardPkcs11ToolIT lists the slots with pkcs11-tool meanwhile.)
 */
@Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a test that hangs must not hold the cards' release
class SilentCardIT extends PcscdTest {
    private static final MemorySegment NULL = MemorySegment.NULL;
    private static final byte[] DIGEST = new byte[48];
    private static final Duration SHORT = Duration.ofSeconds(2);

    @TempDir
    static Path dir;
    static Path home;
    static NativeModule shortLimit;
    static NativeModule longLimit;
    static ExecutorService threads;

    private Arena arena;
    private SilentCard silent;

    @BeforeAll
    static void loadModules() throws Throwable {
        home = dir.resolve("home");
        Fixture.createCards(home, "left", "fineid-v4", "right", "fineid-v4");
        shortLimit = module(dir.resolve("short/eid4j-pkcs11.conf"), "card.timeout = " + SHORT.toSeconds());
        longLimit = module(dir.resolve("long/eid4j-pkcs11.conf"), "card.timeout = 30");
        threads = Executors.newCachedThreadPool();
    }

    /** A copy of the .so with its config beside it. */
    private static NativeModule module(Path config, String limit) throws Throwable {
        Path folder = Files.createDirectories(config.getParent());
        Path so = Files.copy(Fixture.module(), folder.resolve("libeid4j-pkcs11.so"), StandardCopyOption.REPLACE_EXISTING);
        Fixture.writeConfig(config, home, List.of(), "readers = true", limit);
        return new NativeModule(so);
    }

    @AfterAll
    static void stopThreads() {
        threads.shutdownNow();
    }

    /** "left", silent from its first PSO (INS 2A) on, in reader 0 (slots 0, 1); "right" in reader 1 (slots 2, 3). */
    @BeforeEach
    void insertCards() throws Exception {
        arena = Arena.ofShared();
        VirtualCards cards = new VirtualCards(home);
        silent = closing(new SilentCard(closing(cards.open("left")).card()).silenceAt(0x2A));
        closing(VpcdBridge.start(silent, PORT_0));
        closing(VpcdBridge.start(closing(cards.open("right")).card(), PORT_1));
        Pcscd.awaitReader(READER_0, r -> r.cardPresent(), "card 'left'");
        Pcscd.awaitReader(READER_1, r -> r.cardPresent(), "card 'right'");
    }

    @AfterEach
    void freeArena() {
        arena.close();
    }

    /** Logs in with PIN1 on the slot and starts an ECDSA signature with its authentication key; returns the session. */
    private static long readyToSign(NativeModule p11, Calls calls, long slot) {
        long session = calls.openSession(slot);
        assertThat(calls.login(session, Ck.CKU_USER, FineidVirtualCard.TEST_PIN1)).isEqualTo(Ck.CKR_OK);
        signInit(p11, calls, session);
        return session;
    }

    private static void signInit(NativeModule p11, Calls calls, long session) {
        long key = calls.findOne(session, Ck.CKA_CLASS, Ck.CKO_PRIVATE_KEY);
        assertThat(p11.call("C_SignInit", session, calls.mechanism(Ck.CKM_ECDSA), key)).isEqualTo(Ck.CKR_OK);
    }

    /** C_Sign of a digest; the return value as it is. */
    private long sign(NativeModule p11, Calls calls, long session) {
        return p11.call("C_Sign", session, arena.allocateFrom(JAVA_BYTE, DIGEST), (long) DIGEST.length, arena.allocate(96),
                calls.ulong(96));
    }

    private static long tokenInfo(NativeModule p11, Arena arena, long slot) {
        return p11.call("C_GetTokenInfo", slot, arena.allocate(Layouts.CK_TOKEN_INFO));
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    @Test
    void aSignatureOnTheSilentCardFailsWithDeviceErrorWithinTheLimitWhileTheOtherCardSigns() throws Exception {
        Calls calls = new Calls(shortLimit, arena);
        assertThat(shortLimit.call("C_Initialize", NULL)).isEqualTo(Ck.CKR_OK);
        try {
            long stuck = readyToSign(shortLimit, calls, 0);
            long other = readyToSign(shortLimit, calls, 2);
            long start = System.nanoTime();
            Future<Long> waiting = threads.submit(() -> sign(shortLimit, calls, stuck));
            assertThat(silent.awaitHolding(Duration.ofSeconds(10))).as("the card got the PSO and holds it").isTrue();
            assertThat(sign(shortLimit, calls, other)).as("the other reader's card signs meanwhile").isEqualTo(Ck.CKR_OK);

            assertThat(waiting.get(15, TimeUnit.SECONDS)).isEqualTo(Ck.CKR_DEVICE_ERROR);
            assertThat(since(start)).isBetween(SHORT.minusMillis(100), Duration.ofSeconds(10));

            // The silent card was dropped: its session is gone and its slots stay empty (at once,
            // without waiting for it again) until it is inserted again; the other card goes on.
            start = System.nanoTime();
            assertThat(sign(shortLimit, calls, stuck)).isEqualTo(Ck.CKR_SESSION_HANDLE_INVALID);
            assertThat(tokenInfo(shortLimit, arena, 0)).isEqualTo(Ck.CKR_TOKEN_NOT_PRESENT);
            assertThat(since(start)).isLessThan(SHORT);
            signInit(shortLimit, calls, other);
            assertThat(sign(shortLimit, calls, other)).isEqualTo(Ck.CKR_OK);
        } finally {
            shortLimit.call("C_Finalize", NULL);
        }
    }

    @Test
    void cFinalizeReturnsAtOnceWhileAThreadWaitsInCSignForTheSilentCard() throws Exception {
        Calls calls = new Calls(longLimit, arena);
        assertThat(longLimit.call("C_Initialize", NULL)).isEqualTo(Ck.CKR_OK);
        long stuck = readyToSign(longLimit, calls, 0);
        Future<Long> waiting = threads.submit(() -> sign(longLimit, calls, stuck));
        assertThat(silent.awaitHolding(Duration.ofSeconds(10))).as("the card got the PSO and holds it").isTrue();

        long start = System.nanoTime();
        CompletableFuture<Long> finalized = CompletableFuture.supplyAsync(() -> longLimit.call("C_Finalize", NULL), threads);
        assertThat(finalized.get(10, TimeUnit.SECONDS)).isEqualTo(Ck.CKR_OK);
        assertThat(since(start)).as("C_Finalize does not wait for the card's 30 s").isLessThan(Duration.ofSeconds(5));
        assertThat(waiting.get(5, TimeUnit.SECONDS)).as("the waiting C_Sign was let go").isNotEqualTo(Ck.CKR_OK);

        assertThat(longLimit.call("C_Initialize", NULL)).isEqualTo(Ck.CKR_OK);
        try {
            MemorySegment count = calls.ulong(0);
            assertThat(longLimit.call("C_GetSlotList", (byte) 0, NULL, count)).isEqualTo(Ck.CKR_OK);
            assertThat(count.get(JAVA_LONG, 0)).isEqualTo(4);
            long other = readyToSign(longLimit, calls, 2);
            assertThat(sign(longLimit, calls, other)).isEqualTo(Ck.CKR_OK);
        } finally {
            longLimit.call("C_Finalize", NULL);
        }
    }
}
