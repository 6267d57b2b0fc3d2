package io.github.eid4j.apdu.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.eid4j.apdu.Hex;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** A card that expects an exact sequence of commands and answers each with a scripted response. */
final class ScriptedCard implements CardTransport {
    private final Deque<String[]> script = new ArrayDeque<>();
    final List<String> received = new ArrayList<>();
    boolean closed;

    ScriptedCard expect(String command, String response) {
        script.add(new String[] {Hex.spaced(Hex.decode(command)), Hex.spaced(Hex.decode(response))});
        return this;
    }

    @Override
    public byte[] transmit(byte[] command) {
        String sent = Hex.spaced(command);
        received.add(sent);
        assertThat(script).as("no more commands expected, but got %s", sent).isNotEmpty();
        String[] next = script.removeFirst();
        assertThat(sent).as("command %d", received.size()).isEqualTo(next[0]);
        return Hex.decode(next[1]);
    }

    void assertDone() {
        assertThat(script).as("commands the card still expected").isEmpty();
    }

    @Override
    public void close() {
        closed = true;
    }
}
