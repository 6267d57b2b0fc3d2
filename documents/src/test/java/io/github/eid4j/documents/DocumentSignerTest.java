package io.github.eid4j.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import eu.europa.esig.dss.enumerations.Indication;
import eu.europa.esig.dss.enumerations.SubIndication;
import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.FileDocument;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.token.DSSPrivateKeyEntry;
import io.github.eid4j.card.KeyPurpose;
import io.github.eid4j.jca.Eid4jProvider;
import io.github.eid4j.jca.ScriptedHandler;
import io.github.eid4j.jca.TestCards;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each format signed with a virtual card's signature key and validated by DSS against the card's
 * test root. Without revocation data (the test PKI has no OCSP responder here) DSS's default policy
 * cannot settle a signature: INDETERMINATE with the reason, which is what a user must be told.
 */
class DocumentSignerTest {
    @TempDir
    Path folder;

    private String card;
    private Eid4jSignatureToken token;
    private ScriptedHandler user;

    @BeforeEach
    void openCard() {
        card = TestCards.copy(TestCards.V4);
        Eid4jProvider provider = new Eid4jProvider().configure("--virtual=" + card);
        user = ScriptedHandler.knowingPins();
        provider.setCallbackHandler(user);
        token = new Eid4jSignatureToken(provider);
    }

    @AfterEach
    void closeCard() {
        token.close();
        TestCards.delete(card);
    }

    @Test
    void aPadesSignatureOfAPdfIsIntactAndWaitsOnlyForRevocationData() throws Exception {
        DSSPrivateKeyEntry key = token.getKey("signature");
        DSSDocument pdf = new FileDocument(Pdfs.onePage(folder.resolve("contract.pdf"), "I agree.").toFile());

        DSSDocument signed = new DocumentSigner(AdesFormat.PADES, BaselineLevel.B_B).sign(pdf, token, key);
        SignatureVerdict verdict = validation(key).validate(signed, null);

        assertThat(verdict.format()).isEqualTo("PAdES-BASELINE-B");
        assertThat(verdict.signer()).isEqualTo(key.getCertificate().getCertificate());
        assertThat(verdict.claimedSigningTime()).isNotNull();
        assertThat(verdict.sentence()).isEqualTo("The signature could not be confirmed (INDETERMINATE, CERTIFICATE_CHAIN_GENERAL_FAILURE):"
                + " its certificate could not be validated (no revocation data found for the certificate).");
        assertThat(user.prompts).containsExactly(TestCards.firstPrompt(TestCards.V4, KeyPurpose.SIGNATURE));
    }

    @ParameterizedTest
    @ValueSource(strings = {TestCards.V3, TestCards.LUXEMBOURG})
    void theV3AndLuxembourgCardsSignAPdfToo(String profile) throws Exception {
        String otherCard = TestCards.copy(profile);
        Eid4jProvider provider = new Eid4jProvider().configure("--virtual=" + otherCard);
        provider.setCallbackHandler(ScriptedHandler.knowingPins());
        try (Eid4jSignatureToken other = new Eid4jSignatureToken(provider)) {
            DSSPrivateKeyEntry key = other.getKey("signature");
            DSSDocument pdf = new FileDocument(Pdfs.onePage(folder.resolve("contract.pdf"), "I agree.").toFile());

            SignatureVerdict verdict = validation(key).validate(new DocumentSigner(AdesFormat.PADES, BaselineLevel.B_B).sign(pdf, other, key), null);

            assertThat(verdict.format()).isEqualTo("PAdES-BASELINE-B");
            assertThat(verdict.signer()).isEqualTo(key.getCertificate().getCertificate());
            assertThat(verdict.subIndication()).as(verdict.sentence()).isEqualTo(SubIndication.CERTIFICATE_CHAIN_GENERAL_FAILURE);
        } finally {
            TestCards.delete(otherCard);
        }
    }

