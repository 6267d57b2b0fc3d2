package io.github.eid4j.jca;

import java.security.ProviderException;

/**
 * Something the user of an eID card must be told, raised by an Eid4j engine (Signature, Cipher,
 * KeyAgreement, KeyStore key). The message is one sentence; it never holds a PIN.
 *
 * <p>Why unchecked: the JCA engine methods share no checked exception that fits a card failure
 * ({@code Signature.sign} declares SignatureException, {@code Cipher.doFinal} only padding and
 * block-size errors, {@code KeyAgreement.generateSecret} nothing). {@link ProviderException} is
 * the type the JCA reserves for provider-specific failures and invites providers to subclass, and
 * SunPKCS11 reports token failures the same way. So one typed exception reaches the application
 * unchanged from every engine, and from JSSE, BouncyCastle or jarsigner in between, and can be
 * caught as {@code catch (PinIncorrectException e)} wherever it surfaces. Where the JCA contract
 * names a checked type for the case ({@code KeyStore.load}: IOException; {@code KeyStore.getKey}
 * with a wrong PIN: UnrecoverableKeyException; {@code AuthProvider.login}: LoginException), the
 * typed exception is that exception's cause.
 */
public class Eid4jException extends ProviderException {
    private static final long serialVersionUID = 1L;

    public Eid4jException(String message) {
        super(message);
    }

    public Eid4jException(String message, Throwable cause) {
        super(message, cause);
    }
}
