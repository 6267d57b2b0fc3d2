package io.github.eid4j.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.eid4j.card.EidCard;
import io.github.eid4j.card.KeyEntry;
import io.github.eid4j.card.KeyPurpose;
import io.github.eid4j.card.PinCallback;
import io.github.eid4j.card.PinInfo;
import io.github.eid4j.card.PinRequest;
import io.github.eid4j.card.SignatureScheme;
import io.github.eid4j.card.WrongPinException;
import io.github.eid4j.card.pkcs11bridge.Pkcs11Bridge;
import io.github.eid4j.jca.Eid4jProvider;
import io.github.eid4j.jca.PinIncorrectException;
import io.github.eid4j.jca.ScriptedHandler;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECPoint;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.security.auth.callback.PasswordCallback;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bridge on a module nobody here wrote, SoftHSM2: the token model sees its keys with their
 * purposes, and the Eid4j provider uses them as it uses our own cards' keys, asking the PIN for
 * every signature of the CKA_ALWAYS_AUTHENTICATE key (which SoftHSM enforces).
 */
class Pkcs11BridgeSoftHsmIT {
    private static final Duration LIMIT = Duration.ofSeconds(20);
    private static final byte[] MESSAGE = "a document".getBytes(StandardCharsets.UTF_8);

    @BeforeAll
    static void token() throws Exception {
        SoftHsmToken.create();
    }

    @Test
    void theTokenModelSeesEachKeyWithItsPurposeCertificateAndOperations() throws Exception {
        try (EidCard card = Pkcs11Bridge.open(SoftHsmToken.module(), LIMIT)) {
            assertThat(card.identity().profile()).isEqualTo("PKCS#11");
            assertThat(card.identity().location()).isEqualTo("token '" + SoftHsmToken.LABEL + "' of PKCS#11 module " + SoftHsmToken.module());
            KeyEntry authentication = card.key(KeyPurpose.AUTHENTICATION).orElseThrow();
            assertThat(subject(authentication)).isEqualTo("CN=Bridge Test Authentication");
            assertThat(authentication.schemes()).contains(SignatureScheme.RSA_PKCS1, SignatureScheme.RSA_PSS);
            assertThat(authentication.canDecrypt()).isTrue();
            KeyEntry signature = card.key(KeyPurpose.SIGNATURE).orElseThrow();
            assertThat(subject(signature)).isEqualTo("CN=Bridge Test Signature");
            assertThat(signature.schemes()).containsExactly(SignatureScheme.ECDSA);
            assertThat(card.keys()).filteredOn(KeyEntry::canDerive).extracting(Pkcs11BridgeSoftHsmIT::subject)
                    .containsExactly("CN=Bridge Test Key Agreement");
            assertThat(card.caCertificates()).extracting(c -> c.getSubjectX500Principal().getName()).containsExactly("CN=eid4j bridge TEST CA");
            assertThat(card.pins()).extracting(PinInfo::label).containsExactly("PIN", "PUK");
            assertThat(card.status(card.pins().get(0)).describe()).isEqualTo("tries left unknown");
        }
    }

    /** JNA unloads a library nobody references; the token must keep its module loaded, however often the garbage is collected. */
    @Test
    void theModuleStaysLoadedWhileItsTokenIsOpen() throws Exception {
        try (EidCard card = Pkcs11Bridge.open(SoftHsmToken.module(), LIMIT)) {
            for (int i = 0; i < 3; i++) {
                System.gc();
                Thread.sleep(200);
            }
            assertThat(card.status(card.pins().get(0)).describe()).isEqualTo("tries left unknown");
        }
    }

    @Test
    void theProviderSignsAndAsksThePinOnceForAuthenticationAndForEverySignatureOfTheAlwaysAuthenticateKey() throws Exception {
        Eid4jProvider provider = new Eid4jProvider().configure("--pkcs11=" + SoftHsmToken.module());
        ScriptedHandler pins = ScriptedHandler.knowingPins();
        provider.setCallbackHandler(pins);
        KeyStore store = KeyStore.getInstance("EID", provider);
        store.load(null, null);
        assertThat(java.util.Collections.list(store.aliases())).contains("authentication", "signature", "ca-1");
        for (int i = 0; i < 2; i++) {
            assertThat(signAndVerify(provider, store, "authentication", "SHA256withRSA")).isTrue();
            assertThat(signAndVerify(provider, store, "authentication", "SHA256withRSA/PSS")).isTrue();
        }
        assertThat(pins.prompts).containsExactly("PIN (authentication and signature)");
        for (int i = 0; i < 2; i++) {
            assertThat(signAndVerify(provider, store, "signature", "SHA256withECDSA")).isTrue();
        }
        assertThat(pins.prompts).hasSize(3);
        provider.logout();
    }

