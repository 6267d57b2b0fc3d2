package io.github.eid4j.jca;

import io.github.eid4j.card.PinInfo;
import java.security.AuthProvider;
import java.util.List;
import java.util.Objects;
import javax.security.auth.Subject;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;

/**
 * The Eid4j JCA provider: the keys of an eID card (FINEID v3/v4 today) for any Java program.
 *
 * <ul>
 *   <li>KeyStore "EID": aliases {@value #AUTHENTICATION_ALIAS} and {@value #SIGNATURE_ALIAS}
 *       (private keys with their chains), {@code ca-1}, {@code ca-2}, ... (the card's CA
 *       certificates, in the card's order). Read-only. The store password is the authentication
 *       PIN (PIN1).</li>
 *   <li>Signature: SHA1/224/256/384/512withRSA, NONEwithRSA, RSASSA-PSS,
 *       SHA256/384/512withRSA/PSS, SHA1/224/256/384/512withECDSA (DER), NONEwithECDSA and the
 *       same in P1363 format (raw r||s). Messages are hashed in software; the card signs the digest.</li>
 *   <li>Cipher "RSA/ECB/PKCS1Padding" (decrypt, unwrap), KeyAgreement "ECDH",
 *       KeyManagerFactory "EID" (TLS client authentication).</li>
 * </ul>
 *
 * <p>Which card: {@link #configure(String)} with "--virtual=&lt;name&gt;", "--reader=&lt;name or
 * index&gt;", "--profile=&lt;name&gt;" (entries separated by newlines or ';'), or the path of a
 * properties file with the same keys, or the same built in code with {@link Eid4jConfiguration};
 * unconfigured, the first supported card in any reader. The card is opened when a key store is
 * loaded, never when the provider is created.
 *
 * <p>PINs are asked through a {@link CallbackHandler}: the key store's
 * (CallbackHandlerProtection), else this provider's ({@link #setCallbackHandler}), else the class
 * named by the security property {@code auth.login.defaultCallbackHandler}. The prompt names the
 * PIN and the tries left. The authentication PIN is asked when the card first needs it in a card
 * session; the signature PIN for every signature. No PIN is kept.
 *
 * <p>For JSSE and other code that picks providers by key, install it with
 * {@code Security.addProvider}; its engines only accept Eid4j keys (SupportedKeyClasses), so its
 * position does not matter.
 */
public final class Eid4jProvider extends AuthProvider {
    private static final long serialVersionUID = 1L;

    public static final String NAME = "Eid4j";
    /** The key store type, also the KeyManagerFactory algorithm. */
    public static final String KEY_STORE_TYPE = "EID";
    public static final String AUTHENTICATION_ALIAS = CardKeyStore.AUTHENTICATION;
    public static final String SIGNATURE_ALIAS = CardKeyStore.SIGNATURE;

    private static final String VERSION = "0.1";

    private final transient CardSession session;

    /** The provider for the first supported card in any reader; ServiceLoader and keytool use this. */
    public Eid4jProvider() {
        this(Eid4jConfiguration.firstCard());
    }

    /** The provider for the card this configuration names. */
    public Eid4jProvider(Eid4jConfiguration configuration) {
        this(new ConfiguredCardLocator(Objects.requireNonNull(configuration, "configuration")));
    }

    Eid4jProvider(CardLocator locator) {
        super(NAME, VERSION, "eID card keys (FINEID) as KeyStore EID, Signature, Cipher, KeyAgreement and KeyManagerFactory; card: "
                + locator.describe());
        this.session = new CardSession(locator);
        List<Service> services = Eid4jServices.of(this, session);
        for (Service service : services) {
            putService(service);
        }
    }

    /**
     * A new provider for the card this configuration names (see the class comment), as
     * SunPKCS11's configure does it; this instance is left as it is.
     *
     * @throws java.security.InvalidParameterException if the configuration is not valid
     */
    @Override
    public Eid4jProvider configure(String configArg) {
        return new Eid4jProvider(Eid4jConfiguration.parse(configArg));
    }

    /** Always true: without configuration the provider uses the first supported card. */
    @Override
    public boolean isConfigured() {
        return true;
    }

    /** The handler that asks for PINs when the key store was loaded without one of its own. */
    @Override
    public void setCallbackHandler(CallbackHandler handler) {
        session.setCallbackHandler(handler);
    }

    /**
     * Verifies the authentication PIN now, asked through {@code handler} (or the provider's), so
     * that later operations with the authentication key need no dialog in this card session.
     */
    @Override
    public void login(Subject subject, CallbackHandler handler) throws LoginException {
        CallbackPins pins = new CallbackPins(handler != null ? () -> handler : session::callbackHandler);
        try {
            session.use(null, card -> {
                for (PinInfo pin : card.pins()) {
                    if (pin.role() == PinInfo.Role.AUTHENTICATION) {
                        card.verify(pin, pins);
                    }
                }
                return null;
            });
        } catch (PinIncorrectException | PinBlockedException e) {
            throw loginFailure(new FailedLoginException(e.getMessage()), e);
        } catch (Eid4jException e) {
            throw loginFailure(new LoginException(e.getMessage()), e);
        }
    }

    /** Ends every PIN verification on the card (EidCard.logout). */
    @Override
    public void logout() throws LoginException {
        try {
            session.logout();
        } catch (Eid4jException e) {
            throw loginFailure(new LoginException(e.getMessage()), e);
        }
    }

    private static LoginException loginFailure(LoginException failure, Eid4jException cause) {
        failure.initCause(cause);
        return failure;
    }
}
