package io.github.eid4j.pkcs11;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.eid4j.card.fineid.FineidVirtualCard;
import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every function of the PKCS#11 2.40 function list called the ways applications get it wrong:
 * before C_Initialize, with NULL pointers, with slot, session and object handles that do not
 * exist, with lengths of 2^63, and in the wrong state (no operation, an operation under way, not
 * logged in, logged in already, a read-only session). Each case expects the return value the
 * specification gives for it, not merely a living process. The module is a copy of the built .so
 * that joins this JVM, as in NativeModuleIT. Slots: 0 and 1 are a FINEID v4 card (EC; the PIN1
 * key derives), 2 and 3 a v3 card (the PIN1 key is RSA and decrypts), 4 a configured card that
 * does not exist (a slot without a token).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BadArgumentsIT {
    private static final MemorySegment NULL = MemorySegment.NULL;
    /** 2^63 as a CK_ULONG. */
    private static final long HUGE = Long.MIN_VALUE;
    /** No slot, session or object has this handle. */
    private static final long BOGUS = 0x7EADBEEFL;
    private static final long EMPTY_SLOT = 4;
    private static final int SLOTS = 5;

    /** The functions this module does not have: PKCS#11's stub answers CKR_FUNCTION_NOT_SUPPORTED, whatever the arguments. */
    private static final List<String> NOT_SUPPORTED = List.of("C_InitToken", "C_GetOperationState", "C_SetOperationState",
            "C_CreateObject", "C_CopyObject", "C_DestroyObject", "C_GetObjectSize", "C_SetAttributeValue",
            "C_EncryptInit", "C_Encrypt", "C_EncryptUpdate", "C_EncryptFinal", "C_DecryptUpdate", "C_DecryptFinal", "C_DigestKey",
            "C_SignRecoverInit", "C_SignRecover", "C_VerifyInit", "C_Verify", "C_VerifyUpdate", "C_VerifyFinal",
            "C_VerifyRecoverInit", "C_VerifyRecover", "C_DigestEncryptUpdate", "C_DecryptDigestUpdate", "C_SignEncryptUpdate",
            "C_DecryptVerifyUpdate", "C_GenerateKey", "C_GenerateKeyPair", "C_WrapKey", "C_UnwrapKey");

    @TempDir
    static Path dir;
    static NativeModule p11;
    /** The handles of the cards' objects, found once the module is initialised. */
    static Handles objects;

    /** The v4 card's PIN1 certificate, public and private key (slot 0), its PIN2 private key (slot 1), the v3 card's PIN1 keys (slot 2). */
    record Handles(long cert, long publicKey, long privateKey, long signatureKey, long rsaPublicKey, long rsaPrivateKey) {
    }

    @BeforeAll
    static void loadModule() throws Throwable {
        Path home = dir.resolve("home");
        Fixture.createCards(home, "v4", "fineid-v4", "v3", "fineid-v3");
        Path folder = Files.createDirectories(dir.resolve("module"));
        Path so = Files.copy(Fixture.module(), folder.resolve("libeid4j-pkcs11.so"), StandardCopyOption.REPLACE_EXISTING);
        Fixture.writeConfig(folder.resolve("eid4j-pkcs11.conf"), home, List.of("v4", "v3", "missing"));
        p11 = new NativeModule(so);
    }

    @AfterAll
    static void finalizeModule() {
        p11.call("C_Finalize", NULL);
    }

    // ---- before C_Initialize

    /** Arguments that are fine but for the module's state: zeroed memory for pointers, NULL where PKCS#11 reserves one. */
    private static Object[] plausible(String function, Arena arena) {
        String name = FunctionTable.name(function);
        List<Object> args = new ArrayList<>();
        for (MemoryLayout layout : FunctionTable.descriptor(function).argumentLayouts()) {
            if (layout.equals(JAVA_BYTE)) {
                args.add((byte) 0);
            } else if (layout.equals(JAVA_LONG)) {
                args.add(name.equals("C_WaitForSlotEvent") ? Ck.CKF_DONT_BLOCK : 0L);
            } else {
                boolean reserved = name.equals("C_Finalize") || name.equals("C_WaitForSlotEvent") && args.size() == 2;
                args.add(reserved ? NULL : arena.allocate(4096));
            }
        }
        return args.toArray();
    }

    /** Every function but C_Initialize and C_GetFunctionList answers CKR_CRYPTOKI_NOT_INITIALIZED. */
    private static Stream<DynamicTest> everyFunctionIsNotInitialized() {
        return FunctionTable.FUNCTIONS.stream().filter(f -> !f.startsWith("C_Initialize ")).map(function -> {
            String name = FunctionTable.name(function);
            long expected = name.equals("C_GetFunctionList") ? Ck.CKR_OK : Ck.CKR_CRYPTOKI_NOT_INITIALIZED;
            return DynamicTest.dynamicTest(name + " -> " + ckr(expected), () -> {
                try (Arena arena = Arena.ofConfined()) {
                    assertThat(ckr(p11.call(name, plausible(function, arena)))).as(name).isEqualTo(ckr(expected));
                }
            });
        });
    }

    /** The C bootstrap answers before the JVM exists; C_Initialize's refusals start nothing. */
    @TestFactory
    @Order(1)
    Stream<DynamicTest> beforeTheFirstInitialize() {
        return Stream.concat(everyFunctionIsNotInitialized(), initializeCases().stream().map(BadArgumentsIT::asTest));
    }

    /** Java answers once the JVM runs: after C_Finalize, the same, also for the functions the module does not have. */
    @TestFactory
    @Order(2)
    Stream<DynamicTest> afterFinalize() {
        DynamicTest cycle = DynamicTest.dynamicTest("C_Initialize, C_Finalize -> CKR_OK", () -> {
            assertThat(ckr(p11.call("C_Initialize", NULL))).isEqualTo("CKR_OK");
            assertThat(ckr(p11.call("C_Finalize", NULL))).isEqualTo("CKR_OK");
        });
        return Stream.concat(Stream.of(cycle), everyFunctionIsNotInitialized());
    }

    // ---- initialised

    /** Every function of the list is in the table below, each with the cases its parameters and states call for. */
    @Test
    @Order(3)
    void theTableHasEveryFunction() {
        Set<String> all = FunctionTable.FUNCTIONS.stream().map(FunctionTable::name).collect(Collectors.toCollection(TreeSet::new));
        Set<String> covered = Stream.concat(initializeCases().stream(), cases().stream()).map(Case::function)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(covered).isEqualTo(all);
    }

    @TestFactory
    @Order(4)
    Stream<DynamicTest> initialised() {
        DynamicTest start = DynamicTest.dynamicTest("C_Initialize -> CKR_OK", () -> {
            assertThat(ckr(p11.call("C_Initialize", NULL))).isEqualTo("CKR_OK");
            objects = findObjects();
        });
        return Stream.concat(Stream.of(start), cases().stream().map(BadArgumentsIT::asTest));
    }

    private static Handles findObjects() {
        try (Arena arena = Arena.ofConfined()) {
            Ctx c = new Ctx(arena);
            long v4 = c.user(0);
            long v4pin2 = c.user(1);
            long v3 = c.user(2);
            Handles found = new Handles(c.find(v4, Ck.CKO_CERTIFICATE, 0x45), c.find(v4, Ck.CKO_PUBLIC_KEY, 0x45),
                    c.find(v4, Ck.CKO_PRIVATE_KEY, 0x45), c.find(v4pin2, Ck.CKO_PRIVATE_KEY, 0x46), c.find(v3, Ck.CKO_PUBLIC_KEY, 0x45),
                    c.find(v3, Ck.CKO_PRIVATE_KEY, 0x45));
            closeAllSessions();
            return found;
        }
    }

    private static void closeAllSessions() {
        for (long slot = 0; slot < SLOTS; slot++) {
            p11.call("C_CloseAllSessions", slot);
        }
    }

    // ---- the table

    /**
     * One call: the function, what is wrong with it, its arguments (made when it runs, with the
     * calls that bring a session into the state the case needs), and the return values the
     * specification allows (usually one). An uninitialised case runs with the module finalised.
     */
    record Case(String function, String what, Function<Ctx, Object[]> arguments, boolean uninitialised, long... expected) {
        String title() {
            return function + ": " + what + " -> " + LongStream.of(expected).mapToObj(BadArgumentsIT::ckr).collect(Collectors.joining(" or "));
        }
    }

    private static Case when(String function, String what, Function<Ctx, Object[]> arguments, long... expected) {
        return new Case(function, what, arguments, false, expected);
    }

    private static Object[] args(Object... args) {
        return args;
    }

    private static DynamicTest asTest(Case c) {
        return DynamicTest.dynamicTest(c.title(), () -> {
            try (Arena arena = Arena.ofConfined()) {
                if (c.uninitialised()) {
                    p11.call("C_Finalize", NULL); // CKR_CRYPTOKI_NOT_INITIALIZED if it is not
                }
                try {
                    long rv = p11.call(c.function(), c.arguments().apply(new Ctx(arena)));
                    assertThat(ckr(rv)).as(c.title()).isIn(LongStream.of(c.expected()).mapToObj(BadArgumentsIT::ckr).toArray());
                    if (c.uninitialised()) {
                        assertThat(ckr(p11.call("C_GetInfo", arena.allocate(Layouts.CK_INFO)))).as("the module did not start")
                                .isEqualTo("CKR_CRYPTOKI_NOT_INITIALIZED");
                    }
                } finally {
                    if (c.uninitialised() && objects != null) {
                        assertThat(ckr(p11.call("C_Initialize", NULL))).isEqualTo("CKR_OK");
                    }
                    if (objects != null) {
                        closeAllSessions();
                    }
                }
            }
        });
    }

    /** C_Initialize's arguments (the C bootstrap checks them before anything starts). */
    private static List<Case> initializeCases() {
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("C_Initialize", "pReserved set", c -> args(c.initArgs(0, 0, true)), true, Ck.CKR_ARGUMENTS_BAD));
        cases.add(new Case("C_Initialize", "CreateMutex alone", c -> args(c.initArgs(Ck.CKF_OS_LOCKING_OK, 1, false)), true,
                Ck.CKR_ARGUMENTS_BAD));
        cases.add(new Case("C_Initialize", "three of the four mutex functions", c -> args(c.initArgs(Ck.CKF_OS_LOCKING_OK, 3, false)),
                true, Ck.CKR_ARGUMENTS_BAD));
        cases.add(new Case("C_Initialize", "the application's mutex functions without CKF_OS_LOCKING_OK",
                c -> args(c.initArgs(0, 4, false)), true, Ck.CKR_CANT_LOCK));
        cases.add(new Case("C_Initialize", "CKF_LIBRARY_CANT_CREATE_OS_THREADS (as NSS and GnuTLS pass it)",
                c -> args(c.initArgs(Ck.CKF_LIBRARY_CANT_CREATE_OS_THREADS | Ck.CKF_OS_LOCKING_OK, 4, false)), true,
                Ck.CKR_NEED_TO_CREATE_THREADS));
        return cases;
    }

    private static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        general(cases);
        slotsAndTokens(cases);
        sessions(cases);
        objects(cases);
        decryption(cases);
        digests(cases);
        signatures(cases);
        keys(cases);
        randomNumbers(cases);
        notSupported(cases);
        return cases;
    }

    private static void general(List<Case> cases) {
        cases.add(when("C_Initialize", "a second time", c -> args(NULL), Ck.CKR_CRYPTOKI_ALREADY_INITIALIZED));
        cases.add(when("C_Initialize", "a second time, with CKF_OS_LOCKING_OK", c -> args(c.initArgs(Ck.CKF_OS_LOCKING_OK, 0, false)),
                Ck.CKR_CRYPTOKI_ALREADY_INITIALIZED));
        cases.add(when("C_Finalize", "pReserved set", c -> args(c.out()), Ck.CKR_ARGUMENTS_BAD));
        cases.add(when("C_GetInfo", "NULL pInfo", c -> args(NULL), Ck.CKR_ARGUMENTS_BAD));
        cases.add(when("C_GetFunctionList", "NULL ppFunctionList", c -> args(NULL), Ck.CKR_ARGUMENTS_BAD));
    }

    private static void slotsAndTokens(List<Case> cases) {
        cases.add(when("C_GetSlotList", "NULL pulCount", c -> args((byte) 0, NULL, NULL), Ck.CKR_ARGUMENTS_BAD));
        cases.add(when("C_GetSlotList", "a list and NULL pulCount", c -> args((byte) 1, c.out(), NULL), Ck.CKR_ARGUMENTS_BAD));
        cases.add(when("C_GetSlotList", "room for no slot", c -> args((byte) 0, c.out(), c.ulong(0)), Ck.CKR_BUFFER_TOO_SMALL));
        cases.add(when("C_GetSlotList", "a list said to hold 2^63 slots", c -> args((byte) 0, c.out(), c.ulong(HUGE)), Ck.CKR_OK));
        for (String function : List.of("C_GetSlotInfo", "C_GetTokenInfo")) {
            cases.add(when(function, "no such slot", c -> args(BOGUS, c.out()), Ck.CKR_SLOT_ID_INVALID));
            cases.add(when(function, "slot 2^63", c -> args(HUGE, c.out()), Ck.CKR_SLOT_ID_INVALID));
            cases.add(when(function, "NULL pInfo", c -> args(0L, NULL), Ck.CKR_ARGUMENTS_BAD));
        }
        cases.add(when("C_GetTokenInfo", "a slot without a token", c -> args(EMPTY_SLOT, c.out()), Ck.CKR_TOKEN_NOT_PRESENT));
        cases.add(when("C_GetMechanismList", "no such slot", c -> args(BOGUS, NULL, c.ulong(0)), Ck.CKR_SLOT_ID_INVALID));
        cases.add(when("C_GetMechanismList", "NULL pulCount", c -> args(0L, c.out(), NULL), Ck.CKR_ARGUMENTS_BAD));
        cases.add(when("C_GetMechanismList", "room for one mechanism", c -> args(0L, c.out(), c.ulong(1)), Ck.CKR_BUFFER_TOO_SMALL));
        cases.add(when("C_GetMechanismList", "a slot without a token", c -> args(EMPTY_SLOT, NULL, c.ulong(0)), Ck.CKR_TOKEN_NOT_PRESENT));
        cases.add(when("C_GetMechanismInfo", "no such slot", c -> args(BOGUS, Ck.CKM_ECDSA, c.out()), Ck.CKR_SLOT_ID_INVALID));
        cases.add(when("C_GetMechanismInfo", "NULL pInfo", c -> args(0L, Ck.CKM_ECDSA, NULL), Ck.CKR_ARGUMENTS_BAD));
        cases.add(when("C_GetMechanismInfo", "mechanism 2^63", c -> args(0L, HUGE, c.out()), Ck.CKR_MECHANISM_INVALID));
        cases.add(when("C_GetMechanismInfo", "RSA on the EC card", c -> args(0L, Ck.CKM_RSA_PKCS, c.out()), Ck.CKR_MECHANISM_INVALID));
        cases.add(when("C_GetMechanismInfo", "a slot without a token", c -> args(EMPTY_SLOT, Ck.CKM_ECDSA, c.out()),
                Ck.CKR_TOKEN_NOT_PRESENT));
        cases.add(when("C_WaitForSlotEvent", "NULL pSlot", c -> args(Ck.CKF_DONT_BLOCK, NULL, NULL), Ck.CKR_ARGUMENTS_BAD));
        cases.add(when("C_WaitForSlotEvent", "pReserved set", c -> args(Ck.CKF_DONT_BLOCK, c.ulong(0), c.out()), Ck.CKR_ARGUMENTS_BAD));
        cases.add(when("C_WaitForSlotEvent", "no event, CKF_DONT_BLOCK", c -> args(Ck.CKF_DONT_BLOCK, c.ulong(0), NULL), Ck.CKR_NO_EVENT));
        cases.add(when("C_WaitForSlotEvent", "flags 2^63 with CKF_DONT_BLOCK", c -> args(HUGE | Ck.CKF_DONT_BLOCK, c.ulong(0), NULL),
                Ck.CKR_NO_EVENT));
    }

    private static void sessions(List<Case> cases) {
        long serial = Ck.CKF_SERIAL_SESSION;
        cases.add(when("C_OpenSession", "no such slot", c -> args(BOGUS, serial, NULL, NULL, c.ulong(0)), Ck.CKR_SLOT_ID_INVALID));
        cases.add(when("C_OpenSession", "slot 2^63", c -> args(HUGE, serial, NULL, NULL, c.ulong(0)), Ck.CKR_SLOT_ID_INVALID));
        cases.add(when("C_OpenSession", "NULL phSession", c -> args(0L, serial, NULL, NULL, NULL), Ck.CKR_ARGUMENTS_BAD));
        cases.add(when("C_OpenSession", "without CKF_SERIAL_SESSION", c -> args(0L, 0L, NULL, NULL, c.ulong(0)),
                Ck.CKR_SESSION_PARALLEL_NOT_SUPPORTED));
        cases.add(when("C_OpenSession", "a slot without a token", c -> args(EMPTY_SLOT, serial, NULL, NULL, c.ulong(0)),
                Ck.CKR_TOKEN_NOT_PRESENT));
        cases.add(when("C_OpenSession", "read-only beside an SO session", c -> {
            c.so(0);
            return args(0L, serial, NULL, NULL, c.ulong(0));
        }, Ck.CKR_SESSION_READ_WRITE_SO_EXISTS));
        cases.add(when("C_CloseSession", "no such session", c -> args(BOGUS), Ck.CKR_SESSION_HANDLE_INVALID));
        cases.add(when("C_CloseSession", "session 2^63", c -> args(HUGE), Ck.CKR_SESSION_HANDLE_INVALID));
        cases.add(when("C_CloseSession", "CK_INVALID_HANDLE", c -> args(0L), Ck.CKR_SESSION_HANDLE_INVALID));
        cases.add(when("C_CloseSession", "closed already", c -> {
            long s = c.ro(0);
            c.ok("C_CloseSession", s);
            return args(s);
        }, Ck.CKR_SESSION_HANDLE_INVALID));
        cases.add(when("C_CloseAllSessions", "no such slot", c -> args(BOGUS), Ck.CKR_SLOT_ID_INVALID));
        cases.add(when("C_CloseAllSessions", "slot 2^63", c -> args(HUGE), Ck.CKR_SLOT_ID_INVALID));
        cases.add(when("C_GetSessionInfo", "no such session", c -> args(BOGUS, c.out()), Ck.CKR_SESSION_HANDLE_INVALID));
        cases.add(when("C_GetSessionInfo", "NULL pInfo", c -> args(c.ro(0), NULL), Ck.CKR_ARGUMENTS_BAD));

        cases.add(when("C_Login", "no such session", c -> args(BOGUS, Ck.CKU_USER, c.pin(0), 4L), Ck.CKR_SESSION_HANDLE_INVALID));
        cases.add(when("C_Login", "NULL pPin (no PIN pad here)", c -> args(c.ro(0), Ck.CKU_USER, NULL, 4L), Ck.CKR_ARGUMENTS_BAD));
        cases.add(when("C_Login", "PIN length 2^63", c -> args(c.ro(0), Ck.CKU_USER, c.pin(0), HUGE), Ck.CKR_PIN_LEN_RANGE));
        cases.add(when("C_Login", "user type 2^63", c -> args(c.ro(0), HUGE, c.pin(0), 4L), Ck.CKR_USER_TYPE_INVALID));
        cases.add(when("C_Login", "logged in already", c -> args(c.user(0), Ck.CKU_USER, c.pin(0), 4L), Ck.CKR_USER_ALREADY_LOGGED_IN));
        cases.add(when("C_Login", "CKU_CONTEXT_SPECIFIC with no operation", c -> args(c.user(1), Ck.CKU_CONTEXT_SPECIFIC, c.pin(1), 6L),
                Ck.CKR_OPERATION_NOT_INITIALIZED));
        cases.add(when("C_Login", "CKU_SO in a read-only session", c -> args(c.ro(0), Ck.CKU_SO, c.puk(), 8L),
                Ck.CKR_SESSION_READ_ONLY_EXISTS));
        cases.add(when("C_Login", "CKU_USER while the SO is logged in", c -> args(c.so(0), Ck.CKU_USER, c.pin(0), 4L),
                Ck.CKR_USER_ANOTHER_ALREADY_LOGGED_IN));
        cases.add(when("C_Login", "CKU_SO while the user is logged in", c -> {
            long rw = c.rw(0);
            c.ok("C_Login", rw, Ck.CKU_USER, c.pin(0), 4L);
            return args(rw, Ck.CKU_SO, c.puk(), 8L);
        }, Ck.CKR_USER_ANOTHER_ALREADY_LOGGED_IN));
        cases.add(when("C_Logout", "no such session", c -> args(BOGUS), Ck.CKR_SESSION_HANDLE_INVALID));
        cases.add(when("C_Logout", "not logged in", c -> args(c.ro(0)), Ck.CKR_USER_NOT_LOGGED_IN));

        cases.add(when("C_InitPIN", "no such session", c -> args(BOGUS, c.pin(0), 4L), Ck.CKR_SESSION_HANDLE_INVALID));
        cases.add(when("C_InitPIN", "no SO login", c -> args(c.rw(0), c.pin(0), 4L), Ck.CKR_USER_NOT_LOGGED_IN));
        cases.add(when("C_InitPIN", "NULL pPin", c -> args(c.so(0), NULL, 4L), Ck.CKR_ARGUMENTS_BAD));
        cases.add(when("C_InitPIN", "PIN length 2^63", c -> args(c.so(0), c.pin(0), HUGE), Ck.CKR_PIN_LEN_RANGE));
        cases.add(when("C_SetPIN", "no such session", c -> args(BOGUS, c.pin(0), 4L, c.pin(0), 4L), Ck.CKR_SESSION_HANDLE_INVALID));
        cases.add(when("C_SetPIN", "a read-only session", c -> args(c.ro(0), c.pin(0), 4L, c.pin(0), 4L), Ck.CKR_SESSION_READ_ONLY));
        cases.add(when("C_SetPIN", "NULL pOldPin", c -> args(c.rw(0), NULL, 4L, c.pin(0), 4L), Ck.CKR_ARGUMENTS_BAD));
        cases.add(when("C_SetPIN", "NULL pNewPin", c -> args(c.rw(0), c.pin(0), 4L, NULL, 4L), Ck.CKR_ARGUMENTS_BAD));
        cases.add(when("C_SetPIN", "old PIN length 2^63", c -> args(c.rw(0), c.pin(0), HUGE, c.pin(0), 4L), Ck.CKR_PIN_LEN_RANGE));
        cases.add(when("C_SetPIN", "new PIN length 2^63", c -> args(c.rw(0), c.pin(0), 4L, c.pin(0), HUGE), Ck.CKR_PIN_LEN_RANGE));
    }

    private static void objects(List<Case> cases) {
        cases.add(when("C_GetAttributeValue", "no such session", c -> args(BOGUS, objects.cert(), c.label(), 1L),
                Ck.CKR_SESSION_HANDLE_INVALID));
        cases.add(when("C_GetAttributeValue", "no such object", c -> args(c.ro(0), BOGUS, c.label(), 1L), Ck.CKR_OBJECT_HANDLE_INVALID));
        cases.add(when("C_GetAttributeValue", "object 2^63", c -> args(c.ro(0), HUGE, c.label(), 1L), Ck.CKR_OBJECT_HANDLE_INVALID));
        cases.add(when("C_GetAttributeValue", "CK_INVALID_HANDLE", c -> args(c.ro(0), 0L, c.label(), 1L), Ck.CKR_OBJECT_HANDLE_INVALID));
        cases.add(when("C_GetAttributeValue", "a private key before login", c -> args(c.ro(0), objects.privateKey(), c.label(), 1L),
                Ck.CKR_OBJECT_HANDLE_INVALID));
        cases.add(when("C_GetAttributeValue", "an object of another token", c -> args(c.ro(1), objects.cert(), c.label(), 1L),
                Ck.CKR_OBJECT_HANDLE_INVALID));
        cases.add(when("C_GetAttributeValue", "NULL pTemplate", c -> args(c.ro(0), objects.cert(), NULL, 1L), Ck.CKR_ARGUMENTS_BAD));
        cases.add(when("C_GetAttributeValue", "2^63 attributes", c -> args(c.ro(0), objects.cert(), c.label(), HUGE),
                Ck.CKR_ARGUMENTS_BAD));
        cases.add(when("C_GetAttributeValue", "a value buffer said to be 2^63 long", c -> {
            MemorySegment t = c.label();
            t.set(JAVA_LONG, 16, HUGE);
            return args(c.ro(0), objects.cert(), t, 1L);
        }, Ck.CKR_OK));

        cases.add(when("C_FindObjectsInit", "no such session", c -> args(BOGUS, NULL, 0L), Ck.CKR_SESSION_HANDLE_INVALID));
        cases.add(when("C_FindObjectsInit", "NULL pTemplate", c -> args(c.ro(0), NULL, 1L), Ck.CKR_ARGUMENTS_BAD));
        cases.add(when("C_FindObjectsInit", "2^63 attributes", c -> args(c.ro(0), c.label(), HUGE), Ck.CKR_ARGUMENTS_BAD));
        cases.add(when("C_FindObjectsInit", "an attribute's NULL value with length 4", c -> {
            MemorySegment t = c.label();
            t.set(ADDRESS, 8, NULL);
            t.set(JAVA_LONG, 16, 4L);
            return args(c.ro(0), t, 1L);
        }, Ck.CKR_ARGUMENTS_BAD));
        cases.add(when("C_FindObjectsInit", "an attribute value of length 2^63", c -> {
            MemorySegment t = c.label();
            t.set(JAVA_LONG, 16, HUGE);
            return args(c.ro(0), t, 1L);
        }, Ck.CKR_ARGUMENTS_BAD));
        cases.add(when("C_FindObjectsInit", "a search under way", c -> args(c.searching(), NULL, 0L), Ck.CKR_OPERATION_ACTIVE));
        cases.add(when("C_FindObjects", "no such session", c -> args(BOGUS, c.out(), 1L, c.ulong(0)), Ck.CKR_SESSION_HANDLE_INVALID));
        cases.add(when("C_FindObjects", "no search", c -> args(c.ro(0), c.out(), 1L, c.ulong(0)), Ck.CKR_OPERATION_NOT_INITIALIZED));
        cases.add(when("C_FindObjects", "NULL pulObjectCount", c -> args(c.searching(), c.out(), 1L, NULL), Ck.CKR_ARGUMENTS_BAD));
        cases.add(when("C_FindObjects", "NULL phObject", c -> args(c.searching(), NULL, 1L, c.ulong(0)), Ck.CKR_ARGUMENTS_BAD));
        cases.add(when("C_FindObjects", "room said to be 2^63 handles", c -> args(c.searching(), c.out(), HUGE, c.ulong(0)), Ck.CKR_OK));
        cases.add(when("C_FindObjectsFinal", "no such session", c -> args(BOGUS), Ck.CKR_SESSION_HANDLE_INVALID));
        cases.add(when("C_FindObjectsFinal", "no search", c -> args(c.ro(0)), Ck.CKR_OPERATION_NOT_INITIALIZED));
    }

    /**
     * What C_SignInit and C_DecryptInit share: the session, the mechanism and the key gone wrong,
     * with the key's token in {@code slot}, and a session with the operation under way already.
     */
    private static void keyOperationInit(List<Case> cases, String function, long mechanism, long slot, ToLongFunction<Handles> key,
            ToLongFunction<Handles> publicKey, ToLongFunction<Ctx> underWay) {
        cases.add(when(function, "no such session", c -> args(BOGUS, c.mechanism(mechanism), key.applyAsLong(objects)),
                Ck.CKR_SESSION_HANDLE_INVALID));
        cases.add(when(function, "NULL pMechanism", c -> args(c.user(slot), NULL, key.applyAsLong(objects)), Ck.CKR_ARGUMENTS_BAD));
        cases.add(when(function, "no such key", c -> args(c.user(slot), c.mechanism(mechanism), BOGUS), Ck.CKR_KEY_HANDLE_INVALID));
        cases.add(when(function, "key 2^63", c -> args(c.user(slot), c.mechanism(mechanism), HUGE), Ck.CKR_KEY_HANDLE_INVALID));
        cases.add(when(function, "a certificate", c -> args(c.user(0), c.mechanism(mechanism), objects.cert()), Ck.CKR_KEY_HANDLE_INVALID));
        cases.add(when(function, "before login", c -> args(c.ro(slot), c.mechanism(mechanism), key.applyAsLong(objects)),
                Ck.CKR_USER_NOT_LOGGED_IN));
        cases.add(when(function, "the public key", c -> args(c.user(slot), c.mechanism(mechanism), publicKey.applyAsLong(objects)),
                Ck.CKR_KEY_FUNCTION_NOT_PERMITTED));
        cases.add(when(function, "mechanism 2^63", c -> args(c.user(slot), c.mechanism(HUGE), key.applyAsLong(objects)),
                Ck.CKR_MECHANISM_INVALID));
        cases.add(when(function, "a parameter of length 2^63", c -> args(c.user(slot), c.mechanism(mechanism, NULL, HUGE),
                key.applyAsLong(objects)), Ck.CKR_MECHANISM_PARAM_INVALID));
        cases.add(when(function, "an operation under way", c -> args(underWay.applyAsLong(c), c.mechanism(mechanism),
                key.applyAsLong(objects)), Ck.CKR_OPERATION_ACTIVE));
    }

    private static void decryption(List<Case> cases) {
        keyOperationInit(cases, "C_DecryptInit", Ck.CKM_RSA_PKCS, 2, Handles::rsaPrivateKey, Handles::rsaPublicKey, Ctx::decrypting);
        cases.add(when("C_DecryptInit", "a key that does not decrypt", c -> args(c.user(0), c.mechanism(Ck.CKM_RSA_PKCS),
                objects.privateKey()), Ck.CKR_KEY_FUNCTION_NOT_PERMITTED));
        cases.add(when("C_DecryptInit", "a digest mechanism", c -> args(c.user(2), c.mechanism(Ck.CKM_SHA256), objects.rsaPrivateKey()),
                Ck.CKR_MECHANISM_INVALID));
        cases.add(when("C_Decrypt", "no such session", c -> args(BOGUS, c.bytes(256), 256L, NULL, c.ulong(0)),
                Ck.CKR_SESSION_HANDLE_INVALID));
        cases.add(when("C_Decrypt", "no C_DecryptInit", c -> args(c.user(2), c.bytes(256), 256L, NULL, c.ulong(0)),
                Ck.CKR_OPERATION_NOT_INITIALIZED));
        cases.add(when("C_Decrypt", "NULL pulDataLen", c -> args(c.decrypting(), c.bytes(256), 256L, c.out(), NULL),
                Ck.CKR_ARGUMENTS_BAD));
        cases.add(when("C_Decrypt", "NULL pEncryptedData", c -> args(c.decrypting(), NULL, 256L, c.out(), c.ulong(1024)),
                Ck.CKR_ARGUMENTS_BAD));
        cases.add(when("C_Decrypt", "a cryptogram shorter than the modulus", c -> args(c.decrypting(), c.bytes(255), 255L, c.out(),
                c.ulong(1024)), Ck.CKR_ENCRYPTED_DATA_LEN_RANGE));
        cases.add(when("C_Decrypt", "a cryptogram of length 2^63", c -> args(c.decrypting(), c.bytes(256), HUGE, c.out(), c.ulong(1024)),
                Ck.CKR_ENCRYPTED_DATA_LEN_RANGE));
        cases.add(when("C_Decrypt", "after a call that failed (the operation ended)", c -> {
            long s = c.decrypting();
            assertThat(ckr(p11.call("C_Decrypt", s, c.bytes(256), HUGE, c.out(), c.ulong(1024)))).isEqualTo("CKR_ENCRYPTED_DATA_LEN_RANGE");
            return args(s, c.bytes(256), 256L, c.out(), c.ulong(1024));
        }, Ck.CKR_OPERATION_NOT_INITIALIZED));
    }

    private static void digests(List<Case> cases) {
        cases.add(when("C_DigestInit", "no such session", c -> args(BOGUS, c.mechanism(Ck.CKM_SHA256)), Ck.CKR_SESSION_HANDLE_INVALID));
        cases.add(when("C_DigestInit", "NULL pMechanism", c -> args(c.ro(0), NULL), Ck.CKR_ARGUMENTS_BAD));
        cases.add(when("C_DigestInit", "a signature mechanism", c -> args(c.ro(0), c.mechanism(Ck.CKM_ECDSA)), Ck.CKR_MECHANISM_INVALID));
        cases.add(when("C_DigestInit", "mechanism 2^63", c -> args(c.ro(0), c.mechanism(HUGE)), Ck.CKR_MECHANISM_INVALID));
        cases.add(when("C_DigestInit", "a parameter", c -> args(c.ro(0), c.mechanism(Ck.CKM_SHA256, c.out(), 8L)),
                Ck.CKR_MECHANISM_PARAM_INVALID));
        cases.add(when("C_DigestInit", "a digest under way", c -> args(c.digesting(), c.mechanism(Ck.CKM_SHA256)), Ck.CKR_OPERATION_ACTIVE));
        cases.add(when("C_Digest", "no such session", c -> args(BOGUS, c.bytes(4), 4L, c.out(), c.ulong(64)),
                Ck.CKR_SESSION_HANDLE_INVALID));
        cases.add(when("C_Digest", "no C_DigestInit", c -> args(c.ro(0), c.bytes(4), 4L, c.out(), c.ulong(64)),
                Ck.CKR_OPERATION_NOT_INITIALIZED));
        cases.add(when("C_Digest", "NULL pulDigestLen", c -> args(c.digesting(), c.bytes(4), 4L, c.out(), NULL), Ck.CKR_ARGUMENTS_BAD));
        cases.add(when("C_Digest", "NULL pData", c -> args(c.digesting(), NULL, 4L, c.out(), c.ulong(64)), Ck.CKR_ARGUMENTS_BAD));
        cases.add(when("C_Digest", "data length 2^63", c -> args(c.digesting(), c.bytes(4), HUGE, c.out(), c.ulong(64)),
                Ck.CKR_ARGUMENTS_BAD));
        cases.add(when("C_Digest", "a short buffer", c -> args(c.digesting(), c.bytes(4), 4L, c.out(), c.ulong(31)),
                Ck.CKR_BUFFER_TOO_SMALL));
        cases.add(when("C_Digest", "after C_DigestUpdate", c -> {
            long s = c.digesting();
            c.ok("C_DigestUpdate", s, c.bytes(4), 4L);
            return args(s, c.bytes(4), 4L, c.out(), c.ulong(64));
        }, Ck.CKR_OPERATION_ACTIVE));
        cases.add(when("C_DigestUpdate", "no such session", c -> args(BOGUS, c.bytes(4), 4L), Ck.CKR_SESSION_HANDLE_INVALID));
        cases.add(when("C_DigestUpdate", "no C_DigestInit", c -> args(c.ro(0), c.bytes(4), 4L), Ck.CKR_OPERATION_NOT_INITIALIZED));
        cases.add(when("C_DigestUpdate", "NULL pPart", c -> args(c.digesting(), NULL, 4L), Ck.CKR_ARGUMENTS_BAD));
        cases.add(when("C_DigestUpdate", "part length 2^63", c -> args(c.digesting(), c.bytes(4), HUGE), Ck.CKR_ARGUMENTS_BAD));
        cases.add(when("C_DigestFinal", "no such session", c -> args(BOGUS, c.out(), c.ulong(64)), Ck.CKR_SESSION_HANDLE_INVALID));
        cases.add(when("C_DigestFinal", "no C_DigestInit", c -> args(c.ro(0), c.out(), c.ulong(64)), Ck.CKR_OPERATION_NOT_INITIALIZED));
        cases.add(when("C_DigestFinal", "NULL pulDigestLen", c -> args(c.digesting(), c.out(), NULL), Ck.CKR_ARGUMENTS_BAD));
    }

    private static void signatures(List<Case> cases) {
        keyOperationInit(cases, "C_SignInit", Ck.CKM_ECDSA, 0, Handles::privateKey, Handles::publicKey,
                c -> c.signing(0, Ck.CKM_ECDSA, objects.privateKey()));
        cases.add(when("C_SignInit", "RSA with an EC key", c -> args(c.user(0), c.mechanism(Ck.CKM_RSA_PKCS), objects.privateKey()),
                Ck.CKR_MECHANISM_INVALID));

        cases.add(when("C_Sign", "no such session", c -> args(BOGUS, c.bytes(32), 32L, c.out(), c.ulong(96)),
                Ck.CKR_SESSION_HANDLE_INVALID));
        cases.add(when("C_Sign", "no C_SignInit", c -> args(c.user(0), c.bytes(32), 32L, c.out(), c.ulong(96)),
                Ck.CKR_OPERATION_NOT_INITIALIZED));
        cases.add(when("C_Sign", "NULL pulSignatureLen", c -> args(c.signing(0, Ck.CKM_ECDSA, objects.privateKey()), c.bytes(32), 32L,
                c.out(), NULL), Ck.CKR_ARGUMENTS_BAD));
        cases.add(when("C_Sign", "NULL pData", c -> args(c.signing(0, Ck.CKM_ECDSA, objects.privateKey()), NULL, 32L, c.out(),
                c.ulong(96)), Ck.CKR_ARGUMENTS_BAD));
        cases.add(when("C_Sign", "data length 2^63, CKM_ECDSA_SHA256", c -> args(c.signing(0, Ck.CKM_ECDSA_SHA256, objects.privateKey()),
                c.bytes(32), HUGE, c.out(), c.ulong(96)), Ck.CKR_ARGUMENTS_BAD));
        cases.add(when("C_Sign", "data length 2^63, CKM_ECDSA", c -> args(c.signing(0, Ck.CKM_ECDSA, objects.privateKey()), c.bytes(32),
                HUGE, c.out(), c.ulong(96)), Ck.CKR_DATA_LEN_RANGE));
        cases.add(when("C_Sign", "no data, CKM_ECDSA", c -> args(c.signing(0, Ck.CKM_ECDSA, objects.privateKey()), c.bytes(32), 0L,
                c.out(), c.ulong(96)), Ck.CKR_DATA_LEN_RANGE));
        cases.add(when("C_Sign", "a short buffer", c -> args(c.signing(0, Ck.CKM_ECDSA, objects.privateKey()), c.bytes(32), 32L, c.out(),
                c.ulong(95)), Ck.CKR_BUFFER_TOO_SMALL));
        cases.add(when("C_Sign", "after C_SignUpdate", c -> {
            long s = c.signing(0, Ck.CKM_ECDSA_SHA256, objects.privateKey());
            c.ok("C_SignUpdate", s, c.bytes(4), 4L);
            return args(s, c.bytes(32), 32L, c.out(), c.ulong(96));
        }, Ck.CKR_OPERATION_ACTIVE));
        cases.add(when("C_Sign", "logged out after C_SignInit", c -> {
            long s = c.signing(0, Ck.CKM_ECDSA, objects.privateKey());
            c.ok("C_Logout", s);
            return args(s, c.bytes(32), 32L, c.out(), c.ulong(96));
        }, Ck.CKR_USER_NOT_LOGGED_IN));
        cases.add(when("C_Sign", "the signature key without its context-specific login", c -> args(c.signing(1, Ck.CKM_ECDSA,
                objects.signatureKey()), c.bytes(32), 32L, c.out(), c.ulong(96)), Ck.CKR_USER_NOT_LOGGED_IN));
        cases.add(when("C_Sign", "after a call that failed (the operation ended)", c -> {
            long s = c.signing(0, Ck.CKM_ECDSA, objects.privateKey());
            assertThat(ckr(p11.call("C_Sign", s, c.bytes(32), 32L, c.out(), NULL))).isEqualTo("CKR_ARGUMENTS_BAD");
            return args(s, c.bytes(32), 32L, c.out(), c.ulong(96));
        }, Ck.CKR_OPERATION_NOT_INITIALIZED));
        cases.add(when("C_SignUpdate", "no such session", c -> args(BOGUS, c.bytes(4), 4L), Ck.CKR_SESSION_HANDLE_INVALID));
        cases.add(when("C_SignUpdate", "no C_SignInit", c -> args(c.user(0), c.bytes(4), 4L), Ck.CKR_OPERATION_NOT_INITIALIZED));
        cases.add(when("C_SignUpdate", "NULL pPart", c -> args(c.signing(0, Ck.CKM_ECDSA_SHA256, objects.privateKey()), NULL, 4L),
                Ck.CKR_ARGUMENTS_BAD));
        cases.add(when("C_SignUpdate", "part length 2^63, CKM_ECDSA_SHA256", c -> args(c.signing(0, Ck.CKM_ECDSA_SHA256,
                objects.privateKey()), c.bytes(4), HUGE), Ck.CKR_ARGUMENTS_BAD));
        cases.add(when("C_SignUpdate", "part length 2^63, CKM_ECDSA", c -> args(c.signing(0, Ck.CKM_ECDSA, objects.privateKey()),
                c.bytes(4), HUGE), Ck.CKR_DATA_LEN_RANGE));
        cases.add(when("C_SignFinal", "no such session", c -> args(BOGUS, c.out(), c.ulong(96)), Ck.CKR_SESSION_HANDLE_INVALID));
        cases.add(when("C_SignFinal", "no C_SignInit", c -> args(c.user(0), c.out(), c.ulong(96)), Ck.CKR_OPERATION_NOT_INITIALIZED));
        cases.add(when("C_SignFinal", "NULL pulSignatureLen", c -> args(c.signing(0, Ck.CKM_ECDSA_SHA256, objects.privateKey()), c.out(),
                NULL), Ck.CKR_ARGUMENTS_BAD));
    }

    private static void keys(List<Case> cases) {
        cases.add(when("C_DeriveKey", "no such session", c -> args(BOGUS, c.ecdh(97), objects.privateKey(), NULL, 0L, c.ulong(0)),
                Ck.CKR_SESSION_HANDLE_INVALID));
        cases.add(when("C_DeriveKey", "NULL pMechanism", c -> args(c.user(0), NULL, objects.privateKey(), NULL, 0L, c.ulong(0)),
                Ck.CKR_ARGUMENTS_BAD));
        cases.add(when("C_DeriveKey", "NULL phKey", c -> args(c.user(0), c.ecdh(97), objects.privateKey(), NULL, 0L, NULL),
                Ck.CKR_ARGUMENTS_BAD));
        cases.add(when("C_DeriveKey", "no such key", c -> args(c.user(0), c.ecdh(97), BOGUS, NULL, 0L, c.ulong(0)),
                Ck.CKR_KEY_HANDLE_INVALID));
        cases.add(when("C_DeriveKey", "before login", c -> args(c.ro(0), c.ecdh(97), objects.privateKey(), NULL, 0L, c.ulong(0)),
                Ck.CKR_USER_NOT_LOGGED_IN));
        cases.add(when("C_DeriveKey", "a key that does not derive", c -> args(c.user(1), c.ecdh(97), objects.signatureKey(), NULL, 0L,
                c.ulong(0)), Ck.CKR_KEY_FUNCTION_NOT_PERMITTED));
        cases.add(when("C_DeriveKey", "a signature mechanism", c -> args(c.user(0), c.mechanism(Ck.CKM_ECDSA), objects.privateKey(), NULL,
                0L, c.ulong(0)), Ck.CKR_MECHANISM_INVALID));
        cases.add(when("C_DeriveKey", "no parameters", c -> args(c.user(0), c.mechanism(Ck.CKM_ECDH1_DERIVE), objects.privateKey(), NULL,
                0L, c.ulong(0)), Ck.CKR_MECHANISM_PARAM_INVALID));
        cases.add(when("C_DeriveKey", "public data of length 2^63", c -> args(c.user(0), c.ecdh(HUGE), objects.privateKey(), NULL, 0L,
                c.ulong(0)), Ck.CKR_MECHANISM_PARAM_INVALID));
        cases.add(when("C_DeriveKey", "NULL pTemplate", c -> args(c.user(0), c.ecdh(97), objects.privateKey(), NULL, 1L, c.ulong(0)),
                Ck.CKR_ARGUMENTS_BAD));
        cases.add(when("C_DeriveKey", "2^63 attributes", c -> args(c.user(0), c.ecdh(97), objects.privateKey(), c.label(), HUGE,
                c.ulong(0)), Ck.CKR_ARGUMENTS_BAD));
    }

    private static void randomNumbers(List<Case> cases) {
        cases.add(when("C_SeedRandom", "no such session", c -> args(BOGUS, c.bytes(16), 16L), Ck.CKR_SESSION_HANDLE_INVALID));
        cases.add(when("C_SeedRandom", "NULL pSeed", c -> args(c.ro(0), NULL, 16L), Ck.CKR_ARGUMENTS_BAD));
        cases.add(when("C_SeedRandom", "seed length 2^63", c -> args(c.ro(0), c.bytes(16), HUGE), Ck.CKR_RANDOM_SEED_NOT_SUPPORTED));
        cases.add(when("C_GenerateRandom", "no such session", c -> args(BOGUS, c.bytes(16), 16L), Ck.CKR_SESSION_HANDLE_INVALID));
        cases.add(when("C_GenerateRandom", "NULL pRandomData", c -> args(c.ro(0), NULL, 16L), Ck.CKR_ARGUMENTS_BAD));
        cases.add(when("C_GenerateRandom", "length 2^63", c -> args(c.ro(0), c.bytes(16), HUGE), Ck.CKR_ARGUMENTS_BAD));
        for (String function : List.of("C_GetFunctionStatus", "C_CancelFunction")) {
            cases.add(when(function, "no such session", c -> args(BOGUS), Ck.CKR_SESSION_HANDLE_INVALID));
            cases.add(when(function, "a session (no parallel functions since 2.01)", c -> args(c.ro(0)), Ck.CKR_FUNCTION_NOT_PARALLEL));
        }
    }

    /** A stub answers CKR_FUNCTION_NOT_SUPPORTED with plausible arguments and with bogus ones alike. */
    private static void notSupported(List<Case> cases) {
        for (String function : FunctionTable.FUNCTIONS) {
            String name = FunctionTable.name(function);
            if (!NOT_SUPPORTED.contains(name)) {
                continue;
            }
            cases.add(when(name, "a session (or slot) and plausible arguments", c -> {
                Object[] args = plausible(function, c.arena);
                args[0] = name.equals("C_InitToken") ? 0L : c.ro(0);
                return args;
            }, Ck.CKR_FUNCTION_NOT_SUPPORTED));
            cases.add(when(name, "bogus handles and NULL pointers", c -> {
                Object[] args = plausible(function, c.arena);
                for (int i = 0; i < args.length; i++) {
                    args[i] = args[i] instanceof Long ? (Object) BOGUS : args[i] instanceof MemorySegment ? NULL : args[i];
                }
                return args;
            }, Ck.CKR_FUNCTION_NOT_SUPPORTED));
        }
    }

    // ---- helpers

    /** A CKR_ value's name, for messages. */
    static String ckr(long rv) {
        for (Field f : Ck.class.getDeclaredFields()) {
            try {
                if (f.getName().startsWith("CKR_") && Modifier.isStatic(f.getModifiers()) && f.getType() == long.class
                        && f.getLong(null) == rv) {
                    return f.getName();
                }
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
        return "0x" + Long.toHexString(rv);
    }

    /** One case's memory and sessions, and the calls that bring a session into the state a case needs. */
    static final class Ctx {
        final Arena arena;
        private final Calls calls;

        Ctx(Arena arena) {
            this.arena = arena;
            this.calls = new Calls(p11, arena);
        }

        /** Zeroed memory enough for any output (CK_TOKEN_INFO is the largest). */
        MemorySegment out() {
            return arena.allocate(1024);
        }

        MemorySegment bytes(int n) {
            return arena.allocate(Math.max(n, 1));
        }

        MemorySegment ulong(long value) {
            return calls.ulong(value);
        }

        MemorySegment mechanism(long type) {
            return calls.mechanism(type);
        }

        MemorySegment mechanism(long type, MemorySegment parameter, long length) {
            MemorySegment m = calls.mechanism(type);
            m.set(ADDRESS, Layouts.offset(Layouts.CK_MECHANISM, "pParameter"), parameter);
            m.set(JAVA_LONG, Layouts.offset(Layouts.CK_MECHANISM, "ulParameterLen"), length);
            return m;
        }

        /** CKM_ECDH1_DERIVE with CKD_NULL and an uncompressed P-384 point, said to be publicLength long. */
        MemorySegment ecdh(long publicLength) {
            MemorySegment params = arena.allocate(Layouts.CK_ECDH1_DERIVE_PARAMS);
            byte[] point = new byte[97];
            point[0] = 4;
            params.set(JAVA_LONG, Layouts.offset(Layouts.CK_ECDH1_DERIVE_PARAMS, "kdf"), Ck.CKD_NULL);
            params.set(JAVA_LONG, Layouts.offset(Layouts.CK_ECDH1_DERIVE_PARAMS, "ulPublicDataLen"), publicLength);
            params.set(ADDRESS, Layouts.offset(Layouts.CK_ECDH1_DERIVE_PARAMS, "pPublicData"), arena.allocateFrom(JAVA_BYTE, point));
            return mechanism(Ck.CKM_ECDH1_DERIVE, params, Layouts.CK_ECDH1_DERIVE_PARAMS.byteSize());
        }

        /** A template asking for CKA_LABEL into 64 bytes. */
        MemorySegment label() {
            return calls.template(Ck.CKA_LABEL, new byte[64]);
        }

        /** CK_C_INITIALIZE_ARGS with flags, the first {@code mutexes} of the four mutex functions (never called), and pReserved. */
        MemorySegment initArgs(long flags, int mutexes, boolean reserved) {
            MemorySegment args = arena.allocate(Layouts.CK_C_INITIALIZE_ARGS);
            List<String> functions = List.of("CreateMutex", "DestroyMutex", "LockMutex", "UnlockMutex");
            for (int i = 0; i < mutexes; i++) {
                args.set(ADDRESS, Layouts.offset(Layouts.CK_C_INITIALIZE_ARGS, functions.get(i)), out());
            }
            args.set(JAVA_LONG, Layouts.offset(Layouts.CK_C_INITIALIZE_ARGS, "flags"), flags);
            if (reserved) {
                args.set(ADDRESS, Layouts.offset(Layouts.CK_C_INITIALIZE_ARGS, "pReserved"), out());
            }
            return args;
        }

        /** The test PIN of a slot's token (even slots PIN1, odd PIN2). */
        MemorySegment pin(long slot) {
            return arena.allocateFrom(slot % 2 == 0 ? FineidVirtualCard.TEST_PIN1 : FineidVirtualCard.TEST_PIN2, StandardCharsets.US_ASCII);
        }

        MemorySegment puk() {
            return arena.allocateFrom(FineidVirtualCard.TEST_PUK, StandardCharsets.US_ASCII);
        }

        void ok(String function, Object... args) {
            assertThat(ckr(p11.call(function, args))).as("%s%s", function, Arrays.toString(args)).isEqualTo("CKR_OK");
        }

        long ro(long slot) {
            return calls.openSession(slot);
        }

        long rw(long slot) {
            MemorySegment handle = ulong(0);
            ok("C_OpenSession", slot, Ck.CKF_SERIAL_SESSION | Ck.CKF_RW_SESSION, NULL, NULL, handle);
            return handle.get(JAVA_LONG, 0);
        }

        /** A read-only session of a token logged in as its user. */
        long user(long slot) {
            long session = ro(slot);
            MemorySegment pin = pin(slot);
            ok("C_Login", session, Ck.CKU_USER, pin, pin.byteSize() - 1);
            return session;
        }

        /** A read/write session logged in as SO with the PUK (which the card sees only at C_InitPIN). */
        long so(long slot) {
            long session = rw(slot);
            ok("C_Login", session, Ck.CKU_SO, puk(), 8L);
            return session;
        }

        long signing(long slot, long mechanism, long key) {
            long session = user(slot);
            ok("C_SignInit", session, mechanism(mechanism), key);
            return session;
        }

        long decrypting() {
            long session = user(2);
            ok("C_DecryptInit", session, mechanism(Ck.CKM_RSA_PKCS), objects.rsaPrivateKey());
            return session;
        }

        long digesting() {
            long session = ro(0);
            ok("C_DigestInit", session, mechanism(Ck.CKM_SHA256));
            return session;
        }

        long searching() {
            long session = ro(0);
            ok("C_FindObjectsInit", session, NULL, 0L);
            return session;
        }

        long find(long session, long objectClass, int id) {
            return calls.findOne(session, Ck.CKA_CLASS, objectClass, Ck.CKA_ID, new byte[] {(byte) id});
        }
    }
}