    /**
     * Eight threads sign at once, through one card of the token model and through one provider:
     * every signature verifies, so no C_SignInit of one thread met the C_Sign of another (they
     * share the token's session) and the CKA_ALWAYS_AUTHENTICATE key's context-specific login
     * stayed with the signature it was given for.
     */
    @Test
    void eightThreadsSignAtOnceAndEverySignatureVerifies() throws Exception {
        try (EidCard card = Pkcs11Bridge.open(SoftHsmToken.module(), LIMIT)) {
            KeyEntry rsa = card.key(KeyPurpose.AUTHENTICATION).orElseThrow();
            KeyEntry ec = card.key(KeyPurpose.SIGNATURE).orElseThrow();
            List<Boolean> verified = inThreads(8, 6, (thread, round) -> {
                byte[] message = ("thread " + thread + " round " + round).getBytes(StandardCharsets.UTF_8);
                byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(message);
                boolean byRsa = (thread + round) % 2 == 0;
                KeyEntry key = byRsa ? rsa : ec;
                byte[] signature = card.sign(key, byRsa ? SignatureScheme.RSA_PKCS1 : SignatureScheme.ECDSA,
                        io.github.eid4j.apdu.HashAlgorithm.SHA256, digest, answering(SoftHsmToken.PIN));
                // The token model's ECDSA signature is r and s side by side, as PKCS#11 gives it.
                Signature verifier = Signature.getInstance(byRsa ? "SHA256withRSA" : "SHA256withECDSAinP1363Format");
                verifier.initVerify(key.publicKey());
                verifier.update(message);
                return verifier.verify(signature);
            });
            assertThat(verified).hasSize(48).containsOnly(true);
        }
        Eid4jProvider provider = new Eid4jProvider().configure("--pkcs11=" + SoftHsmToken.module());
        provider.setCallbackHandler(ScriptedHandler.knowingPins());
        KeyStore store = KeyStore.getInstance("EID", provider);
        store.load(null, null);
        List<Boolean> verified = inThreads(8, 6, (thread, round) -> signAndVerify(provider, store,
                (thread + round) % 2 == 0 ? "authentication" : "signature", (thread + round) % 2 == 0 ? "SHA256withRSA/PSS" : "SHA256withECDSA"));
        assertThat(verified).hasSize(48).containsOnly(true);
        provider.logout();
    }

    @FunctionalInterface
    interface Round {
        boolean run(int thread, int round) throws Exception;
    }

