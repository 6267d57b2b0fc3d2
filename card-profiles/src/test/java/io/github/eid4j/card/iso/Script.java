package io.github.eid4j.card.iso;

import io.github.eid4j.apdu.transport.ApduRecording;
import io.github.eid4j.apdu.transport.ReplayTransport;
import io.github.eid4j.card.InProcessConnection;

/**
 * A card that answers a script, apdu4j-style: {@code "> command"} and {@code "< answer"} lines in
 * hex, played strictly in order by the apdu layer's {@link ReplayTransport} (a command the script
 * does not expect fails the test and names the command). The ATR is the Luxembourg eID's
 * contactless one (docs/cards.md §2.2), the IAS card the base is designed for; T=1 rules.
 */
final class Script {
    private static final String HEADER = "ATR 3B 8F 80 01 80 31 80 65 B0 85 03 00 EF 12 0F FF 82 90 00 73\nPROTOCOL T=1\n";

    private Script() {
    }

    static ReplayTransport of(String... lines) {
        return new ReplayTransport(ApduRecording.parse(HEADER + String.join("\n", lines) + "\n", "script"));
    }

    /** The script as a card in this process, behind the transport stack of its protocol. */
    static InProcessConnection connection(ReplayTransport script) {
        return new InProcessConnection(script, false, "scripted card");
    }
}
