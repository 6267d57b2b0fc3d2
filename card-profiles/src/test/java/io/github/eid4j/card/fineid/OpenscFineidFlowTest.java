package io.github.eid4j.card.fineid;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.eid4j.apdu.Hex;
import io.github.eid4j.apdu.emulator.NonVolatileMemory;
import io.github.eid4j.apdu.emulator.Personalisation;
import io.github.eid4j.apdu.emulator.VirtualCard;
import io.github.eid4j.card.pkcs15.AuthenticationObject;
import io.github.eid4j.card.pkcs15.PrivateKeyObject;
import io.github.eid4j.card.pkcs15.TokenInfo;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERSequence;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * OpenSC 0.27.1's FinEID flow against the virtual v4 card, command by command. OpenSC 0.27 is not
 * in Debian (12 ships 0.23, without a FinEID v4 driver), so this test sends what its
 * {@code card-esteid2025.c} and {@code pkcs15-esteid2025.c} send, as read from OpenSC's source
 * (commit 14c80b0ab932; docs/fineid.md "What other middleware sends"), and follows 61xx with GET
 * RESPONSE as OpenSC's {@code sc_transmit} does on a T=0 reader:
 * <ul>
 * <li>binding: SELECT of the application, SELECT EF.TokenInfo {@code 5032} by path (P1=08,
 * P2=04), READ BINARY from offset 4 and the first OCTET STRING met as the document number, the
 * authentication certificate {@code 4331}, GET DATA of each PIN's state;</li>
 * <li>PIN operations through the ISO layer: VERIFY, CHANGE REFERENCE DATA, RESET RETRY COUNTER,
 * each PIN as ASCII padded with 00 to 12 bytes;</li>
 * <li>a signature: MSE {@code 80 01 54 84 01 <key>}, PSO HASH with the hash left-padded to 48
 * bytes whatever its length, COMPUTE DIGITAL SIGNATURE with Le 60.</li>
 * </ul>
 * Its generic PKCS#15 layer reads the card's own structure first; the paths there must be ones
 * that layer can select (the PIN and key paths {@code 3F00} became {@code 3F00 3F00}, refused
 * before any APDU).
 */
class OpenscFineidFlowTest {
    private static final byte[] DOCUMENT = "OpenSC allekirjoittaa".getBytes(StandardCharsets.UTF_8);
    private static final SecureRandom RANDOM = new SecureRandom();

    private VirtualCard card;

    @BeforeEach
    void insert() {
        insert(true);
    }

    private Personalisation insert(boolean activated) {
        Personalisation p = new FineidVirtualCard.V4().personalise(activated, RANDOM);
        card = new VirtualCard(p.image(), NonVolatileMemory.NONE);
        card.powerOn();
        return p;
    }

    /** One APDU as OpenSC's sc_transmit sends it on T=0: the answer behind 61xx is fetched with GET RESPONSE. */
    private byte[] transmit(String hex) {
        byte[] answer = card.process(Hex.decode(hex));
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        while (answer.length >= 2 && (answer[answer.length - 2] & 0xFF) == 0x61) {
            data.write(answer, 0, answer.length - 2);
            answer = card.process(new byte[] {0x00, (byte) 0xC0, 0x00, 0x00, answer[answer.length - 1]});
        }
        data.write(answer, 0, answer.length);
        return data.toByteArray();
    }

    private byte[] ok(String hex) {
        byte[] answer = transmit(hex);
        assertThat(Hex.plain(Arrays.copyOfRange(answer, answer.length - 2, answer.length))).as(hex).isEqualTo("9000");
        return Arrays.copyOf(answer, answer.length - 2);
    }

    /** esteid_select_file: P1=08, P2=04, the path as given, Le; the size from the FCP's tag 81. */
    private int select(byte[] path) {
        byte[] fcp = ok(String.format("00 A4 08 04 %02X %s 00", path.length, Hex.plain(path)));
        assertThat(fcp[0]).isEqualTo((byte) 0x62);
        return ((fcp[4] & 0xFF) << 8) | (fcp[5] & 0xFF);
    }