    /** Runs {@code rounds} rounds in each of {@code threads} threads started together; the answers of all. */
    private static List<Boolean> inThreads(int threads, int rounds, Round work) throws Exception {
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(threads);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            List<java.util.concurrent.Future<List<Boolean>>> results = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    start.await();
                    List<Boolean> mine = new java.util.ArrayList<>();
                    for (int round = 0; round < rounds; round++) {
                        mine.add(work.run(thread, round));
                    }
                    return mine;
                }));
            }
            List<Boolean> all = new java.util.ArrayList<>();
            for (java.util.concurrent.Future<List<Boolean>> result : results) {
                all.addAll(result.get(2, java.util.concurrent.TimeUnit.MINUTES));
            }
            return all;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aWrongPinIsTheProvidersTypedExceptionAndCostsNoSignature() throws Exception {
        Eid4jProvider provider = new Eid4jProvider().configure("--pkcs11=" + SoftHsmToken.module());
        provider.setCallbackHandler(callbacks -> ((PasswordCallback) callbacks[0]).setPassword("999999".toCharArray()));
        KeyStore store = KeyStore.getInstance("EID", provider);
        store.load(null, null);
        assertThatThrownBy(() -> signAndVerify(provider, store, "authentication", "SHA256withRSA"))
                .isInstanceOf(PinIncorrectException.class).hasMessageStartingWith("Wrong PIN")
                .satisfies(e -> assertThat(((PinIncorrectException) e).pin()).isEqualTo("PIN"));
        provider.setCallbackHandler(ScriptedHandler.knowingPins());
        assertThat(signAndVerify(provider, store, "authentication", "SHA256withRSA")).isTrue();
        provider.logout();
    }

    /**
     * A wrong PIN at the signature key's context-specific login costs that signature only: SoftHSM2
     * keeps the operation C_SignInit began, so the bridge ends it with a new session, and the
     * next signature, with the right PIN, is made and verifies.
     */
    @Test
    void aWrongPinForTheSignatureKeyCostsThatSignatureOnly() throws Exception {
        try (EidCard card = Pkcs11Bridge.open(SoftHsmToken.module(), LIMIT)) {
            card.verify(card.pins().get(0), answering(SoftHsmToken.PIN));
            KeyEntry signature = card.key(KeyPurpose.SIGNATURE).orElseThrow();
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(MESSAGE);
            assertThatThrownBy(() -> card.sign(signature, SignatureScheme.ECDSA, io.github.eid4j.apdu.HashAlgorithm.SHA256, digest,
                    answering("999999"))).isInstanceOf(WrongPinException.class);
            byte[] signed = card.sign(signature, SignatureScheme.ECDSA, io.github.eid4j.apdu.HashAlgorithm.SHA256, digest,
                    answering(SoftHsmToken.PIN));
            Signature verifier = Signature.getInstance("SHA256withECDSAinP1363Format");
            verifier.initVerify(signature.publicKey());
            verifier.update(MESSAGE);
            assertThat(verifier.verify(signed)).isTrue();
        }
    }

    @Test
    void theRsaKeyDecryptsAndTheEcKeyAgreesAsTheJdkDoes() throws Exception {
        try (EidCard card = Pkcs11Bridge.open(SoftHsmToken.module(), LIMIT)) {
            KeyEntry rsa = card.key(KeyPurpose.AUTHENTICATION).orElseThrow();
            Cipher encrypt = Cipher.getInstance("RSA/ECB/PKCS1Padding");
            encrypt.init(Cipher.ENCRYPT_MODE, rsa.publicKey());
            byte[] cryptogram = encrypt.doFinal(MESSAGE);
            assertThat(card.decrypt(rsa, cryptogram, answering(SoftHsmToken.PIN))).isEqualTo(MESSAGE);

            KeyEntry ec = card.keys().stream().filter(KeyEntry::canDerive).findFirst().orElseThrow();
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(((ECPublicKey) ec.publicKey()).getParams());
            KeyPair peer = generator.generateKeyPair();
            KeyAgreement jdk = KeyAgreement.getInstance("ECDH");
            jdk.init(peer.getPrivate());
            jdk.doPhase(ec.publicKey(), true);
            assertThat(card.deriveEcdh(ec, uncompressed((ECPublicKey) peer.getPublic()), answering()))
                    .isEqualTo(jdk.generateSecret());
        }
    }

    @Test
    void thePinIsChangedAndUnblockedWithTheSoPinAndAWrongOneSaysSo() throws Exception {
        try (EidCard card = Pkcs11Bridge.open(SoftHsmToken.module(), LIMIT)) {
            PinInfo pin = card.pins().get(0);
            card.changePin(pin, answering(SoftHsmToken.PIN, "654321", "654321"));
            assertThatThrownBy(() -> card.verify(pin, answering(SoftHsmToken.PIN))).isInstanceOf(WrongPinException.class);
            card.verify(pin, answering("654321"));
            card.unblockPin(pin, answering(SoftHsmToken.SO_PIN, SoftHsmToken.PIN, SoftHsmToken.PIN));
            card.verify(pin, answering(SoftHsmToken.PIN));
        }
    }

    private static boolean signAndVerify(Eid4jProvider provider, KeyStore store, String alias, String algorithm) throws Exception {
        Signature signer = Signature.getInstance(algorithm, provider);
        signer.initSign((PrivateKey) store.getKey(alias, null));
        signer.update(MESSAGE);
        byte[] signature = signer.sign();
        // The JDK names PSS only "RSASSA-PSS" with parameters; Bouncy Castle knows "SHA256withRSA/PSS" as the provider does.
        Signature verifier = Signature.getInstance(algorithm, new org.bouncycastle.jce.provider.BouncyCastleProvider());
        verifier.initVerify(store.getCertificate(alias).getPublicKey());
        verifier.update(MESSAGE);
        return verifier.verify(signature);
    }

    private static String subject(KeyEntry key) {
        return key.certificate().getSubjectX500Principal().getName();
    }

    /** Answers in order, then cancels. */
    static PinCallback answering(String... values) {
        Deque<String> left = new ArrayDeque<>(List.of(values));
        return (PinRequest request) -> {
            if (left.isEmpty()) {
                throw new io.github.eid4j.card.CancelledPinEntryException();
            }
            return left.removeFirst().toCharArray();
        };
    }

    private static byte[] uncompressed(ECPublicKey key) {
        int size = (key.getParams().getCurve().getField().getFieldSize() + 7) / 8;
        ECPoint w = key.getW();
        byte[] out = new byte[1 + 2 * size];
        out[0] = 4;
        copy(w.getAffineX(), out, 1, size);
        copy(w.getAffineY(), out, 1 + size, size);
        return out;
    }

    private static void copy(java.math.BigInteger value, byte[] out, int at, int size) {
        byte[] b = value.toByteArray();
        int skip = b.length > size ? b.length - size : 0;
        System.arraycopy(b, skip, out, at + size - (b.length - skip), b.length - skip);
    }

}
