package io.github.eid4j.card.fineid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.eid4j.apdu.CommandApdu;
import io.github.eid4j.apdu.HashAlgorithm;
import io.github.eid4j.apdu.Hex;
import io.github.eid4j.apdu.transport.ApduRecording;
import io.github.eid4j.apdu.transport.ReplayTransport;
import io.github.eid4j.card.CardIdentity;
import io.github.eid4j.card.EidCard;
import io.github.eid4j.card.EidCards;
import io.github.eid4j.card.InProcessConnection;
import io.github.eid4j.card.KeyEntry;
import io.github.eid4j.card.KeyPurpose;
import io.github.eid4j.card.PinInfo;
import io.github.eid4j.card.PinRequest;
import io.github.eid4j.card.ScriptedPins;
import io.github.eid4j.card.SignatureScheme;
import io.github.eid4j.card.iso.TransparentFiles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The FINEID driver against sessions recorded from DVV's specimen cards (docs/recordings.md,
 * card-profiles/src/test/resources/recordings/fineid): where eid4j's flow is the recorded one, the
 * driver gets the real cards' answers, and the signature it returns verifies with the card's
 * certificate. Where the flow differs, the test says precisely how.
 */
class RecordedFineidCardsTest {

    /** A recorded session: which card, which key, which PIN the recorded program gave. */
    enum Recorded {
        V3_AUTHENTICATION("libelectronic-id-fineid-v3-authentication.apdu", FineidVersion.V3_1, KeyPurpose.AUTHENTICATION,
                SignatureScheme.RSA_PSS, HashAlgorithm.SHA256, "1234"),
        V3_SIGNATURE("libelectronic-id-fineid-v3-signature.apdu", FineidVersion.V3_1, KeyPurpose.SIGNATURE,
                SignatureScheme.ECDSA, HashAlgorithm.SHA256, "123456"),
        V4_AUTHENTICATION("libelectronic-id-fineid-v4-authentication.apdu", FineidVersion.V4_0, KeyPurpose.AUTHENTICATION,
                SignatureScheme.ECDSA, HashAlgorithm.SHA384, "1234"),
        V4_SIGNATURE("libelectronic-id-fineid-v4-signature.apdu", FineidVersion.V4_0, KeyPurpose.SIGNATURE,
                SignatureScheme.ECDSA, HashAlgorithm.SHA384, "123456");

        final String file;
        final FineidVersion version;
        final KeyPurpose purpose;
        final SignatureScheme scheme;
        final HashAlgorithm hash;
        final String pin;

        Recorded(String file, FineidVersion version, KeyPurpose purpose, SignatureScheme scheme, HashAlgorithm hash, String pin) {
            this.file = file;
            this.version = version;
            this.purpose = purpose;
            this.scheme = scheme;
            this.hash = hash;
            this.pin = pin;
        }

        boolean authentication() {
            return purpose == KeyPurpose.AUTHENTICATION;
        }

        PinInfo pinInfo() {
            return authentication() ? FineidCard.PIN1 : FineidCard.PIN2;
        }

        String text() throws IOException {
            try (InputStream in = RecordedFineidCardsTest.class.getResourceAsStream("/recordings/fineid/" + file)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }

        ReplayTransport replay() throws IOException {
            return new ReplayTransport(ApduRecording.parse(text(), file));
        }

        /** The recording as a card in this process, with the transport stack of its protocol. */
        static InProcessConnection connection(ReplayTransport recording) {
            return new InProcessConnection(recording, recording.isT0(), "recording '" + recording.name() + "'");
        }

        /** The digest the recorded program had signed: the data of its PSO HASH (00 2A 90 A0, template 90 len digest). */
        byte[] digest() throws IOException {
            for (String line : text().split("\n")) {
                if (line.startsWith("> 00 2A 90 A0")) {
                    byte[] command = Hex.decode(line.substring(1));
                    return Arrays.copyOfRange(command, 7, 7 + (command[6] & 0xFF));
                }
            }
            throw new AssertionError(file + " has no PSO HASH");
        }
    }

    /**
     * What the recorded program and the profile both do first: select the PKCS#15 application,
     * then read the key's certificate as the driver reads every file (FCP size, READ BINARY chunks).
     */
    private static FineidCard openAtTheKeysCertificate(Recorded r, InProcessConnection connection) throws Exception {
        byte[] der = connection.transact(card -> {
            assertThat(card.transmit(new CommandApdu(0x00, 0xA4, 0x04, 0x0C, Fineid.AID)).isSuccess()).isTrue();
            return TransparentFiles.read(card, r.authentication() ? Fineid.AUTH_CERT_PATH : r.version.signCertificatePath()).orElseThrow();
        });
        X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        KeyEntry key = FineidProfile.keyEntry(r.authentication() ? FineidProfile.AUTH_ID : FineidProfile.SIGN_ID, "recorded key", r.purpose,
                r.authentication() ? Fineid.AUTH_KEY : r.version.signKey(), r.pinInfo(), cert);
        return new FineidCard(connection, r.version, new CardIdentity("specimen", "FINEID", r.version.label(), connection.location()),
                List.of(key), List.of());
    }

