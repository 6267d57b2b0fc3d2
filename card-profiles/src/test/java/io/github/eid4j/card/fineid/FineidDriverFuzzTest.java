package io.github.eid4j.card.fineid;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.eid4j.apdu.HashAlgorithm;
import io.github.eid4j.apdu.emulator.NonVolatileMemory;
import io.github.eid4j.apdu.emulator.Personalisation;
import io.github.eid4j.apdu.emulator.VirtualCard;
import io.github.eid4j.apdu.transport.Icc;
import io.github.eid4j.card.EidCard;
import io.github.eid4j.card.EidCards;
import io.github.eid4j.card.EidException;
import io.github.eid4j.card.InProcessConnection;
import io.github.eid4j.card.KeyEntry;
import io.github.eid4j.card.PinCallback;
import io.github.eid4j.card.PinInfo;
import io.github.eid4j.card.PinRequest;
import io.github.eid4j.card.SignatureScheme;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * The host fuzzed by the card: the FINEID driver opens a card and uses it (PIN status, every
 * signature scheme of every key, decryption, ECDH, verification, PIN change and unblock,
 * activation, logout) while the card says what the fuzzer chooses. Whatever it says, each
 * operation returns or ends in an {@link EidException}, the one-sentence error every front end
 * shows; any other exception is a finding. Nothing can hang: the card's answers are bounded by
 * the input, and once it is used up the card answers as the genuine one would.
 *
 * <p>Behind the fuzzer stands a genuine virtual FINEID card (v3 or v4, activated, test PINs),
 * so that the driver gets far: to the PKCS#15 files, the certificates and the keys. The card
 * never sees a PIN change or unblock, so it is the same for every input.
 */
class FineidDriverFuzzTest {
    private static final FineidVirtualCard[] PROFILES = {new FineidVirtualCard.V3(), new FineidVirtualCard.V4()};
    private static final Genuine[] GENUINE = new Genuine[PROFILES.length];

    /** A personalised card of one generation and the files its driver reads, by the path it selects them with. */
    private record Genuine(Personalisation card, List<byte[]> files) {
    }

    /**
     * Each answer of the card may be altered: passed as it is, its status word replaced, its
     * data replaced, one byte changed, cut short, replaced whole (also by fewer than two bytes),
     * or the card falls silent.
     */
    @FuzzTest
    void answersFromCard(FuzzedDataProvider data) {
        Genuine genuine = genuine(data.consumeInt(0, PROFILES.length - 1));
        VirtualCard card = new VirtualCard(genuine.card().image(), NonVolatileMemory.NONE);
        use(new Icc() {
            @Override
            public byte[] atr() {
                return card.atr();
            }

            @Override
            public byte[] process(byte[] command) {
                return alter(genuineAnswer(card, command), data);
            }
        });
    }

    /**
     * One file the driver reads (EF.TokenInfo, EF.OD, PrKDF, CDF, AODF, a certificate...) holds
     * the fuzzer's bytes: the card describes it with a consistent FCP and reads it out in
     * chunks, and answers everything else as the genuine card. An input is one byte for the
     * generation, one for the file (in the order the driver first selects them), then the content.
     */
    @FuzzTest
    void fileOnCard(byte[] input) {
        if (input.length < 2) {
            return;
        }
        Genuine genuine = genuine((input[0] & 0xFF) % PROFILES.length);
        byte[] path = genuine.files().get((input[1] & 0xFF) % genuine.files().size());
        byte[] content = Arrays.copyOfRange(input, 2, input.length);
        VirtualCard card = new VirtualCard(genuine.card().image(), NonVolatileMemory.NONE);
        use(new FileReplacingCard(card, path, content));
    }

    /** Opens the card through the driver (T=0, as FINEID is) and uses every operation; only EidException may come out. */
    private static void use(Icc icc) {
        EidCard card;
        try {
            card = EidCards.open(new InProcessConnection(icc, true, "fuzzed card", () -> { }));
        } catch (EidException clearError) {
            return;
        }
        try (card) {
            card.identity().toString();
            for (PinInfo pin : card.pins()) {
                attempt(() -> card.status(pin).describe());
            }
            attempt(card::needsActivation);
            byte[] digest = new byte[HashAlgorithm.SHA256.digestLength()];
            for (KeyEntry key : card.keys()) {
                key.toString();
                for (SignatureScheme scheme : key.schemes()) {
                    attempt(() -> card.sign(key, scheme, HashAlgorithm.SHA256, digest, PINS));
                }
                if (key.canDecrypt()) {
                    attempt(() -> card.decrypt(key, new byte[key.sizeBits() / 8], PINS));
                }
                if (key.canDerive()) {
                    attempt(() -> card.deriveEcdh(key, uncompressedPoint(key), PINS));
                }
            }
            attempt(() -> card.verify(card.pins().get(0), PINS));
            attempt(() -> card.changePin(card.pins().get(0), PINS));
            attempt(() -> card.unblockPin(card.pins().get(1), PINS));
            attempt(() -> card.activate(PINS));
            attempt(card::logout);
        }
    }

    @FunctionalInterface
    private interface Operation {
        void run() throws EidException;
    }

    private static void attempt(Operation operation) {
        try {
            operation.run();
        } catch (EidException clearError) {
            // what a broken card must end in
        }
    }

    /** The test PINs, as a user who knows them types them. */
    private static final PinCallback PINS = request -> {
        if (request.step() == PinRequest.Step.PUK || request.step() == PinRequest.Step.ACTIVATION_CODE
                || request.pin().reference() == Fineid.PUK) {
            return FineidVirtualCard.TEST_PUK.toCharArray();
        }
        return (request.pin().reference() == Fineid.PIN2 ? FineidVirtualCard.TEST_PIN2 : FineidVirtualCard.TEST_PIN1).toCharArray();
    };

