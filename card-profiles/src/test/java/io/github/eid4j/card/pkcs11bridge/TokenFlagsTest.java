package io.github.eid4j.card.pkcs11bridge;

import static io.github.eid4j.card.pkcs11bridge.Pkcs11Constants.*;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What eid status says of a PIN from CK_TOKEN_INFO's flags, which tell no count of tries. */
class TokenFlagsTest {
    private static final long READY = CKF_LOGIN_REQUIRED | CKF_USER_PIN_INITIALIZED;

    @Test
    void theUserPinFlagsAsTheTokenModelsStatus() {
        assertThat(TokenFlags.status(false, READY).describe()).isEqualTo("tries left unknown");
        assertThat(TokenFlags.status(false, READY | CKF_USER_PIN_COUNT_LOW).describe())
                .isEqualTo("entered wrongly since it was last right; tries left unknown");
        assertThat(TokenFlags.status(false, READY | CKF_USER_PIN_COUNT_LOW | CKF_USER_PIN_FINAL_TRY).describe()).isEqualTo("1 try left");
        assertThat(TokenFlags.status(false, READY | CKF_USER_PIN_LOCKED).isBlocked()).isTrue();
        assertThat(TokenFlags.status(false, READY | CKF_USER_PIN_TO_BE_CHANGED).isChangeRequired()).isTrue();
        assertThat(TokenFlags.status(false, CKF_LOGIN_REQUIRED).isActivated()).isFalse();
    }

    @Test
    void theSoPinFlagsAreThePuks() {
        assertThat(TokenFlags.status(true, READY | CKF_USER_PIN_LOCKED).describe()).isEqualTo("tries left unknown");
        assertThat(TokenFlags.status(true, READY | CKF_SO_PIN_FINAL_TRY).describe()).isEqualTo("1 try left");
        assertThat(TokenFlags.triesLeft(true, READY | CKF_SO_PIN_LOCKED)).isZero();
    }
}
