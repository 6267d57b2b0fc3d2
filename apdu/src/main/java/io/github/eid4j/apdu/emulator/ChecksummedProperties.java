package io.github.eid4j.apdu.emulator;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The text format of a card's metadata and state: "key=value" lines a person can read, ending
 * with a SHA-256 of all lines before it. The checksum turns a torn write, a disk error or a hand
 * edit into a clear refusal instead of a card that silently starts over with fresh try counters.
 * (It is not a MAC: whoever can write the folder can also forge it, which is why the folder is
 * private to its owner.)
 */
final class ChecksummedProperties {
    private static final String CHECKSUM_KEY = "sha256";
    private final Map<String, String> values = new LinkedHashMap<>();

    void put(String key, String value) {
        if (key.isEmpty() || key.contains("=") || key.contains("\n") || value.contains("\n")) {
            throw new IllegalArgumentException("A property key or value cannot hold '=' (keys) or line breaks.");
        }
        values.put(key, value);
    }

    Map<String, String> values() {
        return values;
    }

    byte[] encode() {
        StringBuilder body = new StringBuilder();
        values.forEach((k, v) -> body.append(k).append('=').append(v).append('\n'));
        String text = body.toString();
        return (text + CHECKSUM_KEY + "=" + sha256(text) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * @throws CardFolderException naming the file if a line is malformed, a key repeats, or the
     *     checksum is missing or does not match
     */
    static ChecksummedProperties decode(Path file, byte[] bytes) throws CardFolderException {
        String text = new String(bytes, StandardCharsets.UTF_8);
        int last = text.lastIndexOf(CHECKSUM_KEY + "=");
        if (last < 0 || (last > 0 && text.charAt(last - 1) != '\n') || !text.endsWith("\n")) {
            throw new CardFolderException(file + " is incomplete or corrupt (it has no checksum line); the card was not loaded.");
        }
        String body = text.substring(0, last);
        String stored = text.substring(last + CHECKSUM_KEY.length() + 1, text.length() - 1);
        if (!MessageDigest.isEqual(stored.getBytes(StandardCharsets.US_ASCII), sha256(body).getBytes(StandardCharsets.US_ASCII))) {
            throw new CardFolderException(file + " is corrupt or was edited (its checksum does not match); the card was not loaded.");
        }
        ChecksummedProperties p = new ChecksummedProperties();
        int lineNumber = 0;
        for (String line : body.split("\n", -1)) {
            lineNumber++;
            if (line.isEmpty()) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new CardFolderException(file + " line " + lineNumber + " is not 'key=value'; the card was not loaded.");
            }
            if (p.values.put(line.substring(0, eq), line.substring(eq + 1)) != null) {
                throw new CardFolderException(file + " line " + lineNumber + " repeats the key '" + line.substring(0, eq) + "'.");
            }
        }
        return p;
    }

    static String sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime.", e);
        }
    }
}