    /** The key's own point, a valid ECDH peer: the content of the BIT STRING of its SubjectPublicKeyInfo. */
    private static byte[] uncompressedPoint(KeyEntry key) {
        return SubjectPublicKeyInfo.getInstance(key.publicKey().getEncoded()).getPublicKeyData().getOctets();
    }

    /** The genuine card's answer; a PIN change or unblock is answered 9000 without reaching it, so that it stays the same. */
    private static byte[] genuineAnswer(VirtualCard card, byte[] command) {
        int ins = command.length > 1 ? command[1] & 0xFF : -1;
        return ins == 0x24 || ins == 0x2C ? new byte[] {(byte) 0x90, 0x00} : card.process(command);
    }

    private static byte[] alter(byte[] answer, FuzzedDataProvider data) {
        int choice = data.consumeInt(0, 15);
        int sw = answer.length - 2;
        switch (choice) {
            case 9: // another status word
                byte[] withSw = answer.clone();
                withSw[sw] = data.consumeByte();
                withSw[sw + 1] = data.consumeByte();
                return withSw;
            case 10: // other data, same status word
                byte[] other = data.consumeBytes(data.consumeInt(0, 600));
                byte[] withData = Arrays.copyOf(other, other.length + 2);
                withData[other.length] = answer[sw];
                withData[other.length + 1] = answer[sw + 1];
                return withData;
            case 11: // one byte changed
                byte[] changed = answer.clone();
                changed[data.consumeInt(0, answer.length - 1)] = data.consumeByte();
                return changed;
            case 12: // cut short, status word kept
                int keep = data.consumeInt(0, sw);
                byte[] cut = Arrays.copyOf(answer, keep + 2);
                cut[keep] = answer[sw];
                cut[keep + 1] = answer[sw + 1];
                return cut;
            case 13: // anything, also fewer than the two status bytes
                return data.consumeBytes(data.consumeInt(0, 300));
            case 14: // silence: the card stops answering
                throw new IllegalStateException("the card is silent");
            default: // mostly the genuine answer, so that the driver gets on
                return answer;
        }
    }

    /**
     * The genuine card, except that one file holds other content, described and read out
     * consistently, under T=0: the SELECT answers 61xx and its FCP comes with GET RESPONSE.
     */
    private static final class FileReplacingCard implements Icc {
        private final VirtualCard card;
        private final byte[] path;
        private final byte[] content;
        private final byte[] fcp;
        private boolean selected;
        private boolean fcpPending;

        FileReplacingCard(VirtualCard card, byte[] path, byte[] content) {
            this.card = card;
            this.path = path;
            this.content = content;
            this.fcp = new byte[] {0x62, 0x04, (byte) 0x81, 0x02, (byte) (content.length >> 8), (byte) content.length, (byte) 0x90, 0x00};
        }

        @Override
        public byte[] atr() {
            return card.atr();
        }

        @Override
        public byte[] process(byte[] command) {
            int ins = command.length > 1 ? command[1] & 0xFF : -1;
            boolean getResponse = ins == 0xC0 && fcpPending;
            fcpPending = false;
            if (getResponse) {
                return fcp.clone();
            }
            if (ins == 0xA4) {
                selected = command.length >= 5 + path.length && (command[2] & 0xFF) == 0x08 && (command[4] & 0xFF) == path.length
                        && Arrays.equals(command, 5, 5 + path.length, path, 0, path.length);
                if (selected) {
                    card.process(command); // the genuine card selects it too, so that the next commands find it
                    fcpPending = true;
                    return new byte[] {0x61, (byte) (fcp.length - 2)};
                }
            } else if (ins == 0xB0 && selected && command.length >= 4) {
                int offset = ((command[2] & 0xFF) << 8) | (command[3] & 0xFF);
                if (offset >= content.length) {
                    return new byte[] {0x6B, 0x00};
                }
                byte[] chunk = Arrays.copyOfRange(content, offset, Math.min(content.length, offset + Fineid.READ_CHUNK));
                byte[] answer = Arrays.copyOf(chunk, chunk.length + 2);
                answer[chunk.length] = (byte) 0x90;
                return answer;
            }
            return genuineAnswer(card, command);
        }
    }

    /** The genuine card of a generation, personalised once per JVM, and the files its driver reads. */
    private static synchronized Genuine genuine(int index) {
        if (GENUINE[index] == null) {
            Personalisation card = PROFILES[index].personalise(true, new SecureRandom());
            List<byte[]> files = new ArrayList<>();
            VirtualCard recorder = new VirtualCard(card.image(), NonVolatileMemory.NONE);
            Icc recording = new Icc() {
                @Override
                public byte[] atr() {
                    return recorder.atr();
                }

                @Override
                public byte[] process(byte[] command) {
                    if (command.length > 5 && (command[1] & 0xFF) == 0xA4 && (command[2] & 0xFF) == 0x08) {
                        byte[] path = Arrays.copyOfRange(command, 5, 5 + (command[4] & 0xFF));
                        if (files.stream().noneMatch(p -> Arrays.equals(p, path))) {
                            files.add(path);
                        }
                    }
                    return recorder.process(command);
                }
            };
            try {
                EidCards.open(new InProcessConnection(recording, true, "genuine card", () -> { })).close();
            } catch (EidException e) {
                throw new IllegalStateException("The genuine virtual card does not open: " + e.getMessage(), e);
            }
            GENUINE[index] = new Genuine(card, List.copyOf(files));
        }
        return GENUINE[index];
    }
}
