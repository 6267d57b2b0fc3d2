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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
    private VirtualCards.OpenCard card;

    @BeforeAll
    static void loadModule() throws Throwable {
        home = dir.resolve("home");
        Fixture.createCards(home, "v4", "fineid-v4");
        Path folder = Files.createDirectories(dir.resolve("module"));
        Path so = Files.copy(Fixture.module(), folder.resolve("libeid4j-pkcs11.so"), StandardCopyOption.REPLACE_EXISTING);
        Fixture.writeConfig(folder.resolve("eid4j-pkcs11.conf"), home, List.of(), "readers = true");
        p11 = new NativeModule(so);
    }

    @BeforeEach
    void start() throws Exception {
        arena = Arena.ofShared();
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

    private MemorySegment ulong(long value) {
        MemorySegment s = arena.allocate(JAVA_LONG);
        s.set(JAVA_LONG, 0, value);
        return s;
    }

    /** C_WaitForSlotEvent, blocking, on a thread of its own; at most 10 s. */
    private long awaitEvent() throws Exception {
        MemorySegment slot = ulong(-1);
        long rv = CompletableFuture.supplyAsync(() -> p11.call("C_WaitForSlotEvent", 0L, slot, NULL)).get(10, TimeUnit.SECONDS);
        assertThat(rv).isEqualTo(Ck.CKR_OK);
        return slot.get(JAVA_LONG, 0);
    }

    /** The slot events that are there now, without blocking. */
    private List<Long> pendingEvents() {
        List<Long> slots = new ArrayList<>();
        MemorySegment slot = ulong(-1);
        long rv;
        while ((rv = p11.call("C_WaitForSlotEvent", Ck.CKF_DONT_BLOCK, slot, NULL)) == Ck.CKR_OK) {
            slots.add(slot.get(JAVA_LONG, 0));
        }
        assertThat(rv).isEqualTo(Ck.CKR_NO_EVENT);
        return slots;
    }

    private List<Long> slotsWithToken() {
        MemorySegment count = ulong(0);
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

    private long openSession(long slot) {
        MemorySegment handle = ulong(0);
        assertThat(p11.call("C_OpenSession", slot, Ck.CKF_SERIAL_SESSION, NULL, NULL, handle)).isEqualTo(Ck.CKR_OK);
        return handle.get(JAVA_LONG, 0);
    }

    private long sessionState(long session) {
        MemorySegment info = arena.allocate(Layouts.CK_SESSION_INFO);
        assertThat(p11.call("C_GetSessionInfo", session, info)).isEqualTo(Ck.CKR_OK);
        return info.get(JAVA_LONG, Layouts.offset(Layouts.CK_SESSION_INFO, "state"));
    }

    /** Logs in with PIN1 and starts an ECDSA signature with the authentication key. */
    private void loginAndSignInit(long session) {
        MemorySegment pin = arena.allocateFrom(FineidVirtualCard.TEST_PIN1, StandardCharsets.US_ASCII);
        assertThat(p11.call("C_Login", session, Ck.CKU_USER, pin, (long) FineidVirtualCard.TEST_PIN1.length())).isEqualTo(Ck.CKR_OK);
        MemorySegment template = arena.allocate(Layouts.CK_ATTRIBUTE);
        MemorySegment keyClass = arena.allocateFrom(JAVA_BYTE, Attributes.ulong(Ck.CKO_PRIVATE_KEY));
        template.set(JAVA_LONG, 0, Ck.CKA_CLASS);
        template.set(java.lang.foreign.ValueLayout.ADDRESS, 8, keyClass);
        template.set(JAVA_LONG, 16, keyClass.byteSize());
        assertThat(p11.call("C_FindObjectsInit", session, template, 1L)).isEqualTo(Ck.CKR_OK);
        MemorySegment key = ulong(0);
        MemorySegment found = ulong(0);
        assertThat(p11.call("C_FindObjects", session, key, 1L, found)).isEqualTo(Ck.CKR_OK);
        assertThat(found.get(JAVA_LONG, 0)).isEqualTo(1);
        assertThat(p11.call("C_FindObjectsFinal", session)).isEqualTo(Ck.CKR_OK);
        MemorySegment mechanism = arena.allocate(Layouts.CK_MECHANISM);
        mechanism.set(JAVA_LONG, 0, Ck.CKM_ECDSA);
        assertThat(p11.call("C_SignInit", session, mechanism, key.get(JAVA_LONG, 0))).isEqualTo(Ck.CKR_OK);
    }

    private long sign(long session) {
        MemorySegment signature = arena.allocate(96);
        return p11.call("C_Sign", session, arena.allocateFrom(JAVA_BYTE, DIGEST), (long) DIGEST.length, signature, ulong(96));
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
        long session = openSession(0);
        loginAndSignInit(session);

        remove(bridge);
        long gone = awaitEvent();
        assertThat(gone).isIn(0L, 1L);
        assertThat(pendingEvents()).containsExactly(1 - gone);
        assertThat(p11.call("C_GetSessionInfo", session, arena.allocate(Layouts.CK_SESSION_INFO)))
                .as("the removal closed the session").isEqualTo(Ck.CKR_SESSION_HANDLE_INVALID);
        assertThat(sign(session)).isEqualTo(Ck.CKR_SESSION_HANDLE_INVALID);
        assertThat(p11.call("C_GetTokenInfo", 0L, arena.allocate(Layouts.CK_TOKEN_INFO))).isEqualTo(Ck.CKR_TOKEN_NOT_PRESENT);
        assertThat(p11.call("C_OpenSession", 0L, Ck.CKF_SERIAL_SESSION, NULL, NULL, ulong(0))).isEqualTo(Ck.CKR_TOKEN_NOT_PRESENT);
        assertThat(slotsWithToken()).isEmpty();
        MemorySegment all = ulong(0);
        assertThat(p11.call("C_GetSlotList", (byte) 0, NULL, all)).isEqualTo(Ck.CKR_OK);
        assertThat(all.get(JAVA_LONG, 0)).as("slots are never removed: two per vpcd reader").isEqualTo(4);

        insert();
        awaitEvent();
        long again = openSession(0);
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
        long session = openSession(0);
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
        return openSession(slot);
    }
}
