package io.github.eid4j.jca;

import java.io.IOException;
import java.security.InvalidAlgorithmParameterException;
import java.security.Key;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactorySpi;
import javax.net.ssl.KeyStoreBuilderParameters;
import javax.net.ssl.ManagerFactoryParameters;

/**
 * KeyManagerFactory "EID": a key manager for TLS client authentication with the card's
 * authentication key. init(null, pin) loads the provider's EID key store itself (pin: the
 * authentication PIN, or null to ask through the CallbackHandler); init(eidKeyStore, pin) takes
 * a loaded one; KeyStoreBuilderParameters take a KeyStore.Builder with its protection.
 */
final class CardKeyManagerFactory extends KeyManagerFactorySpi {
    private final Provider provider;
    private KeyManager manager;

    CardKeyManagerFactory(Provider provider) {
        this.provider = provider;
    }

    @Override
    protected void engineInit(KeyStore store, char[] password) throws KeyStoreException, NoSuchAlgorithmException, UnrecoverableKeyException {
        KeyStore ks = store;
        if (ks == null) {
            ks = KeyStore.getInstance(Eid4jProvider.KEY_STORE_TYPE, provider);
            try {
                ks.load(null, password);
            } catch (IOException | CertificateException e) {
                throw new KeyStoreException(e.getMessage(), e);
            }
        }
        requireEid(ks);
        Key key = ks.getKey(CardKeyStore.AUTHENTICATION, password);
        manager = manager(key, ks.getCertificateChain(CardKeyStore.AUTHENTICATION));
    }

    @Override
    protected void engineInit(ManagerFactoryParameters parameters) throws InvalidAlgorithmParameterException {
        if (!(parameters instanceof KeyStoreBuilderParameters builders)) {
            throw new InvalidAlgorithmParameterException("The EID key manager takes KeyStoreBuilderParameters, not "
                    + (parameters == null ? "null" : parameters.getClass().getName()) + ".");
        }
        List<KeyStore.Builder> list = builders.getParameters();
        try {
            KeyStore.Builder builder = list.get(0);
            KeyStore ks = builder.getKeyStore();
            requireEid(ks);
            KeyStore.Entry entry = ks.getEntry(CardKeyStore.AUTHENTICATION, builder.getProtectionParameter(CardKeyStore.AUTHENTICATION));
            if (entry instanceof KeyStore.PrivateKeyEntry pk) {
                manager = manager(pk.getPrivateKey(), pk.getCertificateChain());
            } else {
                manager = manager(null, null);
            }
        } catch (java.security.GeneralSecurityException e) {
            throw new InvalidAlgorithmParameterException(e.getMessage(), e);
        }
    }

    private static void requireEid(KeyStore ks) throws KeyStoreException {
        if (!Eid4jProvider.KEY_STORE_TYPE.equalsIgnoreCase(ks.getType())) {
            throw new KeyStoreException("The EID key manager works with an EID key store, not with a " + ks.getType() + " one.");
        }
    }

    private static KeyManager manager(Key key, Certificate[] chain) {
        if (!(key instanceof Eid4jPrivateKey cardKey) || chain == null) {
            return new CardKeyManager(CardKeyStore.AUTHENTICATION, null, null);
        }
        X509Certificate[] x509 = new X509Certificate[chain.length];
        for (int i = 0; i < chain.length; i++) {
            x509[i] = (X509Certificate) chain[i];
        }
        return new CardKeyManager(CardKeyStore.AUTHENTICATION, cardKey, x509);
    }

    @Override
    protected KeyManager[] engineGetKeyManagers() {
        if (manager == null) {
            throw new IllegalStateException("Call init first.");
        }
        return new KeyManager[] {manager};
    }
}
