package io.github.eid4j.apdu.emulator;

import io.github.eid4j.apdu.StatusWord;

/** Ends a command with an error status word, the way a card OS aborts a command. */
class CardStatusException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient StatusWord statusWord;

    CardStatusException(StatusWord statusWord) {
        super(statusWord.toString(), null, false, false); // control flow: no stack trace needed
        this.statusWord = statusWord;
    }

    CardStatusException(int sw) {
        this(StatusWord.of(sw));
    }

    StatusWord statusWord() {
        return statusWord;
    }
}
