package io.github.eid4j.jca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.eid4j.apdu.HashAlgorithm;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every registered Signature against every card key: the keys that can do it sign, and the JDK
 * verifies; the others are refused at initSign with the reason.
 */
class SignatureAlgorithmsTest {
    private static final byte[] DOCUMENT = "Allekirjoitettava asiakirja, jota on paljon".repeat(1000).getBytes(StandardCharsets.UTF_8);
    private static final String[] HASHES = {"SHA1", "SHA224", "SHA256", "SHA384", "SHA512"};

    private static final List<String> cards = new ArrayList<>();
    private static final List<Eid4jPrivateKey> keys = new ArrayList<>();
    private static Eid4jProvider provider;
    private static ScriptedHandler user;

    @BeforeAll
    static void openBothGenerations() throws Exception {
        user = ScriptedHandler.knowingPins();
        for (String profile : new String[] {TestCards.V3, TestCards.V4}) {
            String card = TestCards.copy(profile);
            cards.add(card);
            provider = new Eid4jProvider().configure("--virtual=" + card);
            KeyStore ks = KeyStore.getInstance("EID", provider);
            ks.load(() -> new KeyStore.CallbackHandlerProtection(user));
            keys.add((Eid4jPrivateKey) ks.getKey("authentication", null));
            keys.add((Eid4jPrivateKey) ks.getKey("signature", null));
        }
    }

    @AfterAll
    static void deleteCards() {
        cards.forEach(TestCards::delete);
    }

    private static PublicKey pub(Eid4jPrivateKey key) {
        return key.certificate().getPublicKey();
    }

    private static byte[] sign(String algorithm, Eid4jPrivateKey key, java.security.spec.AlgorithmParameterSpec params, byte[] data)
            throws Exception {
        Signature s = Signature.getInstance(algorithm, provider);
        if (params != null) {
            s.setParameter(params);
        }
        s.initSign(key);
        // Streamed in pieces of every shape: byte, array slice, ByteBuffer.
        s.update(data[0]);
        s.update(data, 1, data.length / 2);
        s.update(ByteBuffer.wrap(data, 1 + data.length / 2, data.length - 1 - data.length / 2));
        return s.sign();
    }

    private static boolean verify(String algorithm, PublicKey pub, java.security.spec.AlgorithmParameterSpec params, byte[] data, byte[] sig)
            throws Exception {
        Signature v = Signature.getInstance(algorithm); // the JDK's
        if (params != null) {
            v.setParameter(params);
        }
        v.initVerify(pub);
        v.update(data);
        return v.verify(sig);
    }

    private static PSSParameterSpec pss(String hash) {
        HashAlgorithm h = HashAlgorithm.valueOf(hash);
        return new PSSParameterSpec(h.jcaName(), "MGF1", new MGF1ParameterSpec(h.jcaName()), h.digestLength(), 1);
    }

    @Test
    void rsaPkcs1AndPssSignWithTheV3AuthenticationKeyOnly() throws Exception {
        for (Eid4jPrivateKey key : keys) {
            boolean rsa = key.getAlgorithm().equals("RSA");
            for (String hash : HASHES) {
                String alg = hash + "withRSA";
                if (rsa) {
                    assertThat(verify(alg, pub(key), null, DOCUMENT, sign(alg, key, null, DOCUMENT))).as(alg).isTrue();
                } else {
                    assertThatThrownBy(() -> sign(alg, key, null, DOCUMENT)).isInstanceOf(InvalidKeyException.class)
                            .hasMessage("The " + key.describe() + " of this card cannot make RSA PKCS#1 v1.5 signatures (" + alg + ").");
                }
            }
            for (String hash : new String[] {"SHA256", "SHA384", "SHA512"}) {
                String alg = hash + "withRSA/PSS";
                if (rsa) {
                    byte[] sig = sign(alg, key, null, DOCUMENT);
                    assertThat(verify("RSASSA-PSS", pub(key), pss(hash), DOCUMENT, sig)).as(alg).isTrue();
                    byte[] viaAlias = sign(hash + "withRSAandMGF1", key, pss(hash), DOCUMENT);
                    assertThat(verify("RSASSA-PSS", pub(key), pss(hash), DOCUMENT, viaAlias)).isTrue();
                } else {
                    assertThatThrownBy(() -> sign(alg, key, null, DOCUMENT)).isInstanceOf(InvalidKeyException.class)
                            .hasMessageContaining("cannot make RSASSA-PSS signatures");
                }
            }
            for (String hash : HASHES) {
                if (rsa) {
                    byte[] sig = sign("RSASSA-PSS", key, pss(hash), DOCUMENT);
                    assertThat(verify("RSASSA-PSS", pub(key), pss(hash), DOCUMENT, sig)).as("RSASSA-PSS " + hash).isTrue();
                } else {
                    assertThatThrownBy(() -> sign("RSASSA-PSS", key, pss(hash), DOCUMENT)).isInstanceOf(InvalidKeyException.class);
                }
            }
        }
    }

