package io.github.eid4j.pkcs11;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.github.eid4j.apdu.emulator.VirtualCards;
import io.github.eid4j.card.EidException;
import io.github.eid4j.card.fineid.FineidVirtualCard;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The training run of the module's AOT cache (JDK 25, JEP 483/515), at build time and with no
 * card: a JVM started with {@code -XX:AOTCacheOutput} runs this with the module's jars on its
 * class path, as the module starts its own JVM. It does what a browser or pkcs11-tool does on a
 * virtual FINEID v4 card made for the run (list the tokens, read a certificate, log in, sign), so
 * that the classes, their linking and the method profiles of those calls are in the cache. The
 * PC/SC readers are asked through a pcscd socket that does not exist (PCSCLITE_CSOCK_NAME, set by
 * {@link AotCacheWriter}), and a reader's card is opened there, so that the reader path's classes
 * load too as far as they go without any pcscd or reader: the reader monitor's, and the
 * connection's (javax.smartcardio's factory, which sets up the JDK's own PC/SC provider and the
 * security providers first, jnasmartcardio and its JNA binding). Without the connection's, a
 * start through pcscd loaded 270 classes outside the cache, 137 with them.
 */
final class AotTraining {
    private static final String CARD = "training";
    private static final byte TRUE = 1;

    private final Arena arena;
    private final MethodHandle resolver;

    private AotTraining(Arena arena, long resolver) {
        this.arena = arena;
        this.resolver = Linker.nativeLinker().downcallHandle(MemorySegment.ofAddress(resolver), FunctionDescriptor.of(JAVA_LONG, JAVA_LONG));
    }

    /** @param args the folder for the run's virtual card and config, which must not exist */
    public static void main(String[] args) throws Throwable {
        Path folder = Path.of(args[0]);
        new VirtualCards(folder).create(CARD, "fineid-v4", true).wipe();
        Path config = folder.resolve("eid4j-pkcs11.conf");
        Files.writeString(config, "eid4j.home = " + folder + "\nvirtual.card = " + CARD + "\n", StandardCharsets.UTF_8);
        try (Arena arena = Arena.ofConfined()) {
            new AotTraining(arena, Bootstrap.stubResolver(config.toString(), "all")).run(3);
        }
        openReaderCard();
    }

    /**
     * Opens a reader's card as a slot of a reader does; with no pcscd that fails at the PC/SC
     * context. A machine without the PC/SC library fails sooner, and its cache lacks those classes.
     */
    private static void openReaderCard() {
        try {
            Card.openReader("eid4j AOT training", Duration.ofSeconds(5), null, lost -> { }).close();
        } catch (EidException | RuntimeException | LinkageError expected) {
            // No PC/SC service (or library): what the training expects.
        }
    }

    /** The calls of a program's session with the card, {@code rounds} times (the first round is a cold start). */
    private void run(int rounds) throws Throwable {
        for (int round = 0; round < rounds; round++) {
            check("C_Initialize", call("C_Initialize", MemorySegment.NULL));
            call("C_GetInfo", arena.allocate(Layouts.CK_INFO));
            MemorySegment count = arena.allocate(JAVA_LONG);
            call("C_GetSlotList", TRUE, MemorySegment.NULL, count);
            MemorySegment slots = arena.allocate(JAVA_LONG, Math.max(1, count.get(JAVA_LONG, 0)));
            check("C_GetSlotList", call("C_GetSlotList", TRUE, slots, count));
            for (long i = 0; i < count.get(JAVA_LONG, 0); i++) {
                long slot = slots.getAtIndex(JAVA_LONG, i);
                call("C_GetSlotInfo", slot, arena.allocate(Layouts.CK_SLOT_INFO));
                call("C_GetTokenInfo", slot, arena.allocate(Layouts.CK_TOKEN_INFO));
                call("C_GetMechanismList", slot, MemorySegment.NULL, arena.allocate(JAVA_LONG));
                session(slot, i == 0);
            }
            call("C_Finalize", MemorySegment.NULL);
        }
    }

