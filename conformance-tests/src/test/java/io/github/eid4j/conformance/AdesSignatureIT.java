package io.github.eid4j.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.eid4j.cli.Eid;
import io.github.eid4j.documents.Pdfs;
import io.github.eid4j.documents.TestTimeStampAuthority;
import io.github.eid4j.testing.ProgramRun;
import java.io.RandomAccessFile;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * AdES signatures made with `eid sign --format` on a virtual FINEID v4 card, as a user types the
 * commands, checked by programs nobody here wrote: pdfsig (poppler) for PAdES, xmlsec1 for XAdES,
 * openssl cms for CAdES; and by `eid verify`, which must name the signer and see a changed document.
 */
class AdesSignatureIT {
    private static final String PIN2 = "123456\n";

    @TempDir
    Path home;
    private Path root;
    /** The port of this home's test PKI (its OCSP responder and CRLs), free, so that no other test's answers it. */
    private String pkiPort;

    @BeforeEach
    void createCard() throws Exception {
        try (ServerSocket free = new ServerSocket(0)) {
            pkiPort = String.valueOf(free.getLocalPort());
        }
        eid("virtual", "create", "--profile", "fineid-v4", "--activated", "maija").run().ok();
        eid("certs", "--virtual", "maija", "--export", home.resolve("certs").toString()).run().ok();
        root = home.resolve("certs/ca-2.pem");
        assertThat(Files.readString(home.resolve("certs/ca-1.pem"))).isNotEqualTo(Files.readString(root));
    }