    @Test
    void noneWithRsaSignsADigestInfoAsTheCardPadsIt() throws Exception {
        Eid4jPrivateKey rsa = keys.get(0);
        byte[] digestInfo = HashAlgorithm.SHA256.digestInfo(MessageDigest.getInstance("SHA-256").digest(DOCUMENT));
        byte[] sig = sign("NONEwithRSA", rsa, null, digestInfo);
        assertThat(verify("NONEwithRSA", pub(rsa), null, digestInfo, sig)).isTrue();
        assertThat(sig).as("PKCS#1 v1.5 is deterministic").isEqualTo(sign("SHA256withRSA", rsa, null, DOCUMENT));
        assertThatThrownBy(() -> sign("NONEwithRSA", rsa, null, DOCUMENT)).isInstanceOf(SignatureException.class)
                .hasMessage("NONEwithRSA signs a digest or DigestInfo of at most 245 bytes, not a message; hash it first or use a SHA*with algorithm.");
        assertThatThrownBy(() -> sign("NONEwithRSA", keys.get(2), null, digestInfo)).isInstanceOf(InvalidKeyException.class);
    }

    @Test
    void ecdsaInDerAndP1363SignsWithEveryEcKey() throws Exception {
        for (Eid4jPrivateKey key : keys) {
            boolean ec = key.getAlgorithm().equals("EC");
            for (String hash : HASHES) {
                for (String alg : new String[] {hash + "withECDSA", hash + "withECDSAinP1363Format"}) {
                    if (ec) {
                        byte[] sig = sign(alg, key, null, DOCUMENT);
                        assertThat(verify(alg, pub(key), null, DOCUMENT, sig)).as(alg + " with " + key).isTrue();
                        if (alg.endsWith("P1363Format")) {
                            assertThat(sig).hasSize(2 * ((key.entry().sizeBits() + 7) / 8));
                        } else {
                            assertThat(sig[0]).as("DER SEQUENCE").isEqualTo((byte) 0x30);
                        }
                    } else {
                        assertThatThrownBy(() -> sign(alg, key, null, DOCUMENT)).isInstanceOf(InvalidKeyException.class)
                                .hasMessage("The authentication key (RSA) of this card cannot make ECDSA signatures (" + alg + ").");
                    }
                }
                byte[] digest = MessageDigest.getInstance(HashAlgorithm.valueOf(hash).jcaName()).digest(DOCUMENT);
                for (String alg : new String[] {"NONEwithECDSA", "NONEwithECDSAinP1363Format"}) {
                    if (ec) {
                        assertThat(verify(alg, pub(key), null, digest, sign(alg, key, null, digest))).as(alg + " " + hash).isTrue();
                    }
                }
            }
        }
        Eid4jPrivateKey ec = keys.get(3);
        assertThatThrownBy(() -> sign("NONEwithECDSA", ec, null, new byte[33])).isInstanceOf(SignatureException.class)
                .hasMessage("NONEwithECDSA signs a digest of 20, 28, 32, 48 or 64 bytes (SHA-1 to SHA-512), not 33 bytes.");
    }

