package io.github.eid4j.apdu.emulator;

import static io.github.eid4j.apdu.emulator.TestCards.PIN1_VALUE;
import static io.github.eid4j.apdu.emulator.TestCards.PIN2_VALUE;
import static io.github.eid4j.apdu.emulator.TestCards.block;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.eid4j.apdu.CommandApdu;
import io.github.eid4j.apdu.Hex;
import io.github.eid4j.apdu.transport.ChainingTransport;
import io.github.eid4j.apdu.transport.CardTransport;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** MSE, PSO and INTERNAL AUTHENTICATE, checked with the JDK's own verifiers. */
class SecurityOperationsTest {
    private static final byte[] MESSAGE = "The quick brown fox".getBytes(StandardCharsets.UTF_8);
    private VirtualCard card;

    @BeforeEach
    void newCard() {
        card = new VirtualCard(TestCards.image(TestCards.t1(), true), i -> { });
        assertThat(send("00A4040C0C A000000063504B43532D3135")).isEqualTo("9000");
    }

    String send(String hex) {
        return Hex.plain(card.process(Hex.decode(hex)));
    }

    byte[] sendBytes(byte[] command) {
        return card.process(command);
    }

    static byte[] digest(String algorithm) throws Exception {
        return MessageDigest.getInstance(algorithm).digest(MESSAGE);
    }

    static byte[] data(String response) {
        assertThat(response).endsWith("9000");
        return Hex.decode(response.substring(0, response.length() - 4));
    }

    @Test
    void ecdsaWithTheRecordedFineidSequence() throws Exception {
        assertThat(send("00200011 0C" + block(PIN1_VALUE))).isEqualTo("9000");
        assertThat(send("002241B6 06 800154 840101")).isEqualTo("9000");
        assertThat(send("002A90A0 32 9030" + Hex.plain(digest("SHA-384")))).isEqualTo("9000");
        byte[] rs = data(send("002A9E9A 00"));
        assertThat(rs).hasSize(96);
        Signature v = Signature.getInstance("SHA384withECDSAinP1363Format");
        v.initVerify(TestCards.ecKey().publicKey());
        v.update(MESSAGE);
        assertThat(v.verify(rs)).isTrue();
    }

    @Test
    void ecdsaAcceptsAHashLeftPaddedWithZerosAsOpenScSendsIt() throws Exception {
        send("00200011 0C" + block(PIN1_VALUE));
        send("002241B6 06 800154 840101");
        byte[] padded = new byte[48];
        byte[] sha256 = digest("SHA-256");
        System.arraycopy(sha256, 0, padded, 16, 32);
        assertThat(send("002A90A0 32 9030" + Hex.plain(padded))).isEqualTo("9000");
        byte[] rs = data(send("002A9E9A 00"));
        Signature v = Signature.getInstance("SHA256withECDSAinP1363Format");
        v.initVerify(TestCards.ecKey().publicKey());
        v.update(MESSAGE);
        assertThat(v.verify(rs)).isTrue();
    }

    @Test
    void rsaPkcs1WithTheDigestInfoBuiltOnTheCard() throws Exception {
        send("00200011 0C" + block(PIN1_VALUE));
        assertThat(send("002241B6 06 800142 840102")).isEqualTo("9000");
        send("002A90A0 22 9020" + Hex.plain(digest("SHA-256")));
        byte[] sig = data(send("002A9E9A 00"));
        Signature v = Signature.getInstance("SHA256withRSA");
        v.initVerify(TestCards.rsaKey().publicKey());
        v.update(MESSAGE);
        assertThat(v.verify(sig)).isTrue();
    }

    @Test
    void rsaPssAsFineidV3SignsForWebEid() throws Exception {
        send("00200011 0C" + block(PIN1_VALUE));
        assertThat(send("002241B6 06 800145 840102")).isEqualTo("9000");
        send("002A90A0 22 9020" + Hex.plain(digest("SHA-256")));
        byte[] sig = data(send("002A9E9A 00"));
        Signature v = Signature.getInstance("RSASSA-PSS");
        v.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
        v.initVerify(TestCards.rsaKey().publicKey());
        v.update(MESSAGE);
        assertThat(v.verify(sig)).isTrue();
    }

