package io.github.eid4j.apdu.emulator;

import io.github.eid4j.apdu.Hex;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The program {@link CrashSafetyTest} kills: it opens a card folder, says "ready", then sends one
 * VERIFY with a wrong PIN after the other and prints what each answer says, "tries N" (from
 * 63CN) or "blocked" (6983), flushing every line, until the PIN is blocked.
 *
 * <p>Arguments: the card folder, and the VERIFY command in hex.
 */
public final class CrashVictim {
    private CrashVictim() {
    }

    public static void main(String[] args) throws Exception {
        Path folderPath = Path.of(args[0]);
        byte[] verify = Hex.decode(args[1]);
        PrintStream out = System.out;
        try (CardFolder folder = CardFolder.open(folderPath)) {
            VirtualCard card = new VirtualCard(folder.image(), folder);
            out.println("ready");
            out.flush();
            while (true) {
                byte[] answer = card.process(verify.clone());
                int sw = ((answer[answer.length - 2] & 0xFF) << 8) | (answer[answer.length - 1] & 0xFF);
                if ((sw & 0xFFF0) == 0x63C0) {
                    out.println("tries " + (sw & 0x0F));
                    out.flush();
                } else if (sw == 0x6983) {
                    out.println("blocked");
                    out.flush();
                    return;
                } else {
                    out.println("unexpected " + Hex.plain(answer));
                    out.flush();
                    System.exit(3);
                }
            }
        }
    }
}