    @Test
    void pssParametersOtherThanTheCardsAreRefused() throws Exception {
        Eid4jPrivateKey rsa = keys.get(0);
        Signature s = Signature.getInstance("RSASSA-PSS", provider);
        assertThatThrownBy(() -> s.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 20, 1)))
                .isInstanceOf(InvalidAlgorithmParameterException.class)
                .hasMessage("The card makes RSASSA-PSS signatures only with SHA-1 to SHA-512, MGF1 of the same hash and a salt as long as the digest;"
                        + " these parameters ask for SHA-256, MGF1 with SHA-256, a salt of 20 bytes.");
        assertThatThrownBy(() -> s.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA1, 32, 1)))
                .isInstanceOf(InvalidAlgorithmParameterException.class);
        assertThatThrownBy(() -> s.setParameter(new PSSParameterSpec("SHA3-256", "MGF1", new MGF1ParameterSpec("SHA3-256"), 32, 1)))
                .isInstanceOf(InvalidAlgorithmParameterException.class);
        Signature fixed = Signature.getInstance("SHA384withRSA/PSS", provider);
        assertThatThrownBy(() -> fixed.setParameter(pss("SHA256"))).isInstanceOf(InvalidAlgorithmParameterException.class)
                .hasMessageContaining("(SHA-384, 48 bytes)");
        fixed.setParameter(pss("SHA384")); // its own parameters are fine
        assertThat(fixed.getParameters().getParameterSpec(PSSParameterSpec.class).getSaltLength()).isEqualTo(48);

        Signature midway = Signature.getInstance("RSASSA-PSS", provider);
        midway.setParameter(pss("SHA256"));
        midway.initSign(rsa);
        midway.update(DOCUMENT);
        assertThatThrownBy(() -> midway.setParameter(pss("SHA384"))).isInstanceOf(InvalidAlgorithmParameterException.class)
                .hasMessage("The PSS parameters cannot change in the middle of a signature.");

        Signature unset = Signature.getInstance("RSASSA-PSS", provider);
        unset.initSign(rsa);
        assertThatThrownBy(() -> unset.update(DOCUMENT)).isInstanceOf(SignatureException.class)
                .hasMessage("RSASSA-PSS needs its parameters: call setParameter with a PSSParameterSpec before signing.");
        assertThatThrownBy(() -> Signature.getInstance("SHA256withECDSA", provider).setParameter(pss("SHA256")))
                .isInstanceOf(InvalidAlgorithmParameterException.class).hasMessage("SHA256withECDSA takes no parameters.");
    }

    @Test
    void verifyingAndForeignKeysAreRefused() throws Exception {
        Signature s = Signature.getInstance("SHA256withECDSA", provider);
        assertThatThrownBy(() -> s.initVerify(pub(keys.get(3)))).isInstanceOf(InvalidKeyException.class)
                .hasMessage("Eid4j signs with card keys; verify with any provider.");
        java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        PrivateKeyHolder soft = new PrivateKeyHolder(g.generateKeyPair().getPrivate());
        assertThatThrownBy(() -> s.initSign(soft.key)).isInstanceOf(InvalidKeyException.class)
                .hasMessageStartingWith("Eid4j SHA256withECDSA works only with keys from its EID key store, not with a ");
    }

    private record PrivateKeyHolder(java.security.PrivateKey key) {
    }

    @Test
    void aSignatureObjectSignsAgainAfterSign() throws Exception {
        Eid4jPrivateKey sign = keys.get(3);
        assertThat(sign.alias()).isEqualTo(Eid4jProvider.SIGNATURE_ALIAS);
        Signature s = Signature.getInstance("SHA384withECDSA", provider);
        s.initSign(sign);
        s.update(DOCUMENT);
        byte[] first = s.sign();
        s.update(DOCUMENT);
        byte[] second = s.sign();
        assertThat(verify("SHA384withECDSA", pub(sign), null, DOCUMENT, first)).isTrue();
        assertThat(verify("SHA384withECDSA", pub(sign), null, DOCUMENT, second)).isTrue();
    }
}