    private void session(long slot, boolean sign) throws Throwable {
        MemorySegment handle = arena.allocate(JAVA_LONG);
        check("C_OpenSession", call("C_OpenSession", slot, Ck.CKF_SERIAL_SESSION, MemorySegment.NULL, MemorySegment.NULL, handle));
        long session = handle.get(JAVA_LONG, 0);
        call("C_GetSessionInfo", session, arena.allocate(Layouts.CK_SESSION_INFO));
        for (long object : find(session)) {
            MemorySegment template = arena.allocate(Layouts.CK_ATTRIBUTE, 3);
            long[] types = {Ck.CKA_CLASS, Ck.CKA_ID, Ck.CKA_VALUE};
            for (int i = 0; i < types.length; i++) {
                MemorySegment attribute = template.asSlice(i * Layouts.CK_ATTRIBUTE.byteSize(), Layouts.CK_ATTRIBUTE);
                attribute.set(JAVA_LONG, Offsets.ATTRIBUTE_TYPE, types[i]);
                attribute.set(JAVA_LONG, Offsets.ATTRIBUTE_VALUE_LEN, 4096);
                attribute.set(ADDRESS, Offsets.ATTRIBUTE_VALUE, arena.allocate(4096));
            }
            call("C_GetAttributeValue", session, object, template, 3L);
        }
        if (sign) {
            MemorySegment pin = arena.allocateFrom(FineidVirtualCard.TEST_PIN1, StandardCharsets.US_ASCII);
            if (call("C_Login", session, Ck.CKU_USER, pin, (long) FineidVirtualCard.TEST_PIN1.length()) == 0) {
                signWithEveryKey(session);
                call("C_Logout", session);
            }
        }
        call("C_CloseSession", session);
    }

    private void signWithEveryKey(long session) throws Throwable {
        MemorySegment mechanism = arena.allocate(Layouts.CK_MECHANISM);
        mechanism.set(JAVA_LONG, Offsets.MECHANISM_MECHANISM, Ck.CKM_ECDSA);
        MemorySegment digest = arena.allocate(48);
        MemorySegment signature = arena.allocate(1024);
        MemorySegment length = arena.allocate(JAVA_LONG);
        for (long key : find(session)) {
            if (call("C_SignInit", session, mechanism, key) == 0) {
                length.set(JAVA_LONG, 0, signature.byteSize());
                call("C_Sign", session, digest, digest.byteSize(), signature, length);
            }
        }
    }

    /** Every object the session sees. */
    private List<Long> find(long session) throws Throwable {
        List<Long> objects = new ArrayList<>();
        check("C_FindObjectsInit", call("C_FindObjectsInit", session, MemorySegment.NULL, 0L));
        MemorySegment found = arena.allocate(JAVA_LONG, 16);
        MemorySegment count = arena.allocate(JAVA_LONG);
        do {
            check("C_FindObjects", call("C_FindObjects", session, found, 16L, count));
            for (long i = 0; i < count.get(JAVA_LONG, 0); i++) {
                objects.add(found.getAtIndex(JAVA_LONG, i));
            }
        } while (count.get(JAVA_LONG, 0) > 0);
        call("C_FindObjectsFinal", session);
        return objects;
    }

    private long call(String name, Object... arguments) throws Throwable {
        int index = 0;
        while (!FunctionTable.name(FunctionTable.FUNCTIONS.get(index)).equals(name)) {
            index++;
        }
        FunctionDescriptor descriptor = FunctionTable.descriptor(FunctionTable.FUNCTIONS.get(index));
        MemorySegment stub = MemorySegment.ofAddress((long) resolver.invokeExact((long) index));
        return (long) Linker.nativeLinker().downcallHandle(stub, descriptor).invokeWithArguments(arguments);
    }

    private static void check(String function, long rv) throws IOException {
        if (rv != 0) {
            throw new IOException("the AOT training's " + function + " returned 0x" + Long.toHexString(rv));
        }
    }
}
