package io.github.eid4j.pkcs11;

import static io.github.eid4j.testing.Pcscd.PORT_0;
import static io.github.eid4j.testing.Pcscd.READER_0;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.eid4j.apdu.emulator.VirtualCards;
import io.github.eid4j.apdu.vpcd.VpcdBridge;
import io.github.eid4j.card.fineid.FineidVirtualCard;
import io.github.eid4j.testing.Pcscd;
import io.github.eid4j.testing.PcscdTest;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an application sees when the card leaves the reader and comes back, called through FFM
 * as a C application calls the module: slot events, sessions closed by the removal, the token
 * gone from its slot, and a new token, logged out, after the card is back. The module (a copy of
 * the .so with a config that shows only the PC/SC readers) joins this JVM.
 */
class CardRemovalIT extends PcscdTest {
    private static final MemorySegment NULL = MemorySegment.NULL;
    private static final byte[] DIGEST = new byte[48];

    @TempDir
    static Path dir;
    static Path home;
    static NativeModule p11;

    private Arena arena;
    private Calls calls;
    private VirtualCards.OpenCard card;

    @BeforeAll
    static void loadModule() throws Throwable {
        home = dir.resolve("home");
        Fixture.createCards(home, "v4", "fineid-v4");
        p11 = Fixture.readerModule(dir.resolve("module"), home);
    }

    @BeforeEach
    void start() throws Exception {
        arena = Arena.ofShared();
        calls = new Calls(p11, arena);
        card = closing(new VirtualCards(home).open("v4"));
        assertThat(p11.call("C_Initialize", NULL)).isEqualTo(Ck.CKR_OK);
    }

    @AfterEach
    void finish() {
        p11.call("C_Finalize", NULL);
        arena.close();
    }

    private VpcdBridge insert() {
        VpcdBridge bridge = closing(VpcdBridge.start(card.card(), PORT_0));
        Pcscd.awaitReader(READER_0, r -> r.cardPresent(), "the card");
        return bridge;
    }

    private static void remove(VpcdBridge bridge) {
        bridge.close();
        Pcscd.awaitReader(READER_0, r -> !r.cardPresent(), "empty");
    }

    /** C_WaitForSlotEvent, blocking, on a thread of its own; at most 10 s. */
    private long awaitEvent() throws Exception {
        MemorySegment slot = calls.ulong(-1);
        long rv = CompletableFuture.supplyAsync(() -> p11.call("C_WaitForSlotEvent", 0L, slot, NULL)).get(10, TimeUnit.SECONDS);
        assertThat(rv).isEqualTo(Ck.CKR_OK);
        return slot.get(JAVA_LONG, 0);
    }

    /** The slot events that are there now, without blocking. */
    private List<Long> pendingEvents() {
        List<Long> slots = new ArrayList<>();
        MemorySegment slot = calls.ulong(-1);
        long rv;
        while ((rv = p11.call("C_WaitForSlotEvent", Ck.CKF_DONT_BLOCK, slot, NULL)) == Ck.CKR_OK) {
            slots.add(slot.get(JAVA_LONG, 0));
        }
        assertThat(rv).isEqualTo(Ck.CKR_NO_EVENT);
        return slots;
    }

