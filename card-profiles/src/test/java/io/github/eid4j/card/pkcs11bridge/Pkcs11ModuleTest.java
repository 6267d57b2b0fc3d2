package io.github.eid4j.card.pkcs11bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.jna.NativeLong;
import io.github.eid4j.card.CardAccessException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** A module that hangs or crashes in a call frees its caller with a sentence naming it, and never deadlocks the application. */
class Pkcs11ModuleTest {
    private final CountDownLatch never = new CountDownLatch(1);

    /** A module whose C_Initialize answers CKR_OK, whose C_GetSlotList never returns, and whose C_GetTokenInfo crashes. */
    private Pkcs11Library misbehaving() {
        return (Pkcs11Library) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Pkcs11Library.class}, (proxy, method, args) -> {
            switch (method.getName()) {
                case "C_GetSlotList":
                    never.await();
                    return new NativeLong(0);
                case "C_GetTokenInfo":
                    throw new Error("Invalid memory access");
                default:
                    return new NativeLong(0);
            }
        });
    }

    @Test
    void aModuleThatHangsIsGivenUpWithASentenceAndLaterCallsFailAtOnce() throws Exception {
        Pkcs11Module module = new Pkcs11Module("/opt/vendor/libhang.so", Duration.ofMillis(300));
        module.use(misbehaving());
        try {
            assertThatThrownBy(() -> module.call("C_GetSlotList", () -> Pkcs11Bridge.slotsWithToken(module)))
                    .isInstanceOf(CardAccessException.class)
                    .hasMessage("The PKCS#11 module /opt/vendor/libhang.so did not answer C_GetSlotList within 300 ms; restart the program to use it again.")
                    .satisfies(e -> assertThat(((CardAccessException) e).reason()).isEqualTo(CardAccessException.Reason.NO_ANSWER));
            long start = System.nanoTime();
            assertThatThrownBy(() -> module.call("C_GetTokenInfo", () -> null))
                    .hasMessage("The PKCS#11 module /opt/vendor/libhang.so stopped answering in C_GetSlotList; restart the program to use it again.");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(200));
        } finally {
            module.finish();
            never.countDown();
        }
    }

    /** Asked for the system's locking (so that slot events can be waited for beside its calls), a module that cannot lock is still used. */
    @Test
    void aModuleThatCannotLockIsInitialisedWithoutLocking() throws Exception {
        java.util.List<Boolean> withArguments = new java.util.ArrayList<>();
        Pkcs11Library cannotLock = (Pkcs11Library) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Pkcs11Library.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("C_Initialize")) {
                        withArguments.add(args[0] != null);
                        return new NativeLong(args[0] != null ? Pkcs11Constants.CKR_CANT_LOCK : Pkcs11Constants.CKR_OK);
                    }
                    return new NativeLong(0);
                });
        Pkcs11Module module = new Pkcs11Module("/opt/vendor/libnolock.so", Duration.ofSeconds(5));
        try {
            module.use(cannotLock);
            assertThat(withArguments).containsExactly(true, false);
        } finally {
            module.finish();
        }
    }

    @Test
    void aModuleThatCrashesInACallIsAnExceptionNamingIt() throws Exception {
        Pkcs11Module module = new Pkcs11Module("/opt/vendor/libcrash.so", Duration.ofSeconds(5));
        module.use(misbehaving());
        try {
            assertThatThrownBy(() -> module.call("C_GetTokenInfo", () -> Pkcs11Token.tokenInfo(module, new NativeLong(0))))
                    .isInstanceOf(CardAccessException.class)
                    .hasMessage("The PKCS#11 module /opt/vendor/libcrash.so failed in C_GetTokenInfo (Invalid memory access).");
        } finally {
            module.finish();
        }
    }
}