    @ParameterizedTest
    @EnumSource(Recorded.class)
    void theDriverSignsWithTheRecordedCardAndTheSignatureVerifies(Recorded r) throws Exception {
        ReplayTransport wire = r.replay();
        FineidCard card = openAtTheKeysCertificate(r, Recorded.connection(wire));
        KeyEntry key = card.keys().get(0);
        assertThat(key.certificate().getSubjectX500Principal().getName()).contains("SPECIMEN");
        assertThat(key.certificate().getIssuerX500Principal().getName()).contains("TEST");
        ScriptedPins pins = ScriptedPins.answering(r.pin);
        if (r.authentication()) {
            // The recorded program verified PIN1 before its signature; eid4j does when the application logs in.
            card.verify(FineidCard.PIN1, pins);
        }
        byte[] digest = r.digest();
        byte[] signature = card.sign(key, r.scheme, r.hash, digest, pins);
        wire.assertPlayedToEnd();
        // The PIN-info template of the real card said 5 tries left.
        assertThat(pins.asked).extracting(PinRequest::prompt).containsExactly(r.pinInfo().displayName() + ", 5 tries left");

        Signature verifier;
        if (r.scheme == SignatureScheme.RSA_PSS) {
            verifier = Signature.getInstance("NONEwithRSASSA-PSS", new BouncyCastleProvider());
            verifier.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
        } else {
            verifier = Signature.getInstance("NONEwithECDSAinP1363Format");
        }
        verifier.initVerify(key.publicKey());
        verifier.update(digest);
        assertThat(verifier.verify(signature)).as("the card's signature verifies with the card's certificate").isTrue();
        // The recordings end with the signature; eid4j then logs out (SELECT of the application), which they do not have.
        card.close();
    }

    /**
     * A SHA-384 (or SHA-512) digest with the v3 card's P-256 signature key: ECDSA uses the digest's
     * leftmost 32 bytes (FIPS 186-4 §6.4), and the driver sends them in the one form a real v3
     * card is recorded to accept, algorithm byte 44 with a 32-byte hash. A digest whose first 32
     * bytes are the recorded hash therefore replays the recorded session, and the real card's
     * signature verifies as an ECDSA signature over the whole SHA-384 digest.
     */
    @ParameterizedTest
    @EnumSource(value = HashAlgorithm.class, names = {"SHA384", "SHA512"})
    void aLongerDigestGoesToTheV3SignatureKeyAsItsLeftmost32BytesUnderTheRecordedAlgorithmByte(HashAlgorithm hash) throws Exception {
        Recorded r = Recorded.V3_SIGNATURE;
        ReplayTransport wire = r.replay();
        FineidCard card = openAtTheKeysCertificate(r, Recorded.connection(wire));
        byte[] digest = Arrays.copyOf(r.digest(), hash.digestLength());
        Arrays.fill(digest, 32, digest.length, (byte) 0x5A); // ECDSA never looks at these bytes with a 256-bit key
        byte[] signature = card.sign(card.keys().get(0), SignatureScheme.ECDSA, hash, digest, ScriptedPins.answering(r.pin));
        wire.assertPlayedToEnd();
        Signature verifier = Signature.getInstance("NONEwithECDSAinP1363Format");
        verifier.initVerify(card.keys().get(0).publicKey());
        verifier.update(digest);
        assertThat(verifier.verify(signature)).as("an ECDSA signature over the whole " + hash.jcaName() + " digest").isTrue();
        card.close();
    }

    /**
     * Opening a card needs only what every FINEID card gives: the application and the
     * authentication certificate, which is all the recorded authentication sessions read before
     * their PIN; the card is named by that certificate's serial number. The first signature with
     * the authentication key then verifies PIN1 first (no MSE, HASH, CDS and 6982 spent to find
     * out that it is needed): the whole session is the recorded one, APDU for APDU.
     */
    @ParameterizedTest
    @EnumSource(value = Recorded.class, names = {"V3_AUTHENTICATION", "V4_AUTHENTICATION"})
    void aRecordedCardOpensWithWhatTheRecordingGivesAndItsFirstLoginSignatureIsTheRecordedFlow(Recorded r) throws Exception {
        ReplayTransport wire = r.replay();
        EidCard card = EidCards.openRecording(wire, r.file);
        KeyEntry key = card.key(KeyPurpose.AUTHENTICATION).orElseThrow();
        assertThat(card.identity().serial()).isEqualTo(key.certificate().getSerialNumber().toString());
        assertThat(card.identity().version()).isEqualTo(r.version.label());
        ScriptedPins pins = ScriptedPins.answering(r.pin);
        card.sign(key, r.scheme, r.hash, r.digest(), pins);
        wire.assertPlayedToEnd();
        assertThat(pins.asked).extracting(PinRequest::prompt).containsExactly(r.pinInfo().displayName() + ", 5 tries left");

        // Played again, a recording is the whole session again: the card file cache never shortens a replay.
        ReplayTransport again = r.replay();
        EidCard replayed = EidCards.openRecording(again, r.file);
        replayed.sign(replayed.key(KeyPurpose.AUTHENTICATION).orElseThrow(), r.scheme, r.hash, r.digest(), ScriptedPins.answering(r.pin));
        again.assertPlayedToEnd();
    }

    /**
     * Where eid4j's flow is not the recorded one: the recorded signature sessions read only the
     * signature certificate, where eid4j opens a card with its authentication certificate (what
     * identifies the card); and at close eid4j logs out, which the recordings end before.
     */
    @ParameterizedTest
    @EnumSource(value = Recorded.class, names = {"V3_SIGNATURE", "V4_SIGNATURE"})
    void whereTheDriverDiffersFromTheRecordedProgram(Recorded r) throws Exception {
        ReplayTransport opened = r.replay();
        assertThatThrownBy(() -> EidCards.openRecording(opened, r.file))
                .hasMessageStartingWith("The program sent 00 A4 08 04 02 43 31 00 where " + r.file)
                .hasMessageEndingWith("(exchange 2 of " + ApduRecording.parse(r.text(), r.file).size() + ") expects 00 A4 08 04 04 50 16 "
                        + Hex.spaced(r.version.signCertificatePath(), 2, 4) + " 00.");
    }
}
