package io.github.eid4j.jca;

import io.github.eid4j.apdu.HashAlgorithm;
import io.github.eid4j.card.SignatureScheme;
import java.security.Provider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The catalogue of what Eid4j offers. Every engine that takes a key carries the attribute
 * SupportedKeyClasses, so JCA's delayed provider selection ({@code Signature.getInstance(alg)}
 * without a provider, as JSSE and jarsigner do it) picks Eid4j for card keys only, and software
 * providers for everything else, whatever the provider order.
 */
final class Eid4jServices {
    /** Both key classes on every engine: for a key that cannot do the algorithm, Eid4j's message says why. */
    static final String KEY_CLASSES = Eid4jRsaPrivateKey.class.getName() + "|" + Eid4jEcPrivateKey.class.getName();
    private static final Map<String, String> KEY_ATTRIBUTES = Map.of("SupportedKeyClasses", KEY_CLASSES);

    private Eid4jServices() {
    }

    /** The hashes a card signs with, their JDK algorithm-name prefix, and the OIDs of PKCS#1 and ECDSA with them. */
    private enum DigestFamily {
        SHA1(HashAlgorithm.SHA1, "SHA1", "1.2.840.113549.1.1.5", "1.2.840.10045.4.1"),
        SHA224(HashAlgorithm.SHA224, "SHA224", "1.2.840.113549.1.1.14", "1.2.840.10045.4.3.1"),
        SHA256(HashAlgorithm.SHA256, "SHA256", "1.2.840.113549.1.1.11", "1.2.840.10045.4.3.2"),
        SHA384(HashAlgorithm.SHA384, "SHA384", "1.2.840.113549.1.1.12", "1.2.840.10045.4.3.3"),
        SHA512(HashAlgorithm.SHA512, "SHA512", "1.2.840.113549.1.1.13", "1.2.840.10045.4.3.4");

        final HashAlgorithm hash;
        final String jdkName;
        final String rsaOid;
        final String ecdsaOid;

        DigestFamily(HashAlgorithm hash, String jdkName, String rsaOid, String ecdsaOid) {
            this.hash = hash;
            this.jdkName = jdkName;
            this.rsaOid = rsaOid;
            this.ecdsaOid = ecdsaOid;
        }
    }

    /** A service that makes its engine directly, without reflection, so each engine knows its provider. */
    private static final class Service extends Provider.Service {
        private final Supplier<Object> factory;

        Service(Provider provider, String type, String algorithm, Class<?> engine, List<String> aliases,
                Map<String, String> attributes, Supplier<Object> factory) {
            super(provider, type, algorithm, engine.getName(), aliases, attributes);
            this.factory = factory;
        }

        @Override
        public Object newInstance(Object constructorParameter) {
            return factory.get();
        }
    }

    static List<Provider.Service> of(Eid4jProvider provider, CardSession session) {
        List<Provider.Service> out = new ArrayList<>();
        out.add(new Service(provider, "KeyStore", Eid4jProvider.KEY_STORE_TYPE, CardKeyStore.class, List.of(), null,
                () -> new CardKeyStore(session)));
        out.add(new Service(provider, "KeyManagerFactory", Eid4jProvider.KEY_STORE_TYPE, CardKeyManagerFactory.class, List.of(), null,
                () -> new CardKeyManagerFactory(provider)));

        for (DigestFamily row : DigestFamily.values()) {
            HashAlgorithm hash = row.hash;
            String rsaName = row.jdkName + "withRSA";
            String ecName = row.jdkName + "withECDSA";
            String p1363 = ecName + "inP1363Format";
            out.add(signature(provider, rsaName, oids(row.rsaOid), HashingSignature.class, () -> new HashingSignature(rsaName, SignatureScheme.RSA_PKCS1, hash, false)));
            out.add(signature(provider, ecName, oids(row.ecdsaOid), HashingSignature.class, () -> new HashingSignature(ecName, SignatureScheme.ECDSA, hash, true)));
            out.add(signature(provider, p1363, List.of(), HashingSignature.class, () -> new HashingSignature(p1363, SignatureScheme.ECDSA, hash, false)));
        }
        out.add(signature(provider, "NONEwithRSA", List.of(), PrehashedSignature.class, () -> new PrehashedSignature("NONEwithRSA", SignatureScheme.RSA_PKCS1, false)));
        out.add(signature(provider, "NONEwithECDSA", List.of(), PrehashedSignature.class, () -> new PrehashedSignature("NONEwithECDSA", SignatureScheme.ECDSA, true)));
        out.add(signature(provider, "NONEwithECDSAinP1363Format", List.of(), PrehashedSignature.class,
                () -> new PrehashedSignature("NONEwithECDSAinP1363Format", SignatureScheme.ECDSA, false)));

        List<String> pssAliases = new ArrayList<>(oids("1.2.840.113549.1.1.10"));
        pssAliases.add("PSS");
        out.add(signature(provider, "RSASSA-PSS", pssAliases, PssSignature.class, () -> new PssSignature("RSASSA-PSS", null)));
        for (DigestFamily row : new DigestFamily[] {DigestFamily.SHA256, DigestFamily.SHA384, DigestFamily.SHA512}) {
            String name = row.jdkName + "withRSA/PSS";
            out.add(signature(provider, name, List.of(row.jdkName + "withRSAandMGF1"), PssSignature.class, () -> new PssSignature(name, row.hash)));
        }

        out.add(new Service(provider, "Cipher", "RSA/ECB/PKCS1Padding", CardRsaCipher.class, List.of(), KEY_ATTRIBUTES, CardRsaCipher::new));
        out.add(new Service(provider, "Cipher", "RSA", CardRsaCipher.class, List.of(),
                Map.of("SupportedKeyClasses", KEY_CLASSES, "SupportedModes", "ECB|NONE", "SupportedPaddings", "PKCS1PADDING"),
                CardRsaCipher::new));
        out.add(new Service(provider, "KeyAgreement", "ECDH", CardEcdhKeyAgreement.class, List.of(), KEY_ATTRIBUTES, CardEcdhKeyAgreement::new));
        return out;
    }

    private static Provider.Service signature(Provider provider, String name, List<String> aliases, Class<? extends CardSignature> engine,
            Supplier<Object> factory) {
        return new Service(provider, "Signature", name, engine, aliases, KEY_ATTRIBUTES, factory);
    }

    /** The JDK's two spellings of an OID alias. */
    private static List<String> oids(String oid) {
        return List.of(oid, "OID." + oid);
    }
}
