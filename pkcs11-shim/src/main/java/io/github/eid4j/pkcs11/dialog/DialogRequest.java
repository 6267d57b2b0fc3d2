package io.github.eid4j.pkcs11.dialog;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the module asks its dialog process to show: one request, sent to the dialog's standard
 * input as "key=value" lines ended by an empty line. It carries only words and numbers the user
 * may see; the PIN travels the other way ({@link DialogAnswer}). This class is shared by both
 * processes and touches no GUI toolkit, so the module (in the host's process) can use it.
 *
 * @param kind what the window is for
 * @param card the card as the user knows it, e.g. "FINEID v4.0"
 * @param holder the card holder's name, or ""
 * @param prompt which value and the tries left, in the token model's words ("PIN1 (authentication), 5 tries left")
 * @param rules the value's rules in words ("4 to 8 digits"), or ""
 * @param minLength shortest value the OK button takes
 * @param maxLength longest value the field takes
 * @param message what went wrong the last time, in the CLI's words, or ""
 * @param seconds how long the window stays before it gives up
 */
public record DialogRequest(Kind kind, String card, String holder, String prompt, String rules, int minLength, int maxLength,
        String message, int seconds) {

    /** What the window is for. */
    public enum Kind {
        /** A PIN (or PUK) typed into the window. */
        PIN,
        /** The card access number printed on the card. */
        CAN,
        /** A PIN typed on the reader's own keypad: the window only says so. */
        PINPAD,
        /** A sentence to read (a blocked PIN and what to do), with a Close button. */
        NOTICE
    }

    /** The same request with another message and time left. */
    public DialogRequest with(String newMessage, int secondsLeft) {
        return new DialogRequest(kind, card, holder, prompt, rules, minLength, maxLength, newMessage, secondsLeft);
    }

    /** The request as the dialog reads it. */
    public byte[] encode() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("kind", kind.name());
        fields.put("card", card);
        fields.put("holder", holder);
        fields.put("prompt", prompt);
        fields.put("rules", rules);
        fields.put("min", Integer.toString(minLength));
        fields.put("max", Integer.toString(maxLength));
        fields.put("message", message);
        fields.put("seconds", Integer.toString(seconds));
        StringBuilder out = new StringBuilder();
        fields.forEach((k, v) -> out.append(k).append('=').append(oneLine(v)).append('\n'));
        return out.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String oneLine(String value) {
        return value == null ? "" : value.replace('\n', ' ').replace('\r', ' ');
    }

    /**
     * The next request from the module, or null at the end of the input (the module is done).
     *
     * @throws IOException if the input is not a request
     */
    public static DialogRequest read(InputStream in) throws IOException {
        Map<String, String> fields = new LinkedHashMap<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b != '\n') {
                line.write(b);
                continue;
            }
            String text = line.toString(StandardCharsets.UTF_8);
            line.reset();
            if (text.isEmpty()) {
                return of(fields);
            }
            int eq = text.indexOf('=');
            if (eq < 0) {
                throw new IOException("not a dialog request line: " + text);
            }
            fields.put(text.substring(0, eq), text.substring(eq + 1));
        }
        return null;
    }

    private static DialogRequest of(Map<String, String> f) throws IOException {
        try {
            return new DialogRequest(Kind.valueOf(f.get("kind")), f.getOrDefault("card", ""), f.getOrDefault("holder", ""),
                    f.getOrDefault("prompt", ""), f.getOrDefault("rules", ""), Integer.parseInt(f.get("min")),
                    Integer.parseInt(f.get("max")), f.getOrDefault("message", ""), Integer.parseInt(f.get("seconds")));
        } catch (RuntimeException e) {
            throw new IOException("not a dialog request: " + f.keySet(), e);
        }
    }
}
