package io.github.eid4j.card;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A PIN that arrives as UTF-8 bytes (PKCS#11's CK_UTF8CHAR, a line piped to the command line)
 * turned into the characters a {@link PinCallback} answers with, leaving no copy behind but the
 * result: a String would stay in the heap until the collector reuses its memory.
 */
public final class PinCharacters {
    private PinCharacters() {
    }

    /**
     * The characters of {@code length} UTF-8 bytes at {@code offset}; the caller wipes both the
     * bytes and the result. Bytes that are not UTF-8 become U+FFFD, which no PIN rule accepts.
     */
    public static char[] fromUtf8(byte[] utf8, int offset, int length) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
        CharBuffer chars = CharBuffer.allocate(length);
        try {
            decoder.decode(ByteBuffer.wrap(utf8, offset, length), chars, true);
            decoder.flush(chars);
            return Arrays.copyOf(chars.array(), chars.position());
        } finally {
            Arrays.fill(chars.array(), '\0');
        }
    }
}