    @Test
    void cdsWithTheDigestInTheCommandAsOpenScsGenericDriverSends() throws Exception {
        send("00200011 0C" + block(PIN1_VALUE));
        send("002241B6 06 800104 840101");
        byte[] rs = data(Hex.plain(sendBytes(new CommandApdu(0, 0x2A, 0x9E, 0x9A, digest("SHA-384"), 256).toBytes())));
        Signature v = Signature.getInstance("SHA384withECDSAinP1363Format");
        v.initVerify(TestCards.ecKey().publicKey());
        v.update(MESSAGE);
        assertThat(v.verify(rs)).isTrue();
    }

    @Test
    void keysNeedTheirPinAndTheSignatureKeyOneVerificationPerUse() throws Exception {
        send("002241B6 06 800154 840101");
        send("002A90A0 32 9030" + Hex.plain(digest("SHA-384")));
        assertThat(send("002A9E9A 00")).isEqualTo("6982");

        assertThat(send("002241B6 06 800144 840103")).isEqualTo("9000");
        assertThat(send("00200082 0C" + block(PIN2_VALUE))).isEqualTo("9000");
        send("002A90A0 22 9020" + Hex.plain(digest("SHA-256")));
        assertThat(send("002A9E9A 00")).endsWith("9000");
        send("002A90A0 22 9020" + Hex.plain(digest("SHA-256")));
        assertThat(send("002A9E9A 00")).as("a second signature needs a new PIN2").isEqualTo("6982");
        assertThat(send("00200082")).isEqualTo("63C5");
    }

    @Test
    void environmentErrors() throws Exception {
        assertThat(send("002A9E9A 00")).as("no MSE").isEqualTo("6985");
        assertThat(send("002241B6 06 800154 840109")).as("no such key").isEqualTo("6A88");
        assertThat(send("002241B6 06 8001EE 840101")).as("unknown algorithm").isEqualTo("6A80");
        assertThat(send("002241B6 06 80011A 840102")).as("a decipher algorithm in a DST").isEqualTo("6A80");
        assertThat(send("002241B6 06 800145 840101")).as("PSS on an EC key").isEqualTo("6A80");
        assertThat(send("002241B6 05 800154 8401")).as("truncated TLV").isEqualTo("6A80");
        assertThat(send("002241B7 06 800154 840101")).isEqualTo("6A86");
        assertThat(send("002241B6 06 800154 840101")).isEqualTo("9000");
        assertThat(send("002A9E9A 00")).as("no hash yet").isEqualTo("6985");
        assertThat(send("0022F301")).isEqualTo("9000");
        send("00200011 0C" + block(PIN1_VALUE));
        send("002A90A0 32 9030" + Hex.plain(digest("SHA-384")));
        assertThat(send("002A9E9A 00")).as("MSE RESTORE forgot the key").isEqualTo("6985");
        assertThat(send("002A1234 00")).isEqualTo("6A86");
        send("002241B6 06 800142 840102");
        send("002A90A0 06 9004 01020304");
        assertThat(send("002A9E9A 00")).as("wrong digest length for SHA-256").isEqualTo("6A80");
    }

