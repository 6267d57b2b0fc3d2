package io.github.eid4j.documents;

import eu.europa.esig.dss.model.DSSException;
import eu.europa.esig.dss.token.AbstractKeyStoreTokenConnection;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStore.PasswordProtection;
import java.security.NoSuchAlgorithmException;
import io.github.eid4j.jca.Eid4jProvider;
import java.security.Signature;
import javax.security.auth.login.LoginException;

/**
 * DSS's signature token over the card, through the {@code Eid4j} provider's {@code EID} key store:
 * {@code getKey("signature")} is the card's signature key with its certificate chain, and
 * {@code sign(...)} has the card sign (the provider asks for the PIN through its callback handler,
 * and checks the card's signature before it returns it). A key asked for with a
 * {@link PasswordProtection} holding the PIN uses that PIN.
 *
 * <p>Closing the token logs out of the card; no PIN stays verified.
 */
public final class Eid4jSignatureToken extends AbstractKeyStoreTokenConnection {
    private final Eid4jProvider provider;
    private final KeyStore card;

    /**
     * Opens the card the provider is configured for and reads its keys and certificates.
     *
     * @throws DSSException if the card cannot be read (its cause says why)
     */
    public Eid4jSignatureToken(Eid4jProvider provider) {
        this.provider = provider;
        try {
            card = KeyStore.getInstance(Eid4jProvider.KEY_STORE_TYPE, provider);
            card.load(null, null);
        } catch (GeneralSecurityException | IOException e) {
            throw new DSSException(e.getMessage(), e);
        }
    }

    @Override
    protected KeyStore getKeyStore() {
        return card;
    }

    /** No PIN: the provider asks for it when the card needs it. */
    @Override
    protected PasswordProtection getKeyProtectionParameter() {
        return new PasswordProtection(null);
    }

    /** The card's key is the provider's only: DSS would otherwise look the algorithm up among all providers. */
    @Override
    protected Signature getSignatureInstance(String javaSignatureAlgorithm) throws NoSuchAlgorithmException {
        return Signature.getInstance(javaSignatureAlgorithm, provider);
    }

    @Override
    public void close() {
        try {
            provider.logout();
        } catch (LoginException e) {
            throw new DSSException("Could not log out of the card: " + e.getMessage(), e);
        }
    }
}
