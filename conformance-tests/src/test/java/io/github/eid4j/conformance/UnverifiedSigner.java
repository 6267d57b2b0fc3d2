package io.github.eid4j.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.eid4j.apdu.Hex;
import io.github.eid4j.testing.ProgramRun;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The program an attacker would run after ours: it never knew a PIN, selects nothing (so the
 * card's current application and security status stay as our program left them) and asks the
 * card for a signature with plain MSE SET, PSO HASH and PSO COMPUTE DIGITAL SIGNATURE. It is
 * scriptor (pcsc-tools), which sends APDUs as given and leaves the card as it is when it ends.
 */
public final class UnverifiedSigner {
    /** scriptor ends each answer, whose data may take several lines, with "SW1 SW2 : meaning". */
    private static final Pattern STATUS = Pattern.compile("([0-9A-F]{2}) ([0-9A-F]{2}) : ");

    private UnverifiedSigner() {
    }

    /**
     * Tries to sign a 48-byte hash with the key; returns the status word of PSO COMPUTE DIGITAL
     * SIGNATURE (0x9000 or 0x61xx: the card signed for a program that gave no PIN).
     *
     * @param algorithm the algorithm byte of the card's MSE (tag 80)
     */
    public static int trySign(String reader, int algorithm, int keyReference) throws IOException, InterruptedException {
        byte[] hash = new byte[48];
        for (int i = 0; i < hash.length; i++) {
            hash[i] = (byte) (i + 1);
        }
        List<String> apdus = List.of(
                String.format("00 22 41 B6 06 80 01 %02X 84 01 %02X", algorithm, keyReference),
                "00 2A 90 A0 32 90 30 " + Hex.spaced(hash),
                "00 2A 9E 9A 00");
        List<Integer> statusWords = send(reader, apdus);
        assertThat(statusWords).as("scriptor's answers to MSE, PSO HASH, PSO CDS").hasSize(3);
        return statusWords.get(2);
    }

    /** Whether the card signed for that program. */
    public static boolean signs(String reader, int algorithm, int keyReference) throws IOException, InterruptedException {
        int sw = trySign(reader, algorithm, keyReference);
        return sw == 0x9000 || (sw >> 8) == 0x61;
    }

    private static List<Integer> send(String reader, List<String> apdus) throws IOException, InterruptedException {
        String out = ProgramRun.of("scriptor", "-r", reader).input(String.join("\n", apdus) + "\n").within(Duration.ofSeconds(30))
                .run().all();
        List<Integer> statusWords = new ArrayList<>();
        Matcher m = STATUS.matcher(out);
        while (m.find()) {
            statusWords.add(Integer.parseInt(m.group(1) + m.group(2), 16));
        }
        return statusWords;
    }
}
