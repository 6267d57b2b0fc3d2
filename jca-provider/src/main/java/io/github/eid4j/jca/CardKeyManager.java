package io.github.eid4j.jca;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * TLS client authentication with the card's authentication key: the alias "authentication" is
 * offered when the server accepts its key type and one of its chain's issuers (or names none).
 * A card key is a client key, so no server alias is ever offered.
 */
final class CardKeyManager extends X509ExtendedKeyManager {
    private final String alias;
    private final Eid4jPrivateKey key;
    private final X509Certificate[] chain;

    /** @param key null if the card has no authentication key: then nothing is offered */
    CardKeyManager(String alias, Eid4jPrivateKey key, X509Certificate[] chain) {
        this.alias = alias;
        this.key = key;
        this.chain = chain;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return fits(keyType, issuers) ? new String[] {alias} : null;
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        return choose(keyTypes, issuers);
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
        return choose(keyTypes, issuers);
    }

    private String choose(String[] keyTypes, Principal[] issuers) {
        if (keyTypes != null) {
            for (String keyType : keyTypes) {
                if (fits(keyType, issuers)) {
                    return alias;
                }
            }
        }
        return null;
    }

    /**
     * JSSE names key types "RSA", "EC", "RSASSA-PSS" or, in TLS 1.2, "EC_RSA"-style pairs of key
     * type and the algorithm that signed the certificate.
     */
    private boolean fits(String keyType, Principal[] issuers) {
        if (key == null || keyType == null) {
            return false;
        }
        int pair = keyType.indexOf('_');
        String keyAlgorithm = pair < 0 ? keyType : keyType.substring(0, pair);
        if (!keyAlgorithm.equalsIgnoreCase(key.getAlgorithm())) {
            return false;
        }
        if (pair >= 0) {
            String signedWith = keyType.substring(pair + 1).toUpperCase(Locale.ROOT);
            if (!chain[0].getSigAlgName().toUpperCase(Locale.ROOT).contains("WITH" + signedWith)) {
                return false;
            }
        }
        return issuerAccepted(issuers);
    }

    private boolean issuerAccepted(Principal[] issuers) {
        if (issuers == null || issuers.length == 0) {
            return true;
        }
        List<Principal> accepted = Arrays.asList(issuers);
        for (X509Certificate certificate : chain) {
            if (accepted.contains(certificate.getIssuerX500Principal()) || accepted.contains(certificate.getSubjectX500Principal())) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return null;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return key != null && this.alias.equalsIgnoreCase(alias) ? chain.clone() : null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return key != null && this.alias.equalsIgnoreCase(alias) ? key : null;
    }
}
