package io.github.eid4j.card.pkcs11bridge;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.NativeLong;
import io.github.eid4j.apdu.HashAlgorithm;
import io.github.eid4j.card.KeyEntry;
import io.github.eid4j.card.KeyPurpose;
import io.github.eid4j.card.PinCallback;
import io.github.eid4j.card.SignatureScheme;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The logins a signature with a CKA_ALWAYS_AUTHENTICATE key takes, with a PIN typed here and with the module's own PIN path. */
class Pkcs11TokenTest {
    private static final byte[] DIGEST = new byte[32];

    private static List<FakeModule.Login> sign(FakeModule fake, PinCallback pins) throws Exception {
        Pkcs11Module module = new Pkcs11Module("/opt/vendor/libfake.so", Duration.ofSeconds(5));
        module.use(fake.library());
        try (Pkcs11Token token = Pkcs11Token.open(module, new NativeLong(0))) {
            KeyEntry key = token.key(KeyPurpose.SIGNATURE).orElseThrow();
            assertThat(token.sign(key, SignatureScheme.RSA_PKCS1, HashAlgorithm.SHA256, DIGEST, pins)).hasSize(256);
        }
        return fake.logins;
    }

    @Test
    void theNonRepudiationKeyGetsTheUserLoginThenItsContextSpecificOneWithTheOnePinAsked() throws Exception {
        List<String> asked = new ArrayList<>();
        List<FakeModule.Login> logins = sign(new FakeModule(false), request -> {
            asked.add(request.pin().label());
            return "123456".toCharArray();
        });
        assertThat(asked).containsExactly("PIN");
        assertThat(logins).containsExactly(new FakeModule.Login(Pkcs11Constants.CKU_USER, "123456"),
                new FakeModule.Login(Pkcs11Constants.CKU_CONTEXT_SPECIFIC, "123456"));
    }

    @Test
    void aTokenWithAProtectedAuthenticationPathIsNeverAskedForAPinHere() throws Exception {
        List<FakeModule.Login> logins = sign(new FakeModule(true), request -> {
            throw new AssertionError("asked for " + request.pin().label());
        });
        assertThat(logins).containsExactly(new FakeModule.Login(Pkcs11Constants.CKU_USER, null),
                new FakeModule.Login(Pkcs11Constants.CKU_CONTEXT_SPECIFIC, null));
    }
}
