package io.github.eid4j.apdu.emulator;

import java.io.IOException;

/** A virtual card's folder that cannot be created, locked or read; the message names the file. */
public class CardFolderException extends IOException {
    private static final long serialVersionUID = 1L;

    public CardFolderException(String message) {
        super(message);
    }

    public CardFolderException(String message, Throwable cause) {
        super(message, cause);
    }
}
