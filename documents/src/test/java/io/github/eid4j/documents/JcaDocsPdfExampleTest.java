package io.github.eid4j.documents;

import static org.assertj.core.api.Assertions.assertThat;

import eu.europa.esig.dss.enumerations.DigestAlgorithm;
import eu.europa.esig.dss.enumerations.SignatureLevel;
import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.FileDocument;
import eu.europa.esig.dss.model.SignatureValue;
import eu.europa.esig.dss.model.ToBeSigned;
import eu.europa.esig.dss.pades.PAdESSignatureParameters;
import eu.europa.esig.dss.pades.signature.PAdESService;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import eu.europa.esig.dss.token.DSSPrivateKeyEntry;
import io.github.eid4j.card.KeyPurpose;
import io.github.eid4j.jca.Eid4jProvider;
import io.github.eid4j.jca.ScriptedHandler;
import io.github.eid4j.jca.TestCards;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example of docs/jca.md ("Document signatures with EU DSS") runs as written: it signs a PDF
 * with a virtual card through DSS's own token API, and DSS's validator finds the card's signature
 * in it. The example's lines are read from the doc, so the doc cannot drift from what runs here.
 */
class JcaDocsPdfExampleTest {
    @TempDir
    Path folder;

    @Test
    void theTenLinesOfTheDocSignAPdfWithTheCard() throws Exception {
        String card = TestCards.copy(TestCards.V4);
        ScriptedHandler pinDialog = ScriptedHandler.knowingPins();
        Path contract = Pdfs.onePage(folder.resolve("contract.pdf"), "I agree.");
        String signedPdf = folder.resolve("contract-signed.pdf").toString();
        try {
            // docs/jca.md example begins
            Eid4jProvider eid4j = new Eid4jProvider().configure("--virtual=" + card);
            eid4j.setCallbackHandler(pinDialog);
            try (Eid4jSignatureToken token = new Eid4jSignatureToken(eid4j)) {
                DSSPrivateKeyEntry key = token.getKey("signature");
                PAdESSignatureParameters parameters = new PAdESSignatureParameters();
                parameters.setSignatureLevel(SignatureLevel.PAdES_BASELINE_B);
                parameters.setDigestAlgorithm(DigestAlgorithm.SHA384);
                parameters.setSigningCertificate(key.getCertificate());
                parameters.setCertificateChain(key.getCertificateChain());
                PAdESService service = new PAdESService(new CommonCertificateVerifier());
                DSSDocument pdf = new FileDocument(contract.toFile());
                ToBeSigned data = service.getDataToSign(pdf, parameters);
                SignatureValue value = token.sign(data, parameters.getDigestAlgorithm(), key);
                service.signDocument(pdf, parameters, value).save(signedPdf);
            }
            // docs/jca.md example ends
            assertThat(pinDialog.prompts).containsExactly(TestCards.firstPrompt(TestCards.V4, KeyPurpose.SIGNATURE));
            SignatureVerdict verdict = new DocumentValidation().validate(new FileDocument(signedPdf), null);
            assertThat(verdict.format()).isEqualTo("PAdES-BASELINE-B");
            assertThat(verdict.signer().getSubjectX500Principal().getName()).contains("Maija");
        } finally {
            TestCards.delete(card);
        }
        assertThat(exampleInTheDoc()).isEqualTo(exampleHere());
    }

    private static String exampleHere() throws Exception {
        String source = Files.readString(Path.of("src/test/java/io/github/eid4j/documents/JcaDocsPdfExampleTest.java"));
        String begins = "// docs/jca.md example begins\n";
        String between = source.substring(source.indexOf(begins) + begins.length(), source.indexOf("            // docs/jca.md example ends"));
        return Arrays.stream(between.split("\n")).map(l -> l.substring(Math.min(12, l.length()))).reduce("", (a, b) -> a + b + "\n");
    }

    private static String exampleInTheDoc() throws Exception {
        String doc = Files.readString(Path.of("../docs/jca.md"));
        int section = doc.indexOf("## Document signatures with EU DSS");
        int start = doc.indexOf("```java\n", section) + 8;
        return doc.substring(start, doc.indexOf("```\n", start));
    }
}