    private List<Long> slotsWithToken() {
        MemorySegment count = calls.ulong(0);
        assertThat(p11.call("C_GetSlotList", (byte) 1, NULL, count)).isEqualTo(Ck.CKR_OK);
        MemorySegment list = arena.allocate(JAVA_LONG, Math.max(1, count.get(JAVA_LONG, 0)));
        assertThat(p11.call("C_GetSlotList", (byte) 1, list, count)).isEqualTo(Ck.CKR_OK);
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < count.get(JAVA_LONG, 0); i++) {
            out.add(list.getAtIndex(JAVA_LONG, i));
        }
        return out;
    }

    private long slotFlags(long slot) {
        MemorySegment info = arena.allocate(Layouts.CK_SLOT_INFO);
        assertThat(p11.call("C_GetSlotInfo", slot, info)).isEqualTo(Ck.CKR_OK);
        return info.get(JAVA_LONG, Layouts.offset(Layouts.CK_SLOT_INFO, "flags"));
    }

    private long sessionState(long session) {
        MemorySegment info = arena.allocate(Layouts.CK_SESSION_INFO);
        assertThat(p11.call("C_GetSessionInfo", session, info)).isEqualTo(Ck.CKR_OK);
        return info.get(JAVA_LONG, Layouts.offset(Layouts.CK_SESSION_INFO, "state"));
    }

    /** Logs in with PIN1 and starts an ECDSA signature with the authentication key. */
    private void loginAndSignInit(long session) {
        assertThat(calls.login(session, Ck.CKU_USER, FineidVirtualCard.TEST_PIN1)).isEqualTo(Ck.CKR_OK);
        long key = calls.findOne(session, Ck.CKA_CLASS, Ck.CKO_PRIVATE_KEY);
        assertThat(p11.call("C_SignInit", session, calls.mechanism(Ck.CKM_ECDSA), key)).isEqualTo(Ck.CKR_OK);
    }

    /** C_Sign of a digest; the return value as it is. */
    private long sign(long session) {
        return p11.call("C_Sign", session, arena.allocateFrom(JAVA_BYTE, DIGEST), (long) DIGEST.length, arena.allocate(96),
                calls.ulong(96));
    }

    @Test
    void theTokensFollowTheCardOutAndBackIn() throws Exception {
        assertThat(slotsWithToken()).isEmpty();
        assertThat(slotFlags(0)).isEqualTo(Ck.CKF_REMOVABLE_DEVICE | Ck.CKF_HW_SLOT);
        assertThat(pendingEvents()).isEmpty();

        VpcdBridge bridge = insert();
        long first = awaitEvent();
        assertThat(first).isIn(0L, 1L);
        assertThat(pendingEvents()).containsExactly(1 - first); // both of the reader's slots, each once
        assertThat(slotsWithToken()).containsExactly(0L, 1L);
        assertThat(slotFlags(0) & Ck.CKF_TOKEN_PRESENT).isNotZero();
        long session = calls.openSession(0);
        loginAndSignInit(session);

        remove(bridge);
        long gone = awaitEvent();
        assertThat(gone).isIn(0L, 1L);
        assertThat(pendingEvents()).containsExactly(1 - gone);
        assertThat(p11.call("C_GetSessionInfo", session, arena.allocate(Layouts.CK_SESSION_INFO)))
                .as("the removal closed the session").isEqualTo(Ck.CKR_SESSION_HANDLE_INVALID);
        assertThat(sign(session)).isEqualTo(Ck.CKR_SESSION_HANDLE_INVALID);
        assertThat(p11.call("C_GetTokenInfo", 0L, arena.allocate(Layouts.CK_TOKEN_INFO))).isEqualTo(Ck.CKR_TOKEN_NOT_PRESENT);
        assertThat(p11.call("C_OpenSession", 0L, Ck.CKF_SERIAL_SESSION, NULL, NULL, calls.ulong(0))).isEqualTo(Ck.CKR_TOKEN_NOT_PRESENT);
        assertThat(slotsWithToken()).isEmpty();
        MemorySegment all = calls.ulong(0);
        assertThat(p11.call("C_GetSlotList", (byte) 0, NULL, all)).isEqualTo(Ck.CKR_OK);
        assertThat(all.get(JAVA_LONG, 0)).as("slots are never removed: two per vpcd reader").isEqualTo(4);

        insert();
        awaitEvent();
        long again = calls.openSession(0);
        assertThat(again).isNotEqualTo(session);
        assertThat(sessionState(again)).as("a card put back is logged out").isEqualTo(Ck.CKS_RO_PUBLIC_SESSION);
        loginAndSignInit(again);
        assertThat(sign(again)).isEqualTo(Ck.CKR_OK);
    }

    /**
     * Pulled between C_SignInit and C_Sign: the signature fails with CKR_DEVICE_REMOVED if it
     * reaches the card first, or CKR_SESSION_HANDLE_INVALID if the module saw the removal first;
     * either way the session is closed and the module goes on.
     */
    @Test
    void aCardPulledBeforeTheSignatureEndsTheSessionCleanly() throws Exception {
        VpcdBridge bridge = insert();
        awaitEvent();
        long session = calls.openSession(0);
        loginAndSignInit(session);
        remove(bridge);
        assertThat(sign(session)).isIn(Ck.CKR_DEVICE_REMOVED, Ck.CKR_SESSION_HANDLE_INVALID);
        assertThat(p11.call("C_CloseSession", session)).isEqualTo(Ck.CKR_SESSION_HANDLE_INVALID);
        insert();
        long later = openSessionWhenPresent(0);
        loginAndSignInit(later);
        assertThat(sign(later)).isEqualTo(Ck.CKR_OK);
    }

    /** The module notices an insertion within its polling interval; an application may ask before then. */
    private long openSessionWhenPresent(long slot) throws Exception {
        for (int i = 0; i < 40 && !slotsWithToken().contains(slot); i++) {
            Thread.sleep(50);
        }
        return calls.openSession(slot);
    }
}
