package io.github.eid4j.jca;

/**
 * No card can be reached: no card in the reader, no reader, or no PC/SC service. The message
 * says which; an application typically asks the user to insert the card.
 */
public class NoCardException extends Eid4jException {
    private static final long serialVersionUID = 1L;

    public NoCardException(String message, Throwable cause) {
        super(message, cause);
    }
}
