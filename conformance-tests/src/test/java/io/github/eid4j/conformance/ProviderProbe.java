package io.github.eid4j.conformance;

import io.github.eid4j.jca.Eid4jProvider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Security;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.security.auth.callback.PasswordCallback;

/**
 * What a Java application can do with the SoftHSM2 token through one provider, the JDK's
 * SunPKCS11 or eid4j's bridge, measured by the same JCA calls; run in a JVM of its own for each
 * (two providers sharing one module in a process would share its login state). Prints one line
 * "row<TAB>result" per capability, which {@link SunPkcs11VersusBridgeIT} compares.
 *
 * <p>Arguments: SunPKCS11 or Eid4j, the module, a folder for SunPKCS11's configuration file, the
 * PIN (another than the token's measures only what a wrong PIN does).
 */
public final class ProviderProbe {
    static final String KEYS = "lists the keys and the CA certificate";
    static final String RSA = "SHA256withRSA, authentication key";
    static final String PSS = "RSASSA-PSS (SHA-256), authentication key";
    static final String ECDSA = "SHA256withECDSA, non-repudiation key (CKA_ALWAYS_AUTHENTICATE)";
    static final String EVERY_SIGNATURE = "PIN asked for each signature of that key";
    static final String DECRYPT = "RSA/ECB/PKCS1Padding decrypt";
    static final String ECDH = "ECDH key agreement";
    static final String WRONG_PIN = "a wrong PIN";
    static final List<String> ROWS = List.of(KEYS, RSA, PSS, ECDSA, EVERY_SIGNATURE, DECRYPT, ECDH, WRONG_PIN);
    private static final byte[] MESSAGE = "a document".getBytes(StandardCharsets.UTF_8);

    private final Provider provider;
    private final KeyStore store;
    private final int[] prompts;

    private ProviderProbe(Provider provider, KeyStore store, int[] prompts) {
        this.provider = provider;
        this.store = store;
        this.prompts = prompts;
    }