    @Test
    void decipherPkcs1WithChainingAndBothPaddingIndicators() throws Exception {
        send("00200011 0C" + block(PIN1_VALUE));
        assertThat(send("002241B8 06 80011A 840102")).isEqualTo("9000");
        Cipher c = Cipher.getInstance("RSA/ECB/PKCS1Padding");
        c.init(Cipher.ENCRYPT_MODE, TestCards.rsaKey().publicKey());
        byte[] secret = "session key 0123".getBytes(StandardCharsets.US_ASCII);
        byte[] cryptogram = c.doFinal(secret);
        CardTransport wire = command -> card.process(command);
        for (int indicator : new int[] {0x00, 0x81}) {
            byte[] data = new byte[257];
            data[0] = (byte) indicator;
            System.arraycopy(cryptogram, 0, data, 1, 256);
            byte[] r = new ChainingTransport(wire).transmit(new CommandApdu(0, 0x2A, 0x80, 0x86, data, 256).toBytes());
            assertThat(Arrays.copyOf(r, r.length - 2)).isEqualTo(secret);
        }
        byte[] data = new byte[257];
        data[0] = 0x02;
        assertThat(Hex.plain(new ChainingTransport(wire).transmit(new CommandApdu(0, 0x2A, 0x80, 0x86, data, 256).toBytes())))
                .as("unknown padding indicator").isEqualTo("6A80");
    }

    @Test
    void decipherOaepAsAnExtendedApdu() throws Exception {
        send("00200011 0C" + block(PIN1_VALUE));
        assertThat(send("002241B8 06 80014D 840102")).isEqualTo("9000");
        Cipher c = Cipher.getInstance("RSA/ECB/OAEPPadding");
        c.init(Cipher.ENCRYPT_MODE, TestCards.rsaKey().publicKey(),
                new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT));
        byte[] cryptogram = c.doFinal(new byte[] {1, 2, 3});
        byte[] data = new byte[257];
        System.arraycopy(cryptogram, 0, data, 1, 256);
        assertThat(Hex.plain(card.process(new CommandApdu(0, 0x2A, 0x80, 0x86, data, 65536).toBytes()))).isEqualTo("0102039000");
    }

    @Test
    void ecdhAgreesWithTheJdk() throws Exception {
        send("00200011 0C" + block(PIN1_VALUE));
        assertThat(send("002241B8 03 840101")).isEqualTo("9000");
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp384r1"));
        KeyPair peer = g.generateKeyPair();
        ECPublicKey pub = (ECPublicKey) peer.getPublic();
        byte[] point = new byte[97];
        point[0] = 0x04;
        copyField(pub.getW().getAffineX(), point, 1);
        copyField(pub.getW().getAffineY(), point, 49);
        byte[] data = new byte[98];
        System.arraycopy(point, 0, data, 1, 97);
        byte[] shared = data(Hex.plain(card.process(new CommandApdu(0, 0x2A, 0x80, 0x86, data, 256).toBytes())));
        KeyAgreement ka = KeyAgreement.getInstance("ECDH");
        ka.init(peer.getPrivate());
        ka.doPhase(TestCards.ecKey().publicKey(), true);
        assertThat(shared).isEqualTo(ka.generateSecret());
        point[96] ^= 1; // off the curve
        System.arraycopy(point, 0, data, 1, 97);
        assertThat(Hex.plain(card.process(new CommandApdu(0, 0x2A, 0x80, 0x86, data, 256).toBytes()))).isEqualTo("6A80");
    }

    private static void copyField(BigInteger value, byte[] out, int at) {
        byte[] b = value.toByteArray();
        int n = Math.min(b.length, 48);
        System.arraycopy(b, b.length - n, out, at + 48 - n, n);
    }

    @Test
    void internalAuthenticateSignsTheGivenData() throws Exception {
        assertThat(send("00880000 04 01020304 00")).isEqualTo("6985");
        send("002241A4 03 840101");
        assertThat(send("00880000 04 01020304 00")).as("the EC key cannot").isEqualTo("6985");
        assertThat(send("002241A4 03 840102")).isEqualTo("9000");
        assertThat(send("00880000 04 01020304 00")).isEqualTo("6982");
        send("00200011 0C" + block(PIN1_VALUE));
        byte[] sig = data(send("00880000 04 01020304 00"));
        Cipher c = Cipher.getInstance("RSA/ECB/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, TestCards.rsaKey().publicKey());
        byte[] em = c.doFinal(sig);
        assertThat(em[1]).isEqualTo((byte) 0x01);
        assertThat(Arrays.copyOfRange(em, em.length - 4, em.length)).containsExactly(1, 2, 3, 4);
    }
}