    @Test
    void pdfsigFindsThePadesSignatureValidAndSeesAChange() throws Exception {
        Path pdf = Pdfs.onePage(home.resolve("contract.pdf"), "Sopimus: osapuolet sopivat seuraavasta.");
        ProgramRun.Result signed = eidWithPin("sign", "--virtual", "maija", "--format", "pades", pdf.toString()).ok();
        Path signedPdf = home.resolve("contract-signed.pdf");
        assertThat(signed.out()).contains("Signed " + pdf + " as Maija Meikäläinen (PAdES B-B); the signature is in " + signedPdf + ".");

        ProgramRun.Result pdfsig = ProgramRun.of("pdfsig", "-nocert", signedPdf.toString()).run().ok();
        assertThat(pdfsig.out()).contains("Signer Certificate Common Name: Meikäläinen Maija").contains("Signature is Valid.")
                .contains("Total document signed").contains("ETSI.CAdES.detached");
        ProgramRun.Result verified = eid("verify", signedPdf.toString(), "--trust", root.toString()).run();
        assertThat(verified.out()).contains("Format: PAdES-BASELINE-B")
                .contains("Signed by: Maija Meikäläinen (CN=Meikäläinen Maija ")
                .contains("Signing time: ").contains("as the signer's computer claims.");

        Path changed = changeOneByteOfThePage(signedPdf);
        assertThat(ProgramRun.of("pdfsig", "-nocert", changed.toString()).run().all()).contains("Digest Mismatch");
        ProgramRun.Result refused = eid("verify", changed.toString(), "--trust", root.toString()).run();
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.out()).startsWith("The signature is not valid (TOTAL_FAILED, HASH_FAILURE): the document was changed after it was signed");
    }

    @Test
    void aBtPadesSignatureCarriesTheAuthoritysTimeStamp() throws Exception {
        Path pdf = Pdfs.onePage(home.resolve("contract.pdf"), "Sopimus");
        try (TestTimeStampAuthority tsa = TestTimeStampAuthority.start()) {
            Path tsaPem = Files.writeString(home.resolve("tsa.pem"), tsa.certificatePem());
            eidWithPin("sign", "--virtual", "maija", "--format", "pades", "--level", "B-T", "--tsa", tsa.uri().toString(), pdf.toString()).ok();
            Path signedPdf = home.resolve("contract-signed.pdf");
            assertThat(ProgramRun.of("pdfsig", "-nocert", signedPdf.toString()).run().ok().out()).contains("Signature is Valid.");
            ProgramRun.Result verified = eid("verify", signedPdf.toString(), "--trust", root.toString(), "--trust", tsaPem.toString()).run();
            assertThat(verified.out()).contains("Format: PAdES-BASELINE-T").contains("from a time-stamping authority: the signature existed then.");
        }
        ProgramRun.Result noTsa = eidWithPin("sign", "--virtual", "maija", "--format", "pades", "--level", "B-T", pdf.toString());
        assertThat(noTsa.exit()).isEqualTo(1);
        assertThat(noTsa.all()).contains("eid: A B-T signature needs a time-stamp: give the time-stamping authority's address with --tsa <url>.")
                .doesNotContain("PIN2 (signature)");
    }

    @Test
    void aBltSignatureCarriesTheIssuersOcspAnswerAndIsValidOffline() throws Exception {
        Path pdf = Pdfs.onePage(home.resolve("contract.pdf"), "Sopimus");
        Path issuingCa = home.resolve("certs/ca-1.pem");
        try (TestTimeStampAuthority tsa = TestTimeStampAuthority.start()) {
            Path tsaPem = Files.writeString(home.resolve("tsa.pem"), tsa.certificatePem());
            eidWithPin("sign", "--virtual", "maija", "--format", "pades", "--level", "B-LT", "--tsa", tsa.uri().toString(), pdf.toString(),
                    "-o", home.resolve("lt.pdf").toString()).ok();
            eidWithPin("sign", "--virtual", "maija", "--format", "pades", pdf.toString(), "-o", home.resolve("b.pdf").toString()).ok();

            assertThat(ProgramRun.of("pdfsig", "-nocert", home.resolve("lt.pdf").toString()).run().ok().out()).contains("Signature is Valid.");
            ProgramRun.Result lt = eid("verify", "--offline", home.resolve("lt.pdf").toString(), "--trust", issuingCa.toString(),
                    "--trust", tsaPem.toString()).run();
            assertThat(lt.exit()).as(lt.all()).isZero();
            assertThat(lt.out()).startsWith("The signature is valid (TOTAL_PASSED).\nFormat: PAdES-BASELINE-LT\n");
            assertThat(eid("verify", "--offline", home.resolve("b.pdf").toString(), "--trust", issuingCa.toString()).run().out())
                    .as("without the OCSP answer in the signature, offline, nothing settles it")
                    .startsWith("The signature could not be confirmed (INDETERMINATE, CERTIFICATE_CHAIN_GENERAL_FAILURE)");
            assertThat(eid("verify", home.resolve("b.pdf").toString(), "--trust", issuingCa.toString()).run().ok().out())
                    .as("online, eid verify asks the issuer's OCSP responder").startsWith("The signature is valid (TOTAL_PASSED).");

            eid("virtual", "pki", "suspend", "maija", "signature").run().ok();
            ProgramRun.Result suspended = eidWithPin("sign", "--virtual", "maija", "--format", "pades", "--level", "B-LT", "--tsa",
                    tsa.uri().toString(), pdf.toString(), "-o", home.resolve("suspended.pdf").toString());
            assertThat(suspended.exit()).isEqualTo(1);
            assertThat(suspended.out()).contains("eid: The signing certificate is suspended or revoked, its issuer says;");
            assertThat(home.resolve("suspended.pdf")).doesNotExist();
            assertThat(eid("verify", home.resolve("b.pdf").toString(), "--trust", issuingCa.toString()).run().out())
                    .startsWith("The signature could not be confirmed (INDETERMINATE, TRY_LATER): the signing certificate is suspended");
            eid("virtual", "pki", "reactivate", "maija", "signature").run().ok();
            assertThat(eid("verify", home.resolve("b.pdf").toString(), "--trust", issuingCa.toString()).run().ok().out())
                    .startsWith("The signature is valid (TOTAL_PASSED).");
        }
    }

    @Test
    void opensslVerifiesTheDetachedCadesSignature() throws Exception {
        Path document = Files.writeString(home.resolve("words.txt"), "Allekirjoitettu teksti\n".repeat(1000));
        eidWithPin("sign", "--virtual", "maija", "--format", "cades", document.toString()).ok();
        Path p7s = home.resolve("words.txt.p7s");
        assertThat(openSslVerify(p7s, document).ok().all()).contains("Verification successful");
        assertThat(eid("verify", p7s.toString(), "--detached", document.toString(), "--trust", root.toString()).run().out())
                .contains("Format: CAdES-BASELINE-B").contains("Signed by: Maija Meikäläinen");

        Files.writeString(document, "Toinen teksti\n");
        assertThat(openSslVerify(p7s, document).exit()).as("a changed document does not verify").isNotZero();
        assertThat(eid("verify", p7s.toString(), "--detached", document.toString(), "--trust", root.toString()).run().out())
                .contains("(TOTAL_FAILED, HASH_FAILURE)");
    }

    @Test
    void xmlsec1VerifiesTheXadesSignature() throws Exception {
        Path document = Files.writeString(home.resolve("words.txt"), "Allekirjoitettu teksti\n");
        eidWithPin("sign", "--virtual", "maija", "--format", "xades", document.toString()).ok();
        Path xml = home.resolve("words.txt.xml");
        assertThat(xmlsec1(xml).ok().all()).contains("OK").contains("SignedInfo References (ok/all): 2/2");
        assertThat(eid("verify", xml.toString(), "--trust", root.toString()).run().out()).contains("Format: XAdES-BASELINE-B");

        String signedText = Base64.getEncoder().encodeToString("Allekirjoitettu teksti\n".getBytes(StandardCharsets.UTF_8));
        assertThat(Files.readString(xml)).as("XAdES enveloping holds the document").contains(signedText);
        Files.writeString(xml, Files.readString(xml).replace(signedText,
                Base64.getEncoder().encodeToString("Allekirjoitettu toisin\n".getBytes(StandardCharsets.UTF_8))));
        assertThat(xmlsec1(xml).exit()).as("a changed XAdES file does not verify").isNotZero();
        assertThat(eid("verify", xml.toString(), "--trust", root.toString()).run().out()).contains("(TOTAL_FAILED, HASH_FAILURE)");
    }

    @Test
    void eidVerifiesTheJadesSignature() throws Exception {
        Path document = Files.writeString(home.resolve("words.txt"), "Allekirjoitettu teksti\n");
        ProgramRun.Result wrongPin = eid("sign", "--virtual", "maija", "--format", "jades", document.toString()).input("000000\n").merged().run();
        assertThat(wrongPin.exit()).isEqualTo(1);
        assertThat(wrongPin.out()).as("the card's sentence, not DSS's wrapping of it")
                .contains("\neid: Wrong PIN2: 4 tries left before it is blocked.\n").doesNotContain("Unable to sign");
        assertThat(home.resolve("words.txt.jws")).doesNotExist();
        eidWithPin("sign", "--virtual", "maija", "--format", "jades", document.toString()).ok();
        ProgramRun.Result verified = eid("verify", home.resolve("words.txt.jws").toString(), "--trust", root.toString()).run();
        assertThat(verified.out()).contains("Format: JAdES-BASELINE-B").contains("Signed by: Maija Meikäläinen");
    }

    private ProgramRun eid(String... args) {
        return ProgramRun.of(JavaMain.command(Eid.class, args)).with(Map.of("EID4J_HOME", home.toString(), "EID4J_PKI_PORT", pkiPort));
    }

    private ProgramRun.Result eidWithPin(String... args) throws Exception {
        return eid(args).input(PIN2).merged().run();
    }

    private ProgramRun.Result openSslVerify(Path p7s, Path document) throws Exception {
        return ProgramRun.of(List.of("openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", p7s.toString(),
                "-content", document.toString(), "-CAfile", root.toString(), "-purpose", "any", "-out", "/dev/null")).run();
    }

    private ProgramRun.Result xmlsec1(Path xml) throws Exception {
        return ProgramRun.of("xmlsec1", "--verify", "--trusted-pem", root.toString(), "--untrusted-pem",
                home.resolve("certs/ca-1.pem").toString(), "--id-attr:Id", "http://uri.etsi.org/01903/v1.3.2#:SignedProperties",
                xml.toString()).run();
    }

    /** A copy of the signed PDF with one byte of its binary-marker comment changed: a byte the signature covers, and still a PDF. */
    private Path changeOneByteOfThePage(Path signedPdf) throws Exception {
        Path changed = Files.copy(signedPdf, home.resolve("changed.pdf"));
        byte[] bytes = Files.readAllBytes(changed);
        int at = new String(bytes, StandardCharsets.ISO_8859_1).indexOf("\n%") + 2;
        assertThat(bytes[at] & 0xff).as("the PDF's second line is the comment of bytes above 127").isGreaterThan(127);
        try (RandomAccessFile file = new RandomAccessFile(changed.toFile(), "rw")) {
            file.seek(at);
            file.write(bytes[at] ^ 0x01);
        }
        return changed;
    }
}