    public static void main(String[] args) throws Exception {
        boolean sun = args[0].equals("SunPKCS11");
        String pin = args[3];
        int[] prompts = new int[1];
        if (!pin.equals(SoftHsmToken.PIN)) {
            // A process of its own: a module's login is shared by all its sessions in a process, so a wrong PIN after a right one proves nothing.
            String told;
            try {
                ProviderProbe wrong = sun ? sun(args[1], Path.of(args[2]), pin, prompts) : eid4j(args[1], pin, prompts);
                told = "signed: " + wrong.sign("SHA256withRSA", null, "CN=Bridge Test Authentication");
            } catch (Exception e) {
                told = told(e);
            }
            System.out.println(WRONG_PIN + "\t" + told);
            return;
        }
        Map<String, String> results = new LinkedHashMap<>();
        ProviderProbe probe = sun ? sun(args[1], Path.of(args[2]), pin, prompts) : eid4j(args[1], pin, prompts);
        results.put(KEYS, attempt(probe::listing));
        results.put(RSA, attempt(() -> probe.sign("SHA256withRSA", null, "CN=Bridge Test Authentication")));
        PSSParameterSpec pss = new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1);
        results.put(PSS, attempt(() -> probe.sign("RSASSA-PSS", pss, "CN=Bridge Test Authentication")));
        int before = prompts[0];
        results.put(ECDSA, attempt(() -> probe.sign("SHA256withECDSA", null, "CN=Bridge Test Signature")));
        results.put(EVERY_SIGNATURE, attempt(() -> {
            probe.sign("SHA256withECDSA", null, "CN=Bridge Test Signature");
            return prompts[0] - before == 2 ? "yes" : "no: " + (prompts[0] - before) + " PIN prompts for 2 signatures";
        }));
        results.put(DECRYPT, attempt(probe::decrypt));
        results.put(ECDH, attempt(probe::agree));
        results.forEach((row, result) -> System.out.println(row + "\t" + result));
    }

    /** SunPKCS11 with a configuration file for the module, logged in by loading its key store with the PIN. */
    private static ProviderProbe sun(String module, Path folder, String pin, int[] prompts) throws Exception {
        Path config = Files.writeString(folder.resolve("sunpkcs11-softhsm.cfg"), "name = SoftHSM\nlibrary = " + module + "\nslotListIndex = 0\n");
        Provider provider = Security.getProvider("SunPKCS11").configure(config.toString());
        KeyStore store = KeyStore.getInstance("PKCS11", provider);
        store.load(null, pin.toCharArray());
        prompts[0]++;
        return new ProviderProbe(provider, store, prompts);
    }

    /** The Eid4j provider on the module, asking the PIN through its callback handler (counted). */
    private static ProviderProbe eid4j(String module, String pin, int[] prompts) throws Exception {
        Eid4jProvider provider = new Eid4jProvider().configure("--pkcs11=" + module);
        provider.setCallbackHandler(callbacks -> {
            prompts[0]++;
            ((PasswordCallback) callbacks[0]).setPassword(pin.toCharArray());
        });
        KeyStore store = KeyStore.getInstance("EID", provider);
        store.load(null, null);
        return new ProviderProbe(provider, store, prompts);
    }

    private String listing() throws Exception {
        int keys = 0;
        int certificates = 0;
        for (String alias : Collections.list(store.aliases())) {
            if (store.isKeyEntry(alias)) {
                keys++;
            } else if (store.isCertificateEntry(alias)) {
                certificates++;
            }
        }
        return (keys == 3 && certificates == 1 ? "yes" : "no") + ": " + keys + " keys, " + certificates + " CA certificate" + (certificates == 1 ? "" : "s");
    }

    private String alias(String subject) throws Exception {
        for (String alias : Collections.list(store.aliases())) {
            X509Certificate certificate = (X509Certificate) store.getCertificate(alias);
            if (store.isKeyEntry(alias) && certificate != null && certificate.getSubjectX500Principal().getName().equals(subject)) {
                return alias;
            }
        }
        throw new java.util.NoSuchElementException("the key store has no key of " + subject);
    }

    private String sign(String algorithm, PSSParameterSpec parameters, String subject) throws Exception {
        String alias = alias(subject);
        Signature signer = Signature.getInstance(algorithm, provider);
        signer.initSign((PrivateKey) store.getKey(alias, null));
        if (parameters != null) {
            signer.setParameter(parameters);
        }
        signer.update(MESSAGE);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(store.getCertificate(alias).getPublicKey());
        if (parameters != null) {
            verifier.setParameter(parameters);
        }
        verifier.update(MESSAGE);
        return verifier.verify(signature) ? "yes" : "no: the signature does not verify";
    }

    private String decrypt() throws Exception {
        String alias = alias("CN=Bridge Test Authentication");
        Cipher encrypt = Cipher.getInstance("RSA/ECB/PKCS1Padding");
        encrypt.init(Cipher.ENCRYPT_MODE, store.getCertificate(alias).getPublicKey());
        byte[] cryptogram = encrypt.doFinal(MESSAGE);
        Cipher decrypt = Cipher.getInstance("RSA/ECB/PKCS1Padding", provider);
        decrypt.init(Cipher.DECRYPT_MODE, store.getKey(alias, null));
        return Arrays.equals(decrypt.doFinal(cryptogram), MESSAGE) ? "yes" : "no: another plaintext";
    }

    private String agree() throws Exception {
        String alias = alias("CN=Bridge Test Key Agreement");
        PublicKey card = store.getCertificate(alias).getPublicKey();
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(((ECPublicKey) card).getParams());
        KeyPair peer = generator.generateKeyPair();
        KeyAgreement jdk = KeyAgreement.getInstance("ECDH");
        jdk.init(peer.getPrivate());
        jdk.doPhase(card, true);
        KeyAgreement token = KeyAgreement.getInstance("ECDH", provider);
        token.init((Key) store.getKey(alias, null));
        token.doPhase(peer.getPublic(), true);
        return Arrays.equals(token.generateSecret(), jdk.generateSecret()) ? "yes" : "no: another secret";
    }

    @FunctionalInterface
    private interface Attempt {
        String run() throws Exception;
    }

    /** The result, or "no: " and what the application is told. */
    private static String attempt(Attempt attempt) {
        try {
            return attempt.run();
        } catch (Exception e) {
            return "no: " + told(e);
        }
    }

    /** What an application is told: the exception's class and message, and its causes'. */
    private static String told(Exception e) {
        List<String> chain = new ArrayList<>();
        for (Throwable t = e; t != null; t = t.getCause()) {
            chain.add(t.getClass().getSimpleName() + (t.getMessage() == null ? "" : " \"" + t.getMessage() + "\""));
        }
        return String.join(", caused by ", chain);
    }
}