    private static byte[] fid(int fid) {
        return new byte[] {(byte) (fid >> 8), (byte) fid};
    }

    private byte[] read(int offset, int size) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (offset + out.size() < size) {
            int at = offset + out.size();
            out.writeBytes(ok(String.format("00 B0 %02X %02X 00", at >> 8, at & 0xFF)));
        }
        return out.toByteArray();
    }

    private static String pinBlock(String pin) {
        return Hex.plain(Arrays.copyOf(pin.getBytes(StandardCharsets.US_ASCII), Fineid.PIN_BLOCK));
    }

    /**
     * The walk OpenSC's FinEID emulation does over EF.TokenInfo read from offset 4: BER TLVs side
     * by side, the first with tag 04 wins; a 00 or FF where a tag should be ends the data.
     */
    private static byte[] firstOctetString(byte[] data) {
        int at = 0;
        while (at + 2 <= data.length) {
            int tag = data[at] & 0xFF;
            if (tag == 0x00 || tag == 0xFF) {
                return null;
            }
            int length = data[at + 1] & 0xFF;
            int header = 2;
            if (length > 0x80) {
                int n = length & 0x7F;
                length = 0;
                for (int i = 0; i < n; i++) {
                    length = (length << 8) | (data[at + 2 + i] & 0xFF);
                }
                header += n;
            }
            if (tag == 0x04) {
                return Arrays.copyOfRange(data, at + header, at + header + length);
            }
            at += header + length;
        }
        return null;
    }

    /** esteid_get_pin_info: the template's DF21 first byte, and DF2F 00 for "PIN to be changed"; any other answer aborts the binding. */
    private String pinInfo(int reference) {
        byte[] info = ok(String.format("00 CB 00 FF 05 A0 03 83 01 %02X 00", reference));
        assertThat(info[0]).isEqualTo((byte) 0xA0);
        return Hex.plain(info);
    }

    private X509Certificate bind() throws Exception {
        ok("00 A4 04 0C 0C " + Hex.plain(Fineid.AID));
        int size = select(Fineid.TOKEN_INFO_PATH);
        byte[] serial = firstOctetString(read(4, size));
        assertThat(serial).as("the document number OpenSC finds from offset 4").isNotNull();
        assertThat(new String(serial, StandardCharsets.US_ASCII)).matches("[0-9A-Za-z]+");
        assertThat(serial).as("the TokenInfo's serialNumber").isEqualTo(TokenInfo.decode(read(0, size)).serialNumber());

        int certSize = select(Fineid.AUTH_CERT_PATH);
        X509Certificate auth = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(read(0, certSize)));
        for (int reference : List.of(Fineid.PIN1, Fineid.PIN2, Fineid.PUK)) {
            assertThat(pinInfo(reference)).contains("DF210405");
        }
        return auth;
    }

    /** esteid_compute_signature: the hash right-aligned in 48 bytes after 90 30, then CDS with Le 60. */
    private byte[] sign(int key, byte[] hash) {
        ok(String.format("00 22 41 B6 06 80 01 54 84 01 %02X", key));
        byte[] padded = new byte[48];
        System.arraycopy(hash, 0, padded, 48 - hash.length, hash.length);
        ok("00 2A 90 A0 32 90 30 " + Hex.plain(padded));
        byte[] rs = ok("00 2A 9E 9A 60");
        assertThat(rs).hasSize(96);
        return rs;
    }

    private static boolean verifies(String algorithm, PublicKey key, byte[] rs) throws Exception {
        ASN1EncodableVector v = new ASN1EncodableVector();
        v.add(new ASN1Integer(new BigInteger(1, Arrays.copyOf(rs, rs.length / 2))));
        v.add(new ASN1Integer(new BigInteger(1, Arrays.copyOfRange(rs, rs.length / 2, rs.length))));
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(key);
        verifier.update(DOCUMENT);
        return verifier.verify(new DERSequence(v).getEncoded());
    }

    @Test
    void bindsLogsInAndSignsWithBothKeysAsOpenscDoes() throws Exception {
        X509Certificate auth = bind();

        ok("00 20 00 11 0C " + pinBlock(FineidVirtualCard.TEST_PIN1));
        byte[] sha256 = MessageDigest.getInstance("SHA-256").digest(DOCUMENT);
        assertThat(verifies("SHA256withECDSA", auth.getPublicKey(), sign(Fineid.AUTH_KEY, sha256)))
                .as("a 32-byte hash left-padded to 48 bytes signs as the hash itself").isTrue();

        int signCertSize = select(Fineid.V4_SIGN_CERT_PATH);
        X509Certificate signCert = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(read(0, signCertSize)));
        ok("00 20 00 82 0C " + pinBlock(FineidVirtualCard.TEST_PIN2));
        byte[] sha384 = MessageDigest.getInstance("SHA-384").digest(DOCUMENT);
        assertThat(verifies("SHA384withECDSA", signCert.getPublicKey(), sign(Fineid.V4_SIGN_KEY, sha384))).isTrue();
    }

    /**
     * A card not yet activated binds too: each PIN the holder has not set answers the template
     * with DF2F 00, which OpenSC shows as "PIN to be changed"; setting it with the activation
     * code (RESET RETRY COUNTER, as pkcs15-tool --unblock-pin sends it) turns DF2F to 01.
     */
    @Test
    void bindsACardNotYetActivatedAndActivatesIt() throws Exception {
        String code = new String(insert(false).letter().get("Activation code"));
        bind();
        assertThat(pinInfo(Fineid.PIN1)).endsWith("DF2F0100");
        assertThat(pinInfo(Fineid.PIN2)).endsWith("DF2F0100");

        ok("00 2C 00 11 18 " + pinBlock(code) + pinBlock("2468"));
        assertThat(pinInfo(Fineid.PIN1)).endsWith("DF2F0101");
        assertThat(pinInfo(Fineid.PIN2)).endsWith("DF2F0100");
        ok("00 20 00 11 0C " + pinBlock("2468"));
    }

    @Test
    void changesAndUnblocksPinsAsPkcs15ToolDoes() throws Exception {
        bind();
        ok("00 24 00 11 18 " + pinBlock(FineidVirtualCard.TEST_PIN1) + pinBlock("4321"));
        ok("00 20 00 11 0C " + pinBlock("4321"));

        ok("00 A4 04 0C 0C " + Hex.plain(Fineid.AID));
        ok("00 2C 00 82 18 " + pinBlock(FineidVirtualCard.TEST_PUK) + pinBlock("654321"));
        ok("00 20 00 82 0C " + pinBlock("654321"));
    }

    /**
     * OpenSC's generic layer reads a two-byte path as a file ID inside the application and
     * refuses a path with 3F00 after its start; ours must give each PIN and key a path it can
     * select as it stands, or none.
     */
    @Test
    void thePkcs15PathsAreOnesOpenscCanSelect() {
        ok("00 A4 04 0C 0C " + Hex.plain(Fineid.AID));
        for (PrivateKeyObject key : PrivateKeyObject.decodeAll(read(0, select(fid(FineidVirtualCard.PRKDF))))) {
            byte[] path = key.attributes().value().efidOrPath();
            assertThat(path.length).as("a key path OpenSC takes as a path from the MF").isGreaterThanOrEqualTo(4);
            assertThat(Hex.plain(path)).startsWith("3F00").doesNotContain("3F003F00");
            select(path);
        }
        for (AuthenticationObject pin : AuthenticationObject.decodeAll(read(0, select(fid(FineidVirtualCard.AODF))))) {
            pin.pin().path().ifPresent(p -> {
                assertThat(p.efidOrPath().length).as("a PIN path OpenSC takes as a path from the MF").isGreaterThanOrEqualTo(4);
                select(p.efidOrPath());
            });
        }
    }
}
