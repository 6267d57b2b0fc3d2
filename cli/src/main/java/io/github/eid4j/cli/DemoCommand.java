package io.github.eid4j.cli;

import io.github.eid4j.apdu.CommandApdu;
import io.github.eid4j.apdu.ResponseApdu;
import io.github.eid4j.apdu.StatusWord;
import io.github.eid4j.apdu.emulator.IsoTestProfile;
import io.github.eid4j.apdu.emulator.NonVolatileMemory;
import io.github.eid4j.apdu.emulator.Personalisation;
import io.github.eid4j.apdu.emulator.VirtualCard;
import io.github.eid4j.apdu.pcsc.PcscException;
import io.github.eid4j.apdu.pcsc.PcscReader;
import io.github.eid4j.apdu.pcsc.PcscReaders;
import io.github.eid4j.apdu.transport.CardTransport;
import io.github.eid4j.apdu.transport.InProcessTransport;
import io.github.eid4j.apdu.transport.TransportException;
import io.github.eid4j.apdu.transport.Transports;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code eid demo}: the main job, on a card that needs no hardware. Until the FINEID profile and
 * the JCA provider exist it shows the card layer: an in-memory test card, its certificate, the
 * PIN with its retry counter, and a signature checked with the certificate's key.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Show eid4j at work on a virtual card in memory, and list the PC/SC readers. Needs no root and no pcscd.")
final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        out.println("1. A new virtual test card (profile iso-test), in memory: one application, a PIN, a PUK, an EC P-256 key and its certificate.");
        Personalisation p = new IsoTestProfile().personalise(true, new SecureRandom());
        p.wipe();
        VirtualCard card = new VirtualCard(p.image(), NonVolatileMemory.NONE);
        try (CardTransport t = Transports.standard(new InProcessTransport(card))) {
            expectOk(t.transmit(new CommandApdu(0x00, 0xA4, 0x04, 0x0C, IsoTestProfile.AID)), "select the application");
            out.println("2. Selected the application and read its certificate:");
            X509Certificate cert = readCertificate(t);
            out.println("     subject " + cert.getSubjectX500Principal().getName());
            out.println("     valid until " + cert.getNotAfter().toInstant());

            char[] wrong = {'9', '9', '9', '9'};
            ResponseApdu r = t.transmit(new CommandApdu(0x00, 0x20, 0x00, IsoTestProfile.PIN, pinBlock(wrong)));
            out.println("3. Tried a wrong PIN: the card says " + r.statusWord().meaning() + ".");
            char[] pin = IsoTestProfile.TEST_PIN.toCharArray();
            expectOk(t.transmit(new CommandApdu(0x00, 0x20, 0x00, IsoTestProfile.PIN, pinBlock(pin))), "verify the PIN");
            // Once verified, an empty VERIFY only says "verified"; log out to read the counter again.
            t.transmit(new CommandApdu(0x00, 0x20, 0xFF, IsoTestProfile.PIN));
            out.println("   The right PIN (the test card's " + IsoTestProfile.TEST_PIN + ") was accepted and restored the counter: "
                    + t.transmit(new CommandApdu(0x00, 0x20, 0x00, IsoTestProfile.PIN)).statusWord().triesLeft().orElse(-1) + " tries left.");
            expectOk(t.transmit(new CommandApdu(0x00, 0x20, 0x00, IsoTestProfile.PIN, pinBlock(IsoTestProfile.TEST_PIN.toCharArray()))),
                    "verify the PIN");
            byte[] document = "Hello from eid4j".getBytes(StandardCharsets.UTF_8);
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(document);
            expectOk(t.transmit(new CommandApdu(0x00, 0x22, 0x41, 0xB6, new byte[] {(byte) 0x80, 1, 0x44, (byte) 0x84, 1, IsoTestProfile.KEY})),
                    "prepare the signature");
            byte[] hashTlv = new byte[2 + digest.length];
            hashTlv[0] = (byte) 0x90;
            hashTlv[1] = (byte) digest.length;
            System.arraycopy(digest, 0, hashTlv, 2, digest.length);
            expectOk(t.transmit(new CommandApdu(0x00, 0x2A, 0x90, 0xA0, hashTlv)), "send the hash");
            ResponseApdu signature = t.transmit(new CommandApdu(0x00, 0x2A, 0x9E, 0x9A, 256));
            expectOk(signature, "sign");
            Signature verifier = Signature.getInstance("SHA256withECDSAinP1363Format");
            verifier.initVerify(cert.getPublicKey());
            verifier.update(document);
            out.println("4. Signed \"Hello from eid4j\" on the card (ECDSA P-256, SHA-256): the signature "
                    + (verifier.verify(signature.data()) ? "verifies" : "DOES NOT verify") + " with the certificate's public key.");
        }
        out.println("5. Card readers seen through PC/SC:");
        try {
            List<PcscReader> readers = PcscReaders.list();
            if (readers.isEmpty()) {
                out.println("     none connected.");
            }
            readers.forEach(reader -> out.println("     " + ReadersCommand.describe(reader)));
        } catch (PcscException e) {
            out.println("     " + e.getMessage());
        }
        return 0;
    }

    private static X509Certificate readCertificate(CardTransport t) throws Exception {
        expectOk(t.transmit(new CommandApdu(0x00, 0xA4, 0x02, 0x0C, new byte[] {0x43, 0x01})), "select the certificate");
        ByteArrayOutputStream der = new ByteArrayOutputStream();
        while (true) {
            int offset = der.size();
            ResponseApdu r = t.transmit(new CommandApdu(0x00, 0xB0, offset >> 8, offset & 0xFF, 256));
            if (r.sw() == 0x6B00 || r.dataLength() == 0) {
                break;
            }
            if (!r.isSuccess() && r.sw() != 0x6282) {
                throw new TransportException("The card refused to read its certificate: " + r.statusWord().meaning() + ".");
            }
            der.write(r.data());
            if (r.sw() == 0x6282 || r.dataLength() < 256) {
                break;
            }
        }
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der.toByteArray()));
    }

    private static byte[] pinBlock(char[] digits) {
        byte[] block = new byte[8];
        java.util.Arrays.fill(block, (byte) 0xFF);
        for (int i = 0; i < digits.length; i++) {
            block[i] = (byte) digits[i];
        }
        java.util.Arrays.fill(digits, '\0');
        return block;
    }

    private static void expectOk(ResponseApdu r, String step) throws TransportException {
        if (!r.isSuccess()) {
            StatusWord sw = r.statusWord();
            throw new TransportException("The card could not " + step + ": " + sw.meaning() + ".");
        }
    }
}