    @Test
    void aDetachedCadesSignatureFailsOnAnotherDocument() throws Exception {
        DSSPrivateKeyEntry key = token.getKey("signature");
        DSSDocument document = new InMemoryDocument("the signed words".getBytes(StandardCharsets.UTF_8), "words.txt");

        DSSDocument p7s = new DocumentSigner(AdesFormat.CADES, BaselineLevel.B_B).sign(document, token, key);

        SignatureVerdict good = validation(key).validate(p7s, document);
        assertThat(good.format()).isEqualTo("CAdES-BASELINE-B");
        assertThat(good.subIndication()).as(good.sentence()).isEqualTo(SubIndication.CERTIFICATE_CHAIN_GENERAL_FAILURE);
        SignatureVerdict changed = validation(key).validate(p7s,
                new InMemoryDocument("other words".getBytes(StandardCharsets.UTF_8), "words.txt"));
        assertThat(changed.indication()).isEqualTo(Indication.TOTAL_FAILED);
        assertThat(changed.subIndication()).isEqualTo(SubIndication.HASH_FAILURE);
        assertThat(changed.sentence()).contains("the document was changed after it was signed");
    }

    @ParameterizedTest
    @EnumSource(value = AdesFormat.class, names = {"XADES", "JADES"})
    void anEnvelopingSignatureHoldsTheDocumentAndIsIntact(AdesFormat format) {
        DSSPrivateKeyEntry key = token.getKey("signature");
        DSSDocument document = new InMemoryDocument("the signed words".getBytes(StandardCharsets.UTF_8), "words.txt");

        DSSDocument signed = new DocumentSigner(format, BaselineLevel.B_B).sign(document, token, key);
        SignatureVerdict verdict = validation(key).validate(signed, null);

        assertThat(verdict.format()).isEqualTo(format.etsiName() + "-BASELINE-B");
        assertThat(verdict.signer()).isEqualTo(key.getCertificate().getCertificate());
        assertThat(verdict.subIndication()).as(verdict.sentence()).isEqualTo(SubIndication.CERTIFICATE_CHAIN_GENERAL_FAILURE);
    }

    @Test
    void withoutTrustedAuthorityTheChainIsNotFound() {
        DSSPrivateKeyEntry key = token.getKey("signature");
        DSSDocument document = new InMemoryDocument("the signed words".getBytes(StandardCharsets.UTF_8), "words.txt");
        DSSDocument p7s = new DocumentSigner(AdesFormat.CADES, BaselineLevel.B_B).sign(document, token, key);

        SignatureVerdict verdict = new DocumentValidation().validate(p7s, document);

        assertThat(verdict.subIndication()).isEqualTo(SubIndication.NO_CERTIFICATE_CHAIN_FOUND);
        assertThat(verdict.sentence()).contains("give one with --trust");
    }

    @Test
    void aBtSignatureCarriesTheAuthoritysTimeStamp() throws Exception {
        DSSPrivateKeyEntry key = token.getKey("signature");
        DSSDocument pdf = new FileDocument(Pdfs.onePage(folder.resolve("contract.pdf"), "I agree.").toFile());
        try (TestTimeStampAuthority tsa = TestTimeStampAuthority.start()) {
            Date before = new Date(System.currentTimeMillis() - 1000);
            DSSDocument signed = new DocumentSigner(AdesFormat.PADES, BaselineLevel.B_T).timeStamps(new TimeStampAuthority(tsa.uri()))
                    .sign(pdf, token, key);
            SignatureVerdict verdict = validation(key).trust(tsa.certificate()).validate(signed, null);

            assertThat(verdict.format()).isEqualTo("PAdES-BASELINE-T");
            assertThat(verdict.timeStamp()).isBetween(before, new Date());
        }
    }

    @Test
    void aBtSignatureWithoutAuthorityIsRefusedBeforeTheCardSigns() {
        DSSPrivateKeyEntry key = token.getKey("signature");
        DSSDocument document = new InMemoryDocument("the signed words".getBytes(StandardCharsets.UTF_8), "words.txt");

        assertThatThrownBy(() -> new DocumentSigner(AdesFormat.CADES, BaselineLevel.B_T).sign(document, token, key))
                .hasMessage("A B-T signature needs a time-stamping authority.");
        assertThat(user.prompts).isEmpty();
    }

    private static DocumentValidation validation(DSSPrivateKeyEntry key) {
        List<X509Certificate> chain = Arrays.stream(key.getCertificateChain()).map(c -> c.getCertificate()).toList();
        return new DocumentValidation().trust(chain.get(chain.size() - 1));
    }
}
